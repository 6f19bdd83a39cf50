package io.facegate.config;

import io.facegate.support.DatabaseTestBase;
import io.facegate.support.SqliteTestDatabase;
import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DatabaseTestBase} on a SQLite file in a fresh temporary folder. */
class SqliteDatabaseTest extends DatabaseTestBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        SqliteTestDatabase.register(registry, "facegate-sqlite-db-test");
    }

    @Override
    protected DatabaseSettings.Kind expectedKind() {
        return DatabaseSettings.Kind.SQLITE;
    }
}
