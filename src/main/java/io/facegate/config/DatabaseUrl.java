package io.facegate.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code DATABASE_URL} environment variable into {@link DatabaseSettings}.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code postgres://user:pass@host:5432/db?sslmode=require} and {@code postgresql://…} (the form hosting
 *       platforms give; {@code postgresql+driver://} as SQLAlchemy writes it too). User and password are
 *       URL-decoded; the port defaults to 5432; query parameters are passed on to the driver.</li>
 *   <li>{@code jdbc:postgresql://…}, passed on unchanged.</li>
 *   <li>{@code sqlite:///relative/path.db} and {@code sqlite:////absolute/path.db}: SQLAlchemy's form, where
 *       everything after the third slash is the file path, so a fourth slash makes it absolute.</li>
 *   <li>{@code jdbc:sqlite:path}.</li>
 *   <li>empty or unset: the SQLite file {@link #DEFAULT_SQLITE_FILE}.</li>
 * </ul>
 * For SQLite the connection parameters of {@link #SQLITE_PARAMETERS} are added unless the URL sets them itself.
 * In-memory SQLite is refused: every pooled connection would see its own empty database.
 */
public final class DatabaseUrl {

    /** The database file used when {@code DATABASE_URL} is unset, relative to the working directory. */
    public static final String DEFAULT_SQLITE_FILE = "./data/facegate.db";

    /**
     * SQLite connection parameters: WAL so readers do not block the writer, 10 s busy wait, enforced foreign
     * keys (needed for {@code ON DELETE CASCADE}), and IMMEDIATE transactions, which took "database is locked"
     * errors from hundreds per 1,000 concurrent writes to none (measured, see the project notes).
     */
    public static final Map<String, String> SQLITE_PARAMETERS = Map.of(
            "journal_mode", "WAL",
            "busy_timeout", "10000",
            "foreign_keys", "true",
            "synchronous", "NORMAL",
            "transaction_mode", "IMMEDIATE");

    private static final String FORMS = "Use postgres://user:password@host:5432/database, "
            + "jdbc:postgresql://host:5432/database, sqlite:///relative/path.db, sqlite:////absolute/path.db "
            + "or jdbc:sqlite:path, or leave DATABASE_URL unset for " + DEFAULT_SQLITE_FILE + ".";

    private static final Pattern POSTGRES = Pattern.compile(
            "(?i)^(postgres|postgresql)(\\+[a-z0-9_]+)?://(?:([^:@/]*)(?::([^@/]*))?@)?"
                    + "(\\[[0-9a-fA-F:.]+\\]|[^:/?#\\[\\]@]+)(?::(\\d{1,5}))?/([^?#/]+)(?:\\?([^#]*))?$");

    private DatabaseUrl() {
    }

    /**
     * Parses a {@code DATABASE_URL} value.
     *
     * @param value the variable's value; {@code null} or blank means the default SQLite file
     * @return the settings
     * @throws InvalidDatabaseUrlException when the value is in none of the accepted forms
     */
    public static DatabaseSettings parse(String value) {
        if (value == null || value.isBlank()) {
            return sqlite(DEFAULT_SQLITE_FILE, "");
        }
        String url = value.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            if (!lower.startsWith("jdbc:postgresql://") || url.length() <= "jdbc:postgresql://".length()) {
                throw invalid("DATABASE_URL starts with jdbc:postgresql: but names no host.");
            }
            return new DatabaseSettings(DatabaseSettings.Kind.POSTGRESQL, url, null, null, null);
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            String rest = url.substring("jdbc:sqlite:".length());
            int query = rest.indexOf('?');
            String path = query < 0 ? rest : rest.substring(0, query);
            if (path.startsWith("file:")) {
                path = path.substring("file:".length());
            }
            return sqlite(path, query < 0 ? "" : rest.substring(query + 1));
        }
        if (lower.startsWith("sqlite:")) {
            return sqliteAlchemy(url);
        }
        if (lower.startsWith("postgres")) {
            return postgres(url);
        }
        throw invalid("DATABASE_URL \"" + redact(url) + "\" is not a database URL FaceGate understands.");
    }

    private static DatabaseSettings sqliteAlchemy(String url) {
        if (!url.regionMatches(true, 0, "sqlite:///", 0, "sqlite:///".length())) {
            throw invalid("A SQLite DATABASE_URL needs three slashes before a relative path "
                    + "(sqlite:///data/facegate.db) or four before an absolute one.");
        }
        String rest = url.substring("sqlite:///".length());
        int query = rest.indexOf('?');
        String path = URLDecoder.decode(query < 0 ? rest : rest.substring(0, query), StandardCharsets.UTF_8);
        return sqlite(path, query < 0 ? "" : rest.substring(query + 1));
    }

    private static DatabaseSettings sqlite(String path, String query) {
        if (path.isBlank() || path.equals(":memory:") || path.startsWith(":memory:")
                || path.contains("mode=memory")) {
            throw invalid("DATABASE_URL names an in-memory or empty SQLite database; give a file path.");
        }
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid("DATABASE_URL names the SQLite file \"" + path + "\", which is not a valid path.");
        }
        Map<String, String> params = new LinkedHashMap<>(SQLITE_PARAMETERS.size());
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid("DATABASE_URL has the query part \"" + query + "\"; write it as name=value&name=value.");
            }
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        SQLITE_PARAMETERS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
        StringBuilder jdbc = new StringBuilder("jdbc:sqlite:").append(file);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return new DatabaseSettings(DatabaseSettings.Kind.SQLITE, jdbc.toString(), null, null, file);
    }

    private static DatabaseSettings postgres(String url) {
        Matcher m = POSTGRES.matcher(url);
        if (!m.matches()) {
            throw invalid("DATABASE_URL \"" + redact(url) + "\" is not a PostgreSQL URL of the form "
                    + "postgres://user:password@host:5432/database.");
        }
        String user = m.group(3) == null || m.group(3).isEmpty() ? null : decode(m.group(3));
        String password = m.group(4) == null ? null : decode(m.group(4));
        String host = m.group(5);
        int port = 5432;
        if (m.group(6) != null) {
            port = Integer.parseInt(m.group(6));
            if (port < 1 || port > 65535) {
                throw invalid("DATABASE_URL has the port " + m.group(6) + "; a port is between 1 and 65535.");
            }
        }
        String database = m.group(7);
        String query = m.group(8);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database
                + (query == null || query.isEmpty() ? "" : "?" + query);
        return new DatabaseSettings(DatabaseSettings.Kind.POSTGRESQL, jdbc, user, password, null);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("DATABASE_URL has a malformed %-escape in its user name or password.");
        }
    }

    /** Removes a password from a URL before it goes into a message. */
    static String redact(String url) {
        return url.replaceAll("(://[^:@/]*:)[^@/]*@", "$1***@");
    }

    private static InvalidDatabaseUrlException invalid(String what) {
        return new InvalidDatabaseUrlException(what + " " + FORMS);
    }
}
