package io.facegate.load;

/** The check that ends every login: the answer named the expected account, and the session is logged in as it. */
final class LoggedIn {

    private LoggedIn() {
    }

    /**
     * @param browser  the browser that logged in
     * @param answer   the login's answer
     * @param expected the account it must be logged in as
     * @throws LoginFailure when the answer is not 200 with that user name, or {@code GET /account} does not show it
     */
    static void check(Browser browser, Browser.Answer answer, String expected) throws LoginFailure {
        if (answer.status() != 200) {
            throw new LoginFailure(answer.label(), "login answered " + answer.status() + " " + answer.body());
        }
        String name = answer.body().path("username").asString("");
        if (!expected.equals(name)) {
            throw new LoginFailure("200 wrong_user", "logged in as '" + name + "', expected " + expected);
        }
        Browser.Answer account = browser.get("/account");
        if (account.status() != 200 || !expected.equals(account.body().path("username").asString(""))) {
            throw new LoginFailure("account " + account.label(), "GET /account after the login answered "
                    + account.status() + " " + account.body());
        }
    }
}
