package io.facegate.load;

import java.util.List;
import java.util.Map;

/**
 * A password login: {@code GET /api/csrf}, {@code POST /login} (form fields), {@code GET /account}. Client
 * {@code c} logs in as {@code users[c % n]}.
 *
 * @param browsers opens browsers
 * @param users    account names
 * @param password their password
 */
record PasswordLogin(Browsers browsers, List<String> users, String password) implements LoginFlow {

    @Override
    public void login(int client, int iteration) throws LoginFailure {
        String user = users.get(client % users.size());
        Browser browser = browsers.open(client);
        String token = browser.csrf();
        Browser.Answer answer = browser.postForm("/login", token, Map.of("username", user, "password", password));
        LoggedIn.check(browser, answer, user);
    }
}
