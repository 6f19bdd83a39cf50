package io.facegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The operator-secret rule: what operators paste from a template or type by hand is refused, random output of
 * the README's command (and of {@code openssl rand -hex}) is never refused.
 */
class OperatorSecretsTest {

    @Test
    void patternsATesterSetAreRefused() {
        for (String value : new String[] {"changeme-changeme-changeme", "undefinedundefinedundefined",
                "123456789012345678901234", "abcdefghijklmnopqrstuvwxyz", "your-task-token-goes-here-please",
                "zyxwvutsrqponmlkjihgfedcba", "121212121212121212121212", "Password-Password-2024-ok"}) {
            assertThatThrownBy(() -> OperatorSecrets.check("TASK_TOKEN", value)).as(value)
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("can be guessed");
        }
    }

    @Test
    void randomSecretsPass() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            OperatorSecrets.check("TASK_TOKEN", Base64.getEncoder().encodeToString(bytes)); // openssl rand -base64 32
            byte[] twelve = new byte[12];
            random.nextBytes(twelve);
            OperatorSecrets.check("SECRET_KEY", HexFormat.of().formatHex(twelve)); // openssl rand -hex 12
        }
        assertThat(OperatorSecrets.patterned("test-task-token-0123456789", "testtasktoken0123456789")).isFalse();
    }
}
