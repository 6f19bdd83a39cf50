package io.facegate.web;

import java.io.Serializable;

/**
 * A message shown once on the next page (kept in the session's flash map across a redirect).
 *
 * @param kind {@code success}, {@code info} or {@code error}; also the CSS class
 * @param text the sentence shown
 */
public record Flash(String kind, String text) implements Serializable {

    /** Model attribute name the layout reads. */
    public static final String ATTRIBUTE = "flash";

    /** @param text sentence @return a success message */
    public static Flash success(String text) {
        return new Flash("success", text);
    }

    /** @param text sentence @return an informational message */
    public static Flash info(String text) {
        return new Flash("info", text);
    }

    /** @param text sentence @return an error message */
    public static Flash error(String text) {
        return new Flash("error", text);
    }
}
