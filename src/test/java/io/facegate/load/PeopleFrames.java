package io.facegate.load;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.StillAttacks;

/**
 * Camera frames of distinct people cut from the face-api.js demo photos ({@link FaceSamples}), each person in a
 * few slightly different framings (shifted by up to 12 px, zoomed by up to 4%), as JPEG at quality 0.9 as a
 * browser canvas sends them.
 */
final class PeopleFrames {

    /** Smallest descriptor distance between two people used (face-api.js's usual "same person" limit is 0.6). */
    static final double MIN_DISTANCE = 0.6;
    /** Most people asked of the photos. */
    static final int MAX_PEOPLE = 16;
    /** Framings per person. */
    static final int FRAMINGS = 6;

    private final List<FaceSamples.Person> people;

    /** Finds as many distinct people as the photos hold, up to {@link #MAX_PEOPLE}. */
    PeopleFrames() {
        List<FaceSamples.Person> found = List.of();
        for (int n = MAX_PEOPLE; n >= 1 && found.isEmpty(); n--) {
            try {
                found = FaceSamples.distinctPeople(n, MIN_DISTANCE);
            } catch (IllegalStateException e) {
                // fewer people than n at that distance: try one less
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("No face found in the demo photos");
        }
        this.people = found;
    }

    /** @return the people, in a fixed order */
    List<FaceSamples.Person> people() {
        return people;
    }

    /**
     * @param person index into {@link #people()}
     * @return {@link #FRAMINGS} JPEG frames of that person
     */
    List<byte[]> frames(int person) {
        BufferedImage still = people.get(person).frame();
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < FRAMINGS; k++) {
            double angle = 2 * Math.PI * k / FRAMINGS;
            BufferedImage moved = StillAttacks.moved(still, 12 * Math.cos(angle), 8 * Math.sin(angle),
                    1.0 + 0.04 * ((k % 3) - 1), 0);
            out.add(StillAttacks.jpeg(moved, 0.9f));
        }
        return out;
    }
}
