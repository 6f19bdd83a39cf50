package io.facegate.load;

/** One kind of login the load run repeats: the whole HTTP exchange of one login, from a fresh browser. */
interface LoginFlow {

    /**
     * Logs in once and checks that the session is logged in as expected.
     *
     * @param client    the client's number (0-based), which picks its account, face and address
     * @param iteration how many logins this client has done before
     * @throws LoginFailure when any answer is not the expected one
     */
    void login(int client, int iteration) throws LoginFailure;
}
