package io.facegate.config;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates SQLite's primary-key and unique-constraint violations ({@code SQLITE_CONSTRAINT_PRIMARYKEY},
 * {@code SQLITE_CONSTRAINT_UNIQUE}, extended result codes 1555 and 2067 of sqlite-jdbc) into Spring's
 * {@link DuplicateKeyException}; Spring has no error-code table for SQLite and reports them as uncategorized
 * otherwise. Everything else goes to the translator it wraps. ShedLock needs this: it inserts its lock row and
 * treats only a {@link DuplicateKeyException} as "the row exists already, update it instead".
 */
public final class SqliteDuplicateKeyTranslator implements SQLExceptionTranslator {

    private final SQLExceptionTranslator fallback;

    /** @param fallback translator for every other exception (the JdbcTemplate's default) */
    public SqliteDuplicateKeyTranslator(SQLExceptionTranslator fallback) {
        this.fallback = fallback;
    }

    @Override
    public DataAccessException translate(String task, String sql, SQLException ex) {
        if (isDuplicateKey(ex)) {
            return new DuplicateKeyException(task + "; " + ex.getMessage(), ex);
        }
        return fallback.translate(task, sql, ex);
    }

    /**
     * @param ex an exception from sqlite-jdbc (or any driver)
     * @return whether it is SQLite's duplicate primary key or unique value
     */
    static boolean isDuplicateKey(SQLException ex) {
        return ex instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }
}
