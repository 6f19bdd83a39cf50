package io.facegate.throttle;

import java.util.Locale;

/** How someone tried to log in; counters and audit rows are kept per method. */
public enum AttemptMethod {
    /** User name and password ({@code POST /login}). */
    PASSWORD,
    /** Camera frames ({@code POST /face-login}). */
    FACE,
    /** A passkey's WebAuthn assertion ({@code POST /login/webauthn}). */
    PASSKEY,
    /**
     * A Face ID setup that compared the face with every enrolled one ({@code POST /setupfaceid}): counted so that
     * an account cannot test photo after photo for who has Face ID here ({@code face_not_unique}).
     */
    FACE_SETUP,
    /**
     * A registration that reached the user-name check ({@code POST /register}, created or refused as
     * {@code username_taken}): counted per client address so that one address can neither create accounts in bulk
     * nor test user names at full speed.
     */
    REGISTRATION;

    /**
     * @return the value stored in the database and shown to users ({@code password}, {@code face}, {@code passkey},
     *         {@code face_setup}, {@code registration})
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
