package io.facegate.account;

import io.facegate.audit.LoginAudit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The account page's "Recent logins" in words: each audited attempt's method, outcome and reason code
 * ({@link LoginAudit.Entry}) become a short sentence a user understands; the time is given as UTC text and as
 * ISO-8601 for the page's script, which shows it in the browser's time zone. A code without words here (one added
 * later) is shown with its underscores as spaces rather than hidden.
 */
public final class LoginHistory {

    /**
     * One attempt as the page shows it.
     *
     * @param at      ISO-8601 UTC instant (the {@code datetime} of the page's {@code <time>})
     * @param atText  the same as text, e.g. {@code 5 Dec 2026, 11:38 UTC}
     * @param what    method and outcome, e.g. {@code Face login refused}
     * @param reason  why, as a sentence, or empty
     * @param address client address
     */
    public record Line(String at, String atText, String what, String reason, String address) {
    }

    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Reason codes of {@code login_attempts.reason} and their words. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("ok", ""),
            Map.entry("face_step_required", "Password accepted; the face step followed."),
            Map.entry("reauth_ok", "Password confirmed on the account page."),
            Map.entry("reauth_failed", "Wrong password given on the account page."),
            Map.entry("wrong_password", "Wrong password."),
            Map.entry("unknown_user", "Unknown user name."),
            Map.entry("no_match", "The face did not match."),
            Map.entry("password_required", "Face login tried before the password step."),
            Map.entry("too_many_attempts", "Too many failed attempts: blocked for a while."),
            Map.entry("face_login_disabled", "Face login blocked after many failures until a password login."),
            Map.entry("no_face", "No face in the pictures."),
            Map.entry("multiple_faces", "More than one face in the pictures."),
            Map.entry("face_too_small", "The face was too far from the camera."),
            Map.entry("too_dark", "The pictures were too dark."),
            Map.entry("unreadable_image", "The pictures could not be read."),
            Map.entry("flat_picture", "Looked like a photo or a screen, not a live head."),
            Map.entry("repeated_frames", "The same picture was sent several times."),
            Map.entry("replayed_frames", "Pictures of an earlier login were sent again."),
            Map.entry("pose_jump", "The head moved too fast."),
            Map.entry("face_jump", "The face jumped between pictures."),
            Map.entry("different_people", "Different people were in the pictures."),
            Map.entry("not_enough_face_frames", "Too few pictures showed a face."),
            Map.entry("action_not_done", "The movement asked for was not made."),
            Map.entry("actions_out_of_order", "The movements were made in the wrong order."),
            Map.entry("challenge_expired", "The face check took too long."),
            Map.entry("challenge_invalid", "The face check was not valid."),
            Map.entry("challenge_required", "No face check was started."),
            Map.entry("challenge_used", "The face check had already been used."),
            Map.entry("too_few_frames", "Too few pictures were sent."),
            Map.entry("too_many_frames", "Too many pictures were sent."),
            Map.entry("no_frames", "No pictures were sent."),
            Map.entry("frame_too_large", "A picture was too large."),
            Map.entry("unsupported_image", "A picture was not a JPEG or PNG."),
            Map.entry("face_rejected", "The pictures could not be used."),
            Map.entry("passkey_face_step_required", "Passkey accepted; the face step followed."),
            Map.entry("passkey_invalid", "The passkey's signature did not verify."),
            Map.entry("passkey_unknown", "A passkey this site does not know was offered."),
            Map.entry("passkey_malformed", "The passkey answer could not be read."),
            Map.entry("passkey_not_started", "The passkey login had not been started or had expired."));

    private LoginHistory() {
    }

    /**
     * @param entries audited attempts, newest first
     * @return the same, in words
     */
    public static List<Line> of(List<LoginAudit.Entry> entries) {
        return entries.stream().map(LoginHistory::line).toList();
    }

    /**
     * @param e one audited attempt
     * @return it in words
     */
    public static Line line(LoginAudit.Entry e) {
        String how = switch (e.method()) {
            case "password" -> "Password";
            case "face" -> "Face login";
            case "passkey" -> "Passkey login";
            case "face_setup" -> "Face ID setup";
            default -> words(e.method());
        };
        String outcome = switch (e.outcome()) {
            case LoginAudit.SUCCESS -> "accepted";
            case LoginAudit.FAILURE -> "refused";
            case LoginAudit.THROTTLED -> "blocked";
            default -> words(e.outcome()).toLowerCase(Locale.ROOT);
        };
        return new Line(e.at(), atText(e.at()), how + " " + outcome, reason(e.reason()),
                e.address() == null ? "" : e.address());
    }

    /**
     * @param code a reason code, may be null
     * @return its words; an unknown code with underscores as spaces, capitalised; empty for none
     */
    public static String reason(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String known = REASONS.get(code);
        return known != null ? known : words(code) + ".";
    }

    private static String words(String code) {
        String spaced = code.replace('_', ' ').strip();
        return spaced.isEmpty() ? "" : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String atText(String iso) {
        try {
            return TEXT.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /**
     * @param instant a time
     * @return it as the page's UTC text, e.g. {@code 5 Dec 2026, 11:38 UTC}
     */
    public static String text(Instant instant) {
        return TEXT.format(instant);
    }
}
