package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facegate.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationRulesTest {

    final RegistrationRules rules = new RegistrationRules();

    @ParameterizedTest
    @ValueSource(strings = {"abc", "Alice", "bob.smith", "j_doe-2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"})
    void acceptedUsernames(String name) {
        assertThatCode(() -> rules.checkUsername(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "has space", "semi;colon", "ümlaut", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456",
            "../etc", "a/b", "name\n"})
    void refusedUsernames(String name) {
        assertThatThrownBy(() -> rules.checkUsername(name))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"))
                .hasMessageContaining("3 to 32");
    }

    @Test
    void nullUsernameIsRefused() {
        assertThatThrownBy(() -> rules.checkUsername(null)).isInstanceOf(ApiException.class);
    }

    @Test
    void passwordLengthBoundsAreEightAnd256Characters() {
        assertThatThrownBy(() -> rules.checkPassword("7 chars", "bob")).hasMessageContaining("at least 8");
        assertThatCode(() -> rules.checkPassword("8 chars!", "bob")).doesNotThrowAnyException();
        String passphrase = "correct horse battery staple ".repeat(9).substring(0, 256);
        assertThatCode(() -> rules.checkPassword(passphrase, "bob")).doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.checkPassword(passphrase + "x", "bob")).hasMessageContaining("at most 256");
        // Characters, not UTF-16 units: eight emoji are eight characters.
        assertThatCode(() -> rules.checkPassword("😀😁😂🤣😃😄😅😆", "bob")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"        ", "aaaaaaaa", "abababababab", "😀😀😀😀😀😀😀😀", "a\u0000b\u0000c\u0000d\u0000", "tab\there!"})
    void repetitivePasswordsAndControlCharactersAreRefused(String password) {
        assertThatThrownBy(() -> rules.checkPassword(password, "bob"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("weak_password"));
        assertThatCode(() -> rules.checkPassword("abcabcab", "bob")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "Password1", "12345678", "qwertyuiop", "iloveyou", "FOOTBALL", "sunshine1"})
    void commonPasswordsAreRefusedIgnoringCase(String password) {
        assertThat(rules.isCommon(password)).isTrue();
        assertThatThrownBy(() -> rules.checkPassword(password, "bob"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("weak_password"))
                .hasMessageContaining("most common");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bob.Smith-1", "bob.smith-1bob.smith-1", "my bob.smith-1 pass", "1-htims.bob!"})
    void aPasswordContainingTheUsernameIsRefused(String password) {
        assertThatThrownBy(() -> rules.checkPassword(password, "bob.smith-1")).hasMessageContaining("user name");
    }

    @Test
    void aPasswordMerelySharingLettersWithTheUsernameIsAllowed() {
        rules.checkPassword("smith family holidays", "bob.smith-1");
    }

    @Test
    void anUnusualPassphraseIsNotOnTheList() {
        assertThat(rules.isCommon("zz unlikely passphrase zz")).isFalse();
    }
}
