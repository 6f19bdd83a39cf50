package io.facegate.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands {@link AccountSubjectMigration} to Spring Boot's Flyway set-up (it runs Java migrations that are beans). */
@Configuration(proxyBeanMethods = false)
public class AccountSubjectMigrationConfig {

    /** @return Flyway version 14 */
    @Bean
    AccountSubjectMigration accountSubjectMigration() {
        return new AccountSubjectMigration();
    }
}
