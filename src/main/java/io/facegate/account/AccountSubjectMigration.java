package io.facegate.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway version 14: adds {@code users.subject}, the stable random identifier of each account (see
 * {@link UserAccount#getSubject()}), gives every existing account a random UUID, and makes it unique. Written in
 * Java because SQLite and PostgreSQL share no SQL function for a random value. Registered as a bean by
 * {@link AccountSubjectMigrationConfig}.
 */
public class AccountSubjectMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("14");
    }

    @Override
    public String getDescription() {
        return "account subject";
    }

    @Override
    public Integer getChecksum() {
        return 14;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE users ADD COLUMN subject VARCHAR(36)");
        }
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM users")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE users SET subject = ? WHERE id = ?")) {
            for (Long id : ids) {
                update.setString(1, UUID.randomUUID().toString());
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            // A unique index (SQLite cannot add a UNIQUE column); foreign keys of V15 reference it.
            statement.execute("CREATE UNIQUE INDEX uq_users_subject ON users (subject)");
        }
    }
}
