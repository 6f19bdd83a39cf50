package io.facegate.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.account.UserAccount;
import io.facegate.support.WebTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * A password hashed under another iteration count (the setting changed since) is hashed again with today's at its
 * next successful login; a wrong password changes nothing. The tests' setting is 1,000 iterations.
 */
class PasswordRehashTest extends WebTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anOldHashIsMadeAgainWithTodaysCountAtTheNextLogin() throws Exception {
        String name = uniqueName();
        register(name);
        String old = "{pbkdf2-sha256-i2000}" + new Pbkdf2PasswordEncoder("", 16, 2000,
                Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256).encode(PASSWORD);
        jdbc.update("UPDATE users SET password_hash = ? WHERE username_key = ?", old, UserAccount.keyOf(name));

        mvc.perform(post("/login").with(csrf()).accept(MediaType.APPLICATION_JSON).param("username", name)
                .param("password", "not the password")).andExpect(status().isUnauthorized());
        assertThat(hash(name)).isEqualTo(old);

        mvc.perform(post("/login").with(csrf()).accept(MediaType.APPLICATION_JSON).param("username", name)
                .param("password", PASSWORD)).andExpect(status().isOk());
        assertThat(hash(name)).startsWith("{pbkdf2-sha256-i1000}").isNotEqualTo(old);
        mvc.perform(post("/login").with(csrf()).accept(MediaType.APPLICATION_JSON).param("username", name)
                .param("password", PASSWORD)).andExpect(status().isOk());
    }

    private String hash(String name) {
        return jdbc.queryForObject("SELECT password_hash FROM users WHERE username_key = ?", String.class,
                UserAccount.keyOf(name));
    }
}
