package io.facegate.account;

import io.facegate.web.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a user name and a password must be.
 * <ul>
 *   <li>User name: 3–32 characters of ASCII letters, digits, {@code .}, {@code _}, {@code -}; unique ignoring
 *       case (checked by {@link AccountService}).</li>
 *   <li>Password: 8–256 characters (long passphrases welcome; the cap bounds hashing work), not one of the
 *       most common passwords (resource {@value #COMMON_PASSWORDS}, compared ignoring case), not the user
 *       name.</li>
 * </ul>
 */
@Component
public class RegistrationRules {

    /** Shortest password, characters (NIST SP 800-63B minimum for user-chosen secrets). */
    public static final int MIN_PASSWORD = 8;
    /**
     * Fewest different characters: NIST SP 800-63B (5.1.1.2) asks to refuse repetitive secrets such as
     * "aaaaaaaa"; with fewer than 3 a password is one or two characters repeated.
     */
    public static final int MIN_DISTINCT = 3;
    /** Longest password, characters. */
    public static final int MAX_PASSWORD = 256;
    /** Classpath resource: common passwords, one per line, {@code #} comments. */
    public static final String COMMON_PASSWORDS = "/account/common-passwords.txt";

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,32}");

    private final Set<String> common;

    /** Loads the common-password list. */
    public RegistrationRules() {
        this.common = load();
    }

    /**
     * @param username proposed user name
     * @throws ApiException 400 {@code invalid_username} with the reason
     */
    public void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_username",
                    "Choose a user name of 3 to 32 characters: letters, digits, '.', '_' or '-'.");
        }
    }

    /**
     * @param password proposed password
     * @param username the account's user name (the password must differ from it)
     * @throws ApiException 400 {@code weak_password} with the reason
     */
    public void checkPassword(String password, String username) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw weak("Choose a password of at least " + MIN_PASSWORD + " characters; a passphrase of a few words "
                    + "is easy to remember.");
        }
        if (password.codePointCount(0, password.length()) > MAX_PASSWORD) {
            throw weak("Choose a password of at most " + MAX_PASSWORD + " characters.");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            throw weak("The password must not contain control characters (such as tabs or line breaks).");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            throw weak("The password repeats too few characters (like \"aaaaaaaa\" or \"abababab\"); choose"
                    + " one that is harder to guess.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw weak("This password is among the most common ones and easy to guess; choose another.");
        }
        // The name doubled, with a character added, or reversed is as easy to guess as the name (a README-only
        // tester registered "newbie" / "newbienewbie"); NIST SP 800-63B 5.1.1.2 names the user name among the
        // context-specific words to refuse. User names have at least 3 characters.
        String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && (lower.contains(name) || lower.contains(new StringBuilder(name).reverse()))) {
            throw weak("The password must not contain your user name.");
        }
    }

    /**
     * @param password a password
     * @return whether it is on the common-password list (ignoring case)
     */
    public boolean isCommon(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT));
    }

    private static ApiException weak(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "weak_password", message);
    }

    private static Set<String> load() {
        try (InputStream in = RegistrationRules.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + COMMON_PASSWORDS + " is missing from the build.");
            }
            Set<String> words = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
