package io.facegate.throttle;

import java.util.Locale;

/** How someone tried to log in; counters and audit rows are kept per method. */
public enum AttemptMethod {
    /** User name and password ({@code POST /login}). */
    PASSWORD,
    /** Camera frames ({@code POST /face-login}). */
    FACE,
    /** A passkey's WebAuthn assertion ({@code POST /login/webauthn}). */
    PASSKEY;

    /** @return the value stored in the database and shown to users ({@code password}, {@code face}, {@code passkey}) */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
