package io.facegate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole application on the suite's PostgreSQL server, driven through MockMvc, with the settable clock.
 * Runs only when {@value PostgresTestDatabase#ENV} is set ({@code .ci/run} sets it); the test class registers
 * the database with {@link PostgresTestDatabase#register}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL to a PostgreSQL database to run this test")
@SpringBootTest
@AutoConfigureMockMvc
@Import(WebTestBase.ClockConfig.class)
@TestPropertySource(properties = {"facegate.task-token=pg-token-7f3a9c2e5b8d1f4a6c0e", "facegate.cleanup.enabled=false",
        "facegate.password.pbkdf2-iterations=1000"})
public @interface PostgresSmoke {
}
