package io.facegate.passkey;

import io.facegate.support.PostgresTestDatabase;
import java.io.IOException;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link PasskeyStoreContract} on PostgreSQL, in a fresh schema of the database named by
 * {@code FACEGATE_TEST_POSTGRES_URL} ({@code .ci/run} starts a private server and sets it).
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
        disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run the passkey store on PostgreSQL")
class PostgresPasskeyStoreTest extends PasskeyStoreContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        PostgresTestDatabase.register(registry, "passkeys");
    }
}
