package io.facegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gap handling of the change log cursor: ids that commit after a larger one was read are not lost. */
class ChangeCursorTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final long T0 = 1_000_000_000L;

    private static List<GalleryChanges.Change> rows(long... ids) {
        return Arrays.stream(ids).mapToObj(id -> new GalleryChanges.Change(id, 100 + id)).toList();
    }

    @Test
    void idsReadInOrderMoveTheFloorToTheHighest() {
        ChangeCursor cursor = new ChangeCursor(0, TIMEOUT);
        assertThat(cursor.isNew(1)).isTrue();
        cursor.advance(rows(1, 2, 3), T0);
        assertThat(cursor.floor()).isEqualTo(3);
        assertThat(cursor.highest()).isEqualTo(3);
        assertThat(cursor.openGaps()).isZero();
        assertThat(cursor.isNew(3)).isFalse();
        assertThat(cursor.isNew(4)).isTrue();
    }

    @Test
    void anIdThatCommitsAfterALargerOneIsStillRead() {
        ChangeCursor cursor = new ChangeCursor(0, TIMEOUT);
        // 3 was taken by a transaction that had not committed when 4 and 5 were read.
        cursor.advance(rows(1, 2, 4, 5), T0);
        assertThat(cursor.highest()).isEqualTo(5);
        assertThat(cursor.openGaps()).isEqualTo(1);
        assertThat(cursor.floor()).as("the next poll reads again from just below the gap").isEqualTo(2);
        assertThat(cursor.isNew(3)).isTrue();
        assertThat(cursor.isNew(4)).as("already applied: skipped when read again").isFalse();

        // The next poll reads id > 2: 3 has committed meanwhile, 4 and 5 come again, 6 is new.
        cursor.advance(rows(3, 4, 5, 6), T0 + Duration.ofSeconds(2).toNanos());
        assertThat(cursor.openGaps()).isZero();
        assertThat(cursor.floor()).isEqualTo(6);
        assertThat(cursor.isNew(3)).isFalse();
    }

    @Test
    void aGapThatNeverFillsIsGivenUpAfterTheTimeout() {
        ChangeCursor cursor = new ChangeCursor(10, TIMEOUT);
        cursor.advance(rows(11, 14), T0); // 12 and 13 rolled back
        assertThat(cursor.floor()).isEqualTo(11);
        cursor.advance(rows(14), T0 + TIMEOUT.toNanos() - 1);
        assertThat(cursor.openGaps()).as("one nanosecond before the timeout").isEqualTo(2);
        assertThat(cursor.floor()).isEqualTo(11);
        cursor.advance(rows(14, 15), T0 + TIMEOUT.toNanos());
        assertThat(cursor.openGaps()).isZero();
        assertThat(cursor.floor()).isEqualTo(15);
        assertThat(cursor.isNew(12)).as("given up").isFalse();
    }

    @Test
    void eachGapKeepsItsOwnClock() {
        ChangeCursor cursor = new ChangeCursor(0, TIMEOUT);
        cursor.advance(rows(2), T0);                        // 1 missing since T0
        cursor.advance(rows(2, 4), T0 + TIMEOUT.toNanos() / 2); // 3 missing since half the timeout
        assertThat(cursor.openGaps()).isEqualTo(2);
        cursor.advance(rows(2, 4), T0 + TIMEOUT.toNanos());
        assertThat(cursor.isNew(1)).isFalse();
        assertThat(cursor.isNew(3)).isTrue();
        assertThat(cursor.floor()).isEqualTo(2);
    }

    @Test
    void rowsInAnyOrderGiveTheSameCursor() {
        ChangeCursor sorted = new ChangeCursor(0, TIMEOUT);
        sorted.advance(rows(1, 3, 5), T0);
        ChangeCursor shuffled = new ChangeCursor(0, TIMEOUT);
        shuffled.advance(rows(5, 1, 3), T0);
        assertThat(shuffled.floor()).isEqualTo(sorted.floor()).isEqualTo(1);
        assertThat(shuffled.openGaps()).isEqualTo(sorted.openGaps()).isEqualTo(2);
    }

    @Test
    void aHugeJumpTracksOnlyTheNewestGaps() {
        ChangeCursor cursor = new ChangeCursor(0, TIMEOUT);
        cursor.advance(rows(1, 1 + ChangeCursor.MAX_GAPS * 5L), T0);
        assertThat(cursor.openGaps()).isEqualTo(ChangeCursor.MAX_GAPS);
        assertThat(cursor.floor()).isEqualTo(ChangeCursor.MAX_GAPS * 4L);
        assertThat(cursor.isNew(2)).isFalse();
        assertThat(cursor.isNew(ChangeCursor.MAX_GAPS * 4L + 1)).isTrue();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new ChangeCursor(-1, TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangeCursor(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
