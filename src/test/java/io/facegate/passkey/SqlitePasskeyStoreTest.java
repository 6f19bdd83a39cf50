package io.facegate.passkey;

import io.facegate.support.SqliteTestDatabase;
import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PasskeyStoreContract} on a SQLite file in a fresh temporary folder. */
class SqlitePasskeyStoreTest extends PasskeyStoreContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        SqliteTestDatabase.register(registry, "facegate-sqlite-passkeys");
    }
}
