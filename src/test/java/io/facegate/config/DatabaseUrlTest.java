package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    private static final String SQLITE_PARAMS = "?busy_timeout=10000&foreign_keys=true&journal_mode=WAL"
            + "&synchronous=NORMAL&transaction_mode=IMMEDIATE";

    @Test
    void herokuStylePostgresUrlBecomesJdbcWithDecodedCredentials() {
        DatabaseSettings s = DatabaseUrl.parse("postgres://fg%40user:p%40ss%3Aw%2Frd@db.example.org:6543/facegate?sslmode=require");
        assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/facegate?sslmode=require");
        assertThat(s.username()).isEqualTo("fg@user");
        assertThat(s.password()).isEqualTo("p@ss:w/rd");
        assertThat(s.sqliteFile()).isNull();
        assertThat(s.toString()).doesNotContain("p@ss");
    }

    @Test
    void postgresqlSchemeDefaultPortAndNoCredentials() {
        DatabaseSettings s = DatabaseUrl.parse("postgresql://localhost/facegate");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/facegate");
        assertThat(s.username()).isNull();
        assertThat(s.password()).isNull();
    }

    @Test
    void plusInPasswordIsKeptAndSqlAlchemyDriverSuffixIsAccepted() {
        DatabaseSettings s = DatabaseUrl.parse("postgresql+psycopg2://u:a+b@[::1]:5433/db");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
        assertThat(s.password()).isEqualTo("a+b");
    }

    @Test
    void jdbcPostgresIsPassedOnUnchanged() {
        String url = "jdbc:postgresql://h:5432/db?user=a&password=b";
        DatabaseSettings s = DatabaseUrl.parse(url);
        assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
        assertThat(s.jdbcUrl()).isEqualTo(url);
    }

    @Test
    void unsetMeansDefaultSqliteFileWithConnectionParameters() {
        Path expected = Path.of("./data/facegate.db").toAbsolutePath().normalize();
        for (String value : new String[] {null, "", "  "}) {
            DatabaseSettings s = DatabaseUrl.parse(value);
            assertThat(s.kind()).isEqualTo(DatabaseSettings.Kind.SQLITE);
            assertThat(s.sqliteFile()).isEqualTo(expected);
            assertThat(s.jdbcUrl()).isEqualTo("jdbc:sqlite:" + expected + SQLITE_PARAMS);
        }
    }

    @Test
    void sqlAlchemyThreeSlashesIsRelativeFourIsAbsolute() {
        assertThat(DatabaseUrl.parse("sqlite:///data/app.db").sqliteFile())
                .isEqualTo(Path.of("data/app.db").toAbsolutePath().normalize());
        DatabaseSettings absolute = DatabaseUrl.parse("sqlite:////var/lib/facegate/app.db");
        assertThat(absolute.sqliteFile()).isEqualTo(Path.of("/var/lib/facegate/app.db"));
        assertThat(absolute.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/facegate/app.db" + SQLITE_PARAMS);
    }

    @Test
    void jdbcSqliteKeepsOwnParametersAndAddsTheMissingOnes() {
        DatabaseSettings s = DatabaseUrl.parse("jdbc:sqlite:/tmp/x.db?busy_timeout=500");
        assertThat(s.sqliteFile()).isEqualTo(Path.of("/tmp/x.db"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db?busy_timeout=500&foreign_keys=true"
                + "&journal_mode=WAL&synchronous=NORMAL&transaction_mode=IMMEDIATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:p@h/db", "garbage", "postgres://", "postgres://host", "postgres://h:99999/db",
            "sqlite://relative.db", "sqlite:///:memory:", "sqlite://", "jdbc:sqlite::memory:", "jdbc:postgresql:db",
            "http://example.org/db"})
    void garbageIsRefusedWithAMessageNamingTheAcceptedForms(String value) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value))
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessageContaining("postgres://user:password@host:5432/database");
    }

    @Test
    void refusalDoesNotRepeatThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:topsecret@h/db"))
                .hasMessageNotContaining("topsecret");
    }
}
