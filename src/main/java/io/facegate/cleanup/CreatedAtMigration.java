package io.facegate.cleanup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway {@code V9} (a Java migration, handed to Flyway by Spring Boot as a bean): on SQLite, rewrites every
 * {@code users.created_at} that is not epoch milliseconds into epoch milliseconds ({@link CreatedAt} reads the
 * old forms), then adds triggers that refuse any other form on insert and update from then on. Values it cannot
 * read are left as they are (nothing is lost; the cleanup lists them in its failures) and logged. The table is
 * not rebuilt: inside Flyway's transaction {@code PRAGMA foreign_keys} cannot be turned off, so dropping
 * {@code users} would cascade away its face templates, label images and audit rows.
 * On PostgreSQL it does nothing: a {@code timestamptz} column holds nothing else.
 */
@Component
public class CreatedAtMigration implements JavaMigration {

    /** The triggers (SQLite) that keep {@code users.created_at} in epoch milliseconds. */
    public static final List<String> TRIGGERS = List.of(trigger("insert", "INSERT"),
            trigger("update", "UPDATE OF created_at"));

    private static final Logger log = LoggerFactory.getLogger(CreatedAtMigration.class);

    private static String trigger(String name, String event) {
        return "CREATE TRIGGER users_created_at_" + name + " BEFORE " + event + " ON users"
                + " WHEN typeof(NEW.created_at) <> 'integer' OR NEW.created_at < " + CreatedAt.MILLIS_FROM
                + " BEGIN SELECT RAISE(ABORT, 'users.created_at must be epoch milliseconds (an integer of at least "
                + CreatedAt.MILLIS_FROM + ")'); END";
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9");
    }

    @Override
    public String getDescription() {
        return "users created_at as epoch milliseconds";
    }

    /** @return a fixed checksum: the migration's behaviour never changes once released */
    @Override
    public Integer getChecksum() {
        return 9_000_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("sqlite")) {
            return;
        }
        List<Long> unreadable = new ArrayList<>();
        int rewritten = 0;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT id, created_at FROM users WHERE typeof(created_at) <> "
                     + "'integer' OR created_at < " + CreatedAt.MILLIS_FROM);
             PreparedStatement update = connection.prepareStatement("UPDATE users SET created_at = ? WHERE id = ?")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                Optional<Instant> time = CreatedAt.parse(rows.getObject(2));
                if (time.isEmpty() || !CreatedAt.isCanonical(time.get().toEpochMilli())) {
                    unreadable.add(id);
                    continue;
                }
                update.setLong(1, time.get().toEpochMilli());
                update.setLong(2, id);
                update.executeUpdate();
                rewritten++;
            }
        }
        try (Statement ddl = connection.createStatement()) {
            for (String trigger : TRIGGERS) {
                ddl.execute(trigger);
            }
        }
        if (rewritten > 0) {
            log.info("users.created_at: {} rows rewritten as epoch milliseconds.", rewritten);
        }
        if (!unreadable.isEmpty()) {
            log.warn("users.created_at cannot be read for the accounts {}; they are kept, listed in every cleanup "
                    + "report's failures until fixed (epoch milliseconds) or deleted.", unreadable);
        }
    }
}
