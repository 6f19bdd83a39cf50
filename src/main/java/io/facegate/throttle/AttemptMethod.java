package io.facegate.throttle;

import java.util.Locale;

/** How someone tried to log in; counters and audit rows are kept per method. */
public enum AttemptMethod {
    /** User name and password ({@code POST /login}). */
    PASSWORD,
    /** Camera frames ({@code POST /face-login}). */
    FACE;

    /** @return the value stored in the database and shown to users ({@code password}, {@code face}) */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
