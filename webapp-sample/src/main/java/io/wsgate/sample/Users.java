package io.wsgate.sample;

import java.util.Map;

/** The sample's user store: fixed demo accounts, all with the password "secret". A real application has a database. */
final class Users {

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", "secret",
            "bob", "secret",
            "carol", "secret");

    private Users() {}

    static boolean check(String user, String password) {
        return user != null && password != null && password.equals(PASSWORDS.get(user));
    }
}
