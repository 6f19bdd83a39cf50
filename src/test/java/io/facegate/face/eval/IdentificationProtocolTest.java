package io.facegate.face.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.eval.IdentificationProtocol.Attempt;
import io.facegate.face.eval.IdentificationProtocol.Image;
import io.facegate.face.eval.IdentificationProtocol.Part;
import io.facegate.face.match.MatchPolicy;

/**
 * Synthetic people: person k's images lie 1.0 along axis k, image i nudged 0.01·i along axis 100 + i, so a person's
 * images are 0.01–0.07 apart and two people √2 apart.
 */
class IdentificationProtocolTest {

    private static List<Image> people(int... imageCounts) {
        List<Image> images = new ArrayList<>();
        for (int k = 0; k < imageCounts.length; k++) {
            for (int i = 1; i <= imageCounts[k]; i++) {
                float[] d = new float[128];
                d[k] = 1f;
                d[100 + i] = 0.01f * i;
                images.add(new Image(String.format("P%02d", k), i, d));
            }
        }
        return images;
    }

    @Test
    void peopleAreSplitAlternatelyByNameAndTargetsHaveFourImages() {
        var p = new IdentificationProtocol(people(5, 1, 4, 3, 6, 2));
        assertEquals(List.of("P00", "P02", "P04"), p.people(Part.CALIBRATION));
        assertEquals(List.of("P01", "P03", "P05"), p.people(Part.REPORT));
        assertEquals(List.of("P00", "P02", "P04"), p.targets(Part.CALIBRATION));
        assertEquals(List.of(), p.targets(Part.REPORT));
    }

    @Test
    void enrolsThreeImagesProbesTheRestAndTreatsEveryoneElseAsStrangers() {
        // calibration half: P00 (5 images), P02 (4), P04 (6), P06 (1), P08 (2)
        var p = new IdentificationProtocol(people(5, 1, 4, 1, 6, 1, 1, 1, 2));
        var run = p.run(Part.CALIBRATION, 2, 3, MatchPolicy.DEFAULT, 7);
        List<Attempt> attempts = run.attempts();
        long mated = attempts.stream().filter(Attempt::mated).count();
        long strangers = attempts.size() - mated;
        // each round: two of the three targets enrolled (3 images each), their other images probed; every image of
        // the other calibration people is a stranger: the left-out target's L images + P06 (1) + P08 (2). So a
        // round has 9 − L mated and L + 3 non-mated attempts, 12 in all, with L in 4..6.
        assertEquals(3 * 12, attempts.size());
        assertTrue(mated >= 3 * 3 && mated <= 3 * 5, "mated: " + mated);
        assertTrue(strangers >= 3 * 7 && strangers <= 3 * 9, "strangers: " + strangers);
        // every mated probe finds its owner at ≤ 0.07 with the next user ≥ 1.3 away; every stranger is ≥ 1.3 away
        assertTrue(attempts.stream().filter(Attempt::mated).allMatch(a -> a.ownerFirst() && a.best() < 0.08
                && a.second() > 1.3));
        assertTrue(attempts.stream().filter(a -> !a.mated()).allMatch(a -> !a.ownerFirst() && a.best() > 1.3));
        var r = IdentificationSweep.at(attempts, MatchPolicy.DEFAULT);
        assertEquals(1.0, r.identificationRate());
        assertEquals(0.0, r.fpir());
    }

    @Test
    void fillsGalleriesBeyondTheTargetsWithOtherPeople() {
        var p = new IdentificationProtocol(people(5, 1, 4, 1, 6, 1, 1, 1, 2, 1, 1));
        // calibration: P00, P02, P04 (targets), P06, P08, P10; N = 5 leaves one stranger of 1 or 2 images
        var run = p.run(Part.CALIBRATION, 5, 4, MatchPolicy.DEFAULT, 3);
        long mated = run.attempts().stream().filter(Attempt::mated).count();
        assertEquals(4 * (2 + 1 + 3), mated);
        long strangers = run.attempts().size() - mated;
        assertTrue(strangers >= 4 && strangers <= 8, "strangers: " + strangers);
    }

    @Test
    void perComparisonFmrCountsEveryPairOfDifferentPeople() {
        var p = new IdentificationProtocol(people(2, 1, 3));
        // calibration: P00 (2 images), P02 (3 images): 6 impostor pairs, all √2 apart
        assertEquals(6, p.impostorComparisons(Part.CALIBRATION, 0.47)[0]);
        assertEquals(0, p.impostorComparisons(Part.CALIBRATION, 0.47)[1]);
        assertEquals(6, p.impostorComparisons(Part.CALIBRATION, 1.5)[1]);
    }

    @Test
    void verificationAgainstUsersComparesEveryTargetsMeanTemplateWithItsProbesAndEveryoneElse() {
        var p = new IdentificationProtocol(people(5, 1, 4, 1, 2));
        // calibration: P00 (5 images, target), P02 (4, target), P04 (2). P00's mean template is 1.0 on axis 0 and
        // 0.01·i on axes 101–103: its probes (i = 4, 5) are within 0.06; P02 likewise with one probe. Impostor
        // attempts: P00 against P02's 4 and P04's 2 images, P02 against P00's 5 and P04's 2: 13, all ≈ √2 away.
        long[] counts = p.verificationAgainstUsers(Part.CALIBRATION, MatchPolicy.DEFAULT);
        assertEquals(List.of(3L, 3L, 13L, 0L), List.of(counts[0], counts[1], counts[2], counts[3]));
        long[] loose = p.verificationAgainstUsers(Part.CALIBRATION, new MatchPolicy(1.5, 0.31, 0.08));
        assertEquals(13L, loose[3]);
    }

    @Test
    void aGalleryNeedsMorePeopleThanItsSize() {
        var p = new IdentificationProtocol(people(5, 1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> p.run(Part.CALIBRATION, 2, 1, MatchPolicy.DEFAULT, 1));
    }

    @Test
    void adaptationNumbersEachTargetsLoginsAndAddsOnlyNovelConfidentFrames() {
        // calibration: P00 (5 images: 2 logins), P02 (4: 1 login), P04 (6: 3 logins), P06, P08 strangers
        var p = new IdentificationProtocol(people(5, 1, 4, 1, 6, 1, 1, 1, 2));
        var rule = new io.facegate.face.match.TemplateAdaptation(10, 0.36, 0.10, 0.015);
        var run = p.adapt(Part.CALIBRATION, 3, 1, MatchPolicy.DEFAULT, rule, 5);
        assertEquals(List.of(1, 1, 1, 2, 2, 3),
                run.logins().stream().map(IdentificationProtocol.Login::number).sorted().toList());
        // every login is accepted; image i (0.01·i on its own axis) is ≥ 0.04 from every template, so each adds one
        assertEquals(6, run.added());
        assertEquals(0, run.addedToWrongUser());
        assertTrue(run.logins().stream().allMatch(l -> l.with().ownerFirst() && l.without().ownerFirst()));
        // templates are only added, never lost here: no login is farther from its owner than with setup alone
        assertTrue(run.logins().stream().allMatch(l -> l.with().best() <= l.without().best()));
        assertEquals(3, run.strangers().size()); // P06 (1) + P08 (2)
    }
}
