package io.facegate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CreatedAtTest {

    static final Instant T = Instant.parse("2020-01-01T00:00:00Z");

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1577836800000", "1577836800", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00",
            "2020-01-01 00:00:00", "2020-01-01 00:00:00.000", "2020-01-01T02:00:00+02:00", "2020-01-01 00:00:00+00",
            "2019-12-31T19:00:00-05:00", "  2020-01-01 00:00:00  ", "2020-01-01 00:00"})
    void everyTextFormOfTheSameInstant(String text) {
        assertThat(CreatedAt.parse(text)).contains(T);
    }

    @Test
    void numbersAndDriverTypes() {
        assertThat(CreatedAt.parse(1_577_836_800_000L)).contains(T);
        assertThat(CreatedAt.parse(1_577_836_800L)).contains(T);
        assertThat(CreatedAt.parse(1_577_836_800)).contains(T);
        assertThat(CreatedAt.parse(1_577_836_800_000.0)).contains(T);
        assertThat(CreatedAt.parse(Timestamp.from(T))).contains(T);
        assertThat(CreatedAt.parse(T)).contains(T);
        assertThat(CreatedAt.parse("2020-01-01 00:00:00.123456")).contains(T.plusNanos(123_456_000));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(value = {"''", "garbage", "yesterday", "-5", "2020-13-01 00:00:00", "2020-01-01", "12:00:00", "1.5e3x"},
            emptyValue = "")
    void unreadableValuesAreEmpty(String text) {
        assertThat(CreatedAt.parse(text)).isEmpty();
        assertThat(CreatedAt.parse(null)).isEmpty();
        assertThat(CreatedAt.parse(-1L)).isEmpty();
        assertThat(CreatedAt.parse(1.5)).isEmpty();
    }

    @Test
    void onlyEpochMillisecondsAreCanonical() {
        assertThat(CreatedAt.isCanonical(1_577_836_800_000L)).isTrue();
        assertThat(CreatedAt.isCanonical(1_577_836_800L)).isFalse();
    }
}
