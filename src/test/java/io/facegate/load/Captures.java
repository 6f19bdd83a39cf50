package io.facegate.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The ways the challenge answers are captured, and their frames made once before the run (so the client spends
 * no time on them while it measures).
 *
 * <p>The app remembers the turned frames of an account's last 5 successful answers and refuses an answer that
 * repeats them ({@code replayed_frames}): a camera never sees a head in the very same turned pose twice. All
 * challenge logins are the clip's one person in one account, so captures must differ by what changes the
 * landmarks of a turned face beyond a shift, zoom or rotation (which the replay check rightly ignores): mirrored or
 * not, times 7 pixel-aspect settings (none, and 18% along 6 axes 30° apart). Measured with the app's own checks,
 * answers of two different captures never share a turned frame, every capture passes the liveness check for all
 * 12 action orders, and its frontal frames stay within 0.33 of the enrolled ones (1:N accepts at 0.40).
 *
 * <p>14 captures cannot keep 50 answers in flight apart (two answers of one capture finishing one after the
 * other would be a genuine replay), so a capture is lent to one answer at a time and taken back when the app has
 * answered, and one is lent only while {@value #RESTING} others stay unused: the one lent is the one returned
 * longest ago, so at least {@value #RESTING} other answers finished since its last one. At most
 * {@code 14 − }{@value #RESTING} challenge answers are in flight at once; the other clients wait for a capture in
 * turn (first come, first served), and the wait counts in their login time.
 */
final class Captures {

    /** Stretch of the aspect settings. */
    static final double STRETCH = 0.18;
    /** Axes of the stretch, degrees. */
    static final int[] AXES = {0, 30, 60, 90, 120, 150};
    /** Captures kept back while one is lent: the app's replay memory per account (5 answers). */
    static final int RESTING = 5;

    private final List<Capture> settings = new ArrayList<>();
    private final List<Map<Integer, byte[]>> frames = new ArrayList<>();
    private final Deque<Integer> free = new ArrayDeque<>();
    private final Semaphore turns;

    /** @param clip the clip whose frames are captured */
    Captures(HeadTurnClip clip) {
        for (boolean mirrored : new boolean[] {false, true}) {
            settings.add(new Capture(mirrored, 0, 0));
            for (int axis : AXES) {
                settings.add(new Capture(mirrored, STRETCH, axis));
            }
        }
        for (int i = 0; i < settings.size(); i++) {
            frames.add(clip.captured(settings.get(i)));
            free.addLast(i);
        }
        turns = new Semaphore(settings.size() - RESTING, true);
    }

    /** @return how many different captures there are */
    int count() {
        return settings.size();
    }

    /** @return how many answers can be in flight at once */
    int inFlight() {
        return settings.size() - RESTING;
    }

    /**
     * Waits for its turn and takes the capture returned longest ago.
     *
     * @return the capture
     */
    int borrow() throws InterruptedException {
        turns.acquire();
        synchronized (free) {
            return free.removeFirst();
        }
    }

    /** @param index a capture borrowed, whose answer the app has given */
    void giveBack(int index) {
        synchronized (free) {
            free.addLast(index);
        }
        turns.release();
    }

    /**
     * @param index a capture
     * @return its setting
     */
    Capture setting(int index) {
        return settings.get(index);
    }

    /**
     * @param index      a capture
     * @param clipFrames clip frame numbers
     * @return those frames as that capture made them, JPEG
     */
    List<byte[]> frames(int index, List<Integer> clipFrames) {
        Map<Integer, byte[]> made = frames.get(index);
        return clipFrames.stream().map(made::get).toList();
    }
}
