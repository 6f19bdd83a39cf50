package io.facegate.passkey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PasskeyStoreContract} on a SQLite file in a fresh temporary folder. */
class SqlitePasskeyStoreTest extends PasskeyStoreContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("facegate-sqlite-passkeys");
        registry.add("facegate.database-url", () -> "sqlite:///" + root.resolve("facegate.db"));
        registry.add("facegate.labels-dir", () -> root.resolve("labels").toString());
    }
}
