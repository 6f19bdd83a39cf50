package io.facegate.login;

import io.facegate.config.FaceGateProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * Password hashing: a {@link DelegatingPasswordEncoder} whose hashes carry their scheme as a prefix, so the
 * scheme can change later without breaking stored hashes. New hashes are PBKDF2-HMAC-SHA256 (bcrypt ignores or
 * refuses bytes past 72, and passphrases up to 256 characters are allowed); bcrypt hashes still verify.
 */
@Configuration(proxyBeanMethods = false)
public class PasswordConfig {

    /** Spring Security's id for PBKDF2-HMAC-SHA256, 16-byte salt, 310,000 iterations. */
    static final String PBKDF2_DEFAULT_ID = "pbkdf2@SpringSecurity_v5_8";

    /**
     * @param properties {@code facegate.password.pbkdf2-iterations}: a value other than 310,000 gets its own id
     *                   {@code pbkdf2-sha256-i<N>}, because PBKDF2 hashes do not record their iteration count
     * @return the encoder
     */
    @Bean
    PasswordEncoder passwordEncoder(FaceGateProperties properties) {
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put(PBKDF2_DEFAULT_ID, Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put("bcrypt", new BCryptPasswordEncoder());
        int iterations = properties.password().pbkdf2Iterations();
        if (iterations < FaceGateProperties.Password.WARN_BELOW) {
            LoggerFactory.getLogger(PasswordConfig.class).warn("facegate.password.pbkdf2-iterations is {}: new "
                    + "password hashes are cheap to guess from a stolen database (default 310000).", iterations);
        }
        String id = PBKDF2_DEFAULT_ID;
        if (iterations != 310_000) {
            id = "pbkdf2-sha256-i" + iterations;
            encoders.put(id, new Pbkdf2PasswordEncoder("", 16, iterations,
                    Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256));
        }
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(id, encoders);
        encoder.setDefaultPasswordEncoderForMatches(new AnyPbkdf2Iterations());
        return encoder;
    }

    /** Largest iteration count a stored {@code pbkdf2-sha256-i<N>} hash is checked with (bounds a login's cost). */
    static final int MAX_STORED_ITERATIONS = 10_000_000;

    /**
     * Checks hashes made under another {@code facegate.password.pbkdf2-iterations} than today's: their id,
     * {@code pbkdf2-sha256-i<N>}, carries the count. Without it, changing the setting (raising it over time, or
     * back to the default) made every account hashed under the earlier value fail to log in with HTTP 500 ("no
     * password encoder mapped for the id", a README-only tester). Any other unknown id does not match.
     */
    static final class AnyPbkdf2Iterations implements PasswordEncoder {

        private static final Pattern ID =
                Pattern.compile("\\{pbkdf2-sha256-i([1-9][0-9]{0,7})}(.+)", Pattern.DOTALL);

        @Override
        public String encode(CharSequence rawPassword) {
            throw new UnsupportedOperationException("Only checks stored hashes; new ones use the current setting.");
        }

        @Override
        public boolean matches(CharSequence rawPassword, String prefixEncodedPassword) {
            Matcher m = prefixEncodedPassword == null ? null : ID.matcher(prefixEncodedPassword);
            if (m == null || !m.matches()) {
                return false;
            }
            int iterations = Integer.parseInt(m.group(1));
            if (iterations > MAX_STORED_ITERATIONS) {
                return false;
            }
            return new Pbkdf2PasswordEncoder("", 16, iterations,
                    Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256).matches(rawPassword, m.group(2));
        }
    }
}
