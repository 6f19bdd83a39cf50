package io.facegate.config;

import java.nio.file.Path;

/**
 * Where the database is, as parsed from {@code DATABASE_URL}.
 *
 * @param kind       which database product
 * @param jdbcUrl    the JDBC URL handed to the driver (for SQLite with the connection parameters added)
 * @param username   user name, or {@code null} when the URL carries none
 * @param password   password, or {@code null} when the URL carries none
 * @param sqliteFile the SQLite database file, or {@code null} for PostgreSQL
 */
public record DatabaseSettings(Kind kind, String jdbcUrl, String username, String password, Path sqliteFile) {

    /** The database products FaceGate runs on. */
    public enum Kind {
        /** A local file; one writer at a time. */
        SQLITE,
        /** A PostgreSQL server. */
        POSTGRESQL
    }

    /** Hides the password, so the settings can be logged. */
    @Override
    public String toString() {
        return "DatabaseSettings[kind=" + kind + ", jdbcUrl=" + jdbcUrl + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", sqliteFile=" + sqliteFile + "]";
    }
}
