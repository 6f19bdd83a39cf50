package io.facegate.support;

import io.facegate.config.DatabaseSettings;
import io.facegate.config.DatabaseUrl;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server of the test suite, named by {@code FACEGATE_TEST_POSTGRES_URL} (set by {@code .ci/run},
 * which starts a private server). Each Spring context gets its own fresh schema in that database, so contexts
 * and runs never see each other's rows and the migrations run from scratch every time.
 */
public final class PostgresTestDatabase {

    /** The environment variable naming the test database (any form {@code DATABASE_URL} accepts). */
    public static final String ENV = "FACEGATE_TEST_POSTGRES_URL";

    private PostgresTestDatabase() {
    }

    /**
     * Creates an empty schema and returns a {@code DATABASE_URL} whose connections use it.
     *
     * @param prefix start of the schema name (letters and underscores)
     * @return a {@code jdbc:postgresql:} URL with {@code currentSchema} set, user and password included
     * @throws IllegalStateException when {@link #ENV} is unset or the server cannot be reached
     */
    public static String freshSchema(String prefix) {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(ENV + " is not set; the PostgreSQL tests should have been skipped.");
        }
        DatabaseSettings settings = DatabaseUrl.parse(url);
        String schema = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a schema in the test database " + ENV + ": " + e.getMessage(), e);
        }
        String jdbc = settings.jdbcUrl() + (settings.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        if (settings.username() != null) {
            jdbc += "&user=" + enc(settings.username());
        }
        if (settings.password() != null) {
            jdbc += "&password=" + enc(settings.password());
        }
        return jdbc;
    }

    /**
     * Points the application of a test class at a fresh schema and a fresh labels folder.
     *
     * @param registry the test's dynamic properties
     * @param prefix   start of the schema name
     * @throws java.io.IOException if the labels folder cannot be made
     */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry, String prefix)
            throws java.io.IOException {
        java.nio.file.Path labels = java.nio.file.Files.createTempDirectory("facegate-pg-labels");
        String url = freshSchema(prefix);
        registry.add("facegate.database-url", () -> url);
        registry.add("facegate.labels-dir", labels::toString);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
