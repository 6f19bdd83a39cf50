package io.facegate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A SQLite database file and a labels folder in a fresh temporary folder, for one test class's application. */
public final class SqliteTestDatabase {

    private SqliteTestDatabase() {
    }

    /**
     * Points the application of a test class at {@code facegate.db} and {@code labels/} in a new temporary folder.
     *
     * @param registry the test's dynamic properties
     * @param prefix   start of the temporary folder's name
     * @throws IOException if the folder cannot be made
     */
    public static void register(DynamicPropertyRegistry registry, String prefix) throws IOException {
        Path root = Files.createTempDirectory(prefix);
        registry.add("facegate.database-url", () -> "sqlite:///" + root.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> root.resolve("labels").toString());
    }
}
