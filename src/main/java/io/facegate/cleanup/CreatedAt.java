package io.facegate.cleanup;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.Optional;

/**
 * Reads an account's {@code created_at} in every form a user may find in their database, and says which form
 * FaceGate writes. Pure: no I/O, no clock.
 *
 * <p>Accepted: epoch milliseconds (what FaceGate writes on SQLite: an integer of at least
 * {@link #MILLIS_FROM}); epoch seconds (a smaller integer, e.g. from a script); ISO-8601 with a zone or offset
 * ({@code 2020-01-01T00:00:00Z}, {@code 2020-01-01T02:00:00+02:00}); ISO-8601 without a zone and
 * {@code YYYY-MM-DD HH:MM:SS[.fraction]} (what SQLite's {@code CURRENT_TIMESTAMP} and the original app's SQLAlchemy
 * write), both read as UTC; PostgreSQL's text form {@code 2020-01-01 00:00:00+00}; integers written as text; and
 * the driver's own {@link Timestamp}, {@link Date}, {@link OffsetDateTime} or {@link Instant}. Anything else
 * (the empty string, words, a negative number) is unreadable: {@link #parse} answers empty.
 */
public final class CreatedAt {

    /**
     * Smallest integer read as epoch milliseconds (1e11 ms is 1973-03-03 UTC); smaller ones are epoch seconds
     * (1e11 s would be the year 5138, so the two ranges cannot be confused for real account times).
     */
    public static final long MILLIS_FROM = 100_000_000_000L;

    /** {@code YYYY-MM-DD HH:MM[:SS[.fraction]]} with a space or a {@code T}, optional offset ({@code +00}, {@code Z}). */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private CreatedAt() {
    }

    /**
     * @param raw the column value as the JDBC driver returns it ({@code getObject}); may be null
     * @return the instant, or empty when the value is null or cannot be read as a time
     */
    public static Optional<Instant> parse(Object raw) {
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (raw instanceof Timestamp timestamp) {
            return Optional.of(timestamp.toInstant());
        }
        if (raw instanceof Date date) {
            return Optional.of(Instant.ofEpochMilli(date.getTime()));
        }
        if (raw instanceof OffsetDateTime offset) {
            return Optional.of(offset.toInstant());
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short) {
            return fromEpoch(((Number) raw).longValue());
        }
        if (raw instanceof Number number) {
            double value = number.doubleValue();
            return value == Math.rint(value) && Math.abs(value) < 9e15 ? fromEpoch((long) value) : Optional.empty();
        }
        if (raw instanceof String text) {
            return parseText(text.trim());
        }
        return Optional.empty();
    }

    /**
     * @param epochMillis a stored integer
     * @return whether it is the one form FaceGate writes (epoch milliseconds, at least {@link #MILLIS_FROM})
     */
    public static boolean isCanonical(long epochMillis) {
        return epochMillis >= MILLIS_FROM;
    }

    private static Optional<Instant> fromEpoch(long value) {
        if (value < 0) {
            return Optional.empty();
        }
        return Optional.of(value >= MILLIS_FROM ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value));
    }

    private static Optional<Instant> parseText(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return fromEpoch(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            var parsed = LENIENT.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return Optional.of(offset.toInstant());
            }
            return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
