package io.facegate.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Sessions in the database (Spring Session JDBC, tables of {@code V4}) made safe for a browser's requests that
 * overlap: one statement adds or replaces a session attribute, on SQLite and PostgreSQL alike.
 *
 * <p>Spring Session's own insert fails in two cases a browser produces: two requests of one session that each add
 * the same attribute (the CSRF token, made afresh by both after a login cleared it) collide on the attribute table's
 * primary key, and a request still running on a session that a login has meanwhile moved to a new row ({@code
 * web.SessionRotation}) inserts into a deleted session and breaks the foreign key. Either answered HTTP 500. Here
 * the insert becomes an upsert (the later value wins, as Spring Session's {@code
 * PostgreSqlJdbcIndexedSessionRepositoryCustomizer} does for PostgreSQL; SQLite has had the same {@code ON
 * CONFLICT} clause since 3.24) that adds nothing when the session row is gone. {@code DatabaseTestBase} shows
 * both on each database.
 */
@Configuration(proxyBeanMethods = false)
public class SessionStoreConfig {

    /**
     * Spring Session's parameters in its order: the session's primary id, the attribute's name, its bytes.
     * {@code %TABLE_NAME%} is Spring Session's placeholder ({@code SPRING_SESSION}).
     */
    static final String ADD_ATTRIBUTE = """
            INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            SELECT v.SESSION_PRIMARY_ID, v.ATTRIBUTE_NAME, v.ATTRIBUTE_BYTES
            FROM (SELECT ? AS SESSION_PRIMARY_ID, ? AS ATTRIBUTE_NAME, ? AS ATTRIBUTE_BYTES) v
            WHERE EXISTS (SELECT 1 FROM %TABLE_NAME% s WHERE s.PRIMARY_ID = v.SESSION_PRIMARY_ID)
            ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES
            """;

    /** @return the customizer Spring Session applies to its JDBC repository */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeUpsert() {
        return repository -> repository.setCreateSessionAttributeQuery(ADD_ATTRIBUTE);
    }
}
