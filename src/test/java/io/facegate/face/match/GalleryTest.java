package io.facegate.face.match;

import static io.facegate.face.match.DescriptorsTest.axis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-made descriptors: alice has templates at the origin and at 0.2 on axis 1; bob has one at 1.0 on axis 0.
 * Policy: thresholds 0.6, margin 0.05.
 */
class GalleryTest {

    /** Thresholds 0.6, margin 0.05: round numbers that the axis descriptors below sit around. */
    private static final MatchPolicy POLICY = new MatchPolicy(0.6, 0.6, 0.05);

    private static final String V = "v1";
    private final Template alice0 = new Template("alice", new float[128], V);
    private final Template alice1 = new Template("alice", axis(1, 0.2f), V);
    private final Template bob = new Template("bob", axis(0, 1.0f), V);
    private Gallery gallery;

    @BeforeEach
    void enrol() {
        gallery = new Gallery(POLICY, V);
        gallery.add(alice0);
        gallery.add(alice1);
        gallery.add(bob);
    }

    @Test
    void identifiesTheNearestUserWithBestAndSecondBestDistances() {
        // probe 0.25 on axis 0: alice min(0.25, √(0.25² + 0.2²) = 0.320) = 0.25; bob 0.75.
        Identification id = gallery.identify(axis(0, 0.25f));
        assertEquals(Optional.of("alice"), id.userId());
        assertEquals(0.25, id.bestDistance(), 1e-7);
        assertEquals(0.75, id.secondBestDistance(), 1e-7);
    }

    @Test
    void farProbeIsUnknownButTheCandidateIsKept() {
        // probe 0.9 on axis 2: alice 0.9 (> 0.6), bob √(1 + 0.81) = 1.345.
        Identification id = gallery.identify(axis(2, 0.9f));
        assertEquals(Optional.empty(), id.userId());
        assertEquals("alice", id.candidateUserId());
        assertEquals(0.9, id.bestDistance(), 1e-7);
        assertEquals(Math.sqrt(1.81), id.secondBestDistance(), 1e-7);
    }

    @Test
    void ambiguousProbeIsUnknown() {
        // probe 0.48 on axis 0: alice 0.48, bob 0.52, both under 0.6 but only 0.04 apart (< margin 0.05).
        Identification id = gallery.identify(axis(0, 0.48f));
        assertFalse(id.accepted());
        assertEquals("alice", id.candidateUserId());
        assertEquals(0.04, id.secondBestDistance() - id.bestDistance(), 1e-6);
        // 0.45: alice 0.45, bob 0.55, 0.10 apart: accepted.
        assertEquals(Optional.of("alice"), gallery.identify(axis(0, 0.45f)).userId());
    }

    @Test
    void singleUserNeedsNoMargin() {
        gallery.removeUser("bob");
        Identification id = gallery.identify(axis(0, 0.5f));
        assertEquals(Optional.of("alice"), id.userId());
        assertEquals(Double.POSITIVE_INFINITY, id.secondBestDistance());
    }

    @Test
    void emptyGalleryKnowsNobody() {
        Identification id = new Gallery(POLICY, V).identify(axis(0, 0.5f));
        assertNull(id.candidateUserId());
        assertFalse(id.accepted());
        assertEquals(Double.POSITIVE_INFINITY, id.bestDistance());
    }

    @Test
    void verifiesAgainstTheClaimedUsersMeanTemplate() {
        // alice's mean template is 0.1 on axis 1. Probe 0.2 on axis 1 (= alice1) is 0.1 from it; bob's mean is his
        // one template, √(1 + 0.04) = 1.0198 away.
        Verification asAlice = gallery.verify("alice", axis(1, 0.2f));
        assertTrue(asAlice.match());
        assertEquals(0.1, asAlice.distance(), 1e-7);
        Verification asBob = gallery.verify("bob", axis(1, 0.2f));
        assertFalse(asBob.match());
        assertEquals(Math.sqrt(1.04), asBob.distance(), 1e-7);
        // 0.5 on axis 0 is √(0.25 + 0.01) = 0.51 from alice's mean (≤ 0.6); 0.625 is √(0.390625 + 0.01) = 0.633.
        assertTrue(gallery.verify("alice", axis(0, 0.5f)).match());
        assertFalse(gallery.verify("alice", axis(0, 0.625f)).match());
        // −0.55 on axis 1 is within 0.6 of alice0 (0.55), which the earlier nearest-template rule accepted, but 0.65
        // from the mean: the frame must match the user's templates together, not one of them.
        Verification beyondTheMean = gallery.verify("alice", axis(1, -0.55f));
        assertFalse(beyondTheMean.match());
        assertEquals(0.65, beyondTheMean.distance(), 1e-7);
        assertEquals(new Verification(false, Double.POSITIVE_INFINITY), gallery.verify("carol", axis(0, 0f)));
    }

    @Test
    void replaceAndRemoveChangeOnlyThatUser() {
        gallery.replace("alice", List.of(alice1));
        // probe 0.25 on axis 0 is now √(0.0625 + 0.04) = 0.3202 from alice.
        assertEquals(Math.sqrt(0.1025), gallery.identify(axis(0, 0.25f)).bestDistance(), 1e-7);
        assertEquals(List.of(alice1), gallery.templates("alice"));
        assertTrue(gallery.remove(alice1));
        assertFalse(gallery.remove(alice1));
        assertEquals(List.of(), gallery.templates("alice"));
        assertEquals(1, gallery.userCount());
        assertTrue(gallery.removeUser("bob"));
        assertEquals(0, gallery.userCount());
    }

    @Test
    void countsUsersAndTemplatesAndIdentifiesAmongChosenUsers() {
        assertEquals(2, gallery.userCount());
        assertEquals(3, gallery.templateCount());
        assertEquals(java.util.Set.of("alice", "bob"), gallery.userIds());
        // probe 0.25 on axis 0 is alice's (0.25) among everyone; without alice, bob is nearest at 0.75.
        Identification withoutAlice = gallery.identify(axis(0, 0.25f), user -> !user.equals("alice"));
        assertEquals("bob", withoutAlice.candidateUserId());
        assertEquals(0.75, withoutAlice.bestDistance(), 1e-7);
        assertEquals(Double.POSITIVE_INFINITY, withoutAlice.secondBestDistance());
        Identification nobody = gallery.identify(axis(0, 0.25f), user -> false);
        assertNull(nobody.candidateUserId());
        assertFalse(nobody.accepted());
    }

    @Test
    void replaceRefusesTemplatesOfAnotherUser() {
        assertThrows(IllegalArgumentException.class, () -> gallery.replace("alice", List.of(bob)));
        assertEquals(List.of(alice0, alice1), gallery.templates("alice"));
    }

    @Test
    void templatesOfAnotherModelVersionAreRefused() {
        Template old = new Template("carol", new float[128], "v0");
        IncompatibleTemplateException e = assertThrows(IncompatibleTemplateException.class, () -> gallery.add(old));
        assertTrue(e.getMessage().contains("enrol"), e.getMessage());
        assertEquals(2, gallery.userCount());
    }

    @Test
    void badProbesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> gallery.identify(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> gallery.verify("alice", axis(0, Float.NaN)));
    }

    @Test
    void concurrentEnrolmentsAndSearchesLoseNothing() throws Exception {
        Gallery g = new Gallery(POLICY, V);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        g.add(new Template("user" + (i % 50), axis(worker, i / 200f), V));
                        g.identify(axis(worker, 0.5f));
                    }
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(50, g.userCount());
        for (int u = 0; u < 50; u++) {
            assertEquals(16, g.templates("user" + u).size(), "user" + u);
        }
    }

    @Test
    void framesAreFusedByTheMeanOfTheirDistances() {
        // alice: frame 1 at 0.25 (axis 0), frame 2 at 0.45 (axis 2): mean 0.35; bob: 0.75 and √(1 + 0.2025) = 1.0966.
        // The worst frame is frame 2, √(0.2025 + 0.01) from alice's mean template (0.1 on axis 1).
        Identification id = gallery.identify(List.of(axis(0, 0.25f), axis(2, 0.45f)), user -> true);
        assertEquals(Optional.of("alice"), id.userId());
        assertEquals(0.35, id.bestDistance(), 1e-7);
        assertEquals((0.75 + Math.sqrt(1.2025)) / 2, id.secondBestDistance(), 1e-7);
        assertEquals(Math.sqrt(0.2125), id.worstFrameDistance(), 1e-7);
    }

    @Test
    void aFrameOfSomebodyElseIsNotCarriedThroughByCloseFrames() {
        // three frames on alice's templates and one 0.9 away (a stranger): mean 0.225 passes the threshold 0.6,
        // the margin holds (bob is farther), but the stranger's frame alone is beyond the verification threshold
        // (√(0.81 + 0.01) from alice's mean template).
        float[] stranger = axis(2, 0.9f);
        Identification id = gallery.identify(List.of(new float[128], new float[128], axis(1, 0.2f), stranger),
                user -> true);
        assertEquals("alice", id.candidateUserId());
        assertEquals(0.225, id.bestDistance(), 1e-7);
        assertEquals(Math.sqrt(0.82), id.worstFrameDistance(), 1e-7);
        assertFalse(id.accepted());
        // the same three frames without it are accepted
        assertTrue(gallery.identify(List.of(new float[128], new float[128], axis(1, 0.2f)), user -> true).accepted());
    }

    @Test
    void framesSplitBetweenTwoUsersFailTheMargin() {
        // half on alice's origin template, half on bob: both users' means are 0.5, no margin.
        Identification id = gallery.identify(List.of(new float[128], axis(0, 1.0f)), user -> true);
        assertFalse(id.accepted());
        assertEquals(0.0, id.margin(), 1e-7);
    }

    @Test
    void identificationNeedsAFrame() {
        assertThrows(IllegalArgumentException.class, () -> gallery.identify(List.of(), user -> true));
    }

    @Test
    void theSpreadNormalisedScoreUsesTheMeanTemplateDistanceLessHalfTheSpread() {
        Gallery g = new Gallery(new MatchPolicy(0.6, 0.3, 0.05, 0.05, true), V);
        g.add(alice0);
        g.add(alice1);
        g.add(bob);
        // probe 0.25 on axis 0: alice's templates at 0.25 and √(0.25² + 0.2²); their spread is 0.2.
        Identification id = g.identify(List.of(axis(0, 0.25f)), user -> true);
        double mean = (0.25 + Math.sqrt(0.1025)) / 2;
        assertEquals(mean - 0.5 * 0.2, id.score(), 1e-6);
        assertEquals(0.25, id.bestDistance(), 1e-7);
        assertEquals(2, id.galleryUsers());
        assertTrue(id.accepted());
    }

    @Test
    void theSameProbeIsRefusedInALargerGallery() {
        // score 0.1851 (above): accepted with threshold 0.3 at up to 10 users, 0.05 less per tenfold: among 10,000
        // users the threshold is 0.15 and the same probe is refused.
        MatchPolicy policy = new MatchPolicy(0.6, 0.3, 0.05, 0.05, true);
        Gallery g = new Gallery(policy, V);
        g.add(alice0);
        g.add(alice1);
        assertTrue(g.identify(List.of(axis(0, 0.25f)), user -> true).accepted());
        for (int u = 0; u < 9_999; u++) {
            float[] far = axis(2 + u % 126, 1.5f);
            far[1] = -u / 10_000f;
            g.add(new Template("user" + u, far, V));
        }
        Identification id = g.identify(List.of(axis(0, 0.25f)), user -> true);
        assertEquals(10_000, id.galleryUsers());
        assertEquals("alice", id.candidateUserId());
        assertFalse(id.accepted());
    }

    @Test
    void withTheServerDefaultsFramesHalfTheOwnersAndHalfAnotherPersonsAreRefused() {
        // carol's three templates near the origin, dave's near 0.5 on axis 0: each alone is identified; an attempt
        // with two frames of each is refused (no margin, and dave's frames are beyond 0.46 of carol's templates).
        Gallery g = new Gallery(MatchPolicy.DEFAULT, V);
        for (float y : new float[] {0f, 0.1f, -0.1f}) {
            g.add(new Template("carol", axis(1, y), V));
            float[] d = axis(0, 0.5f);
            d[1] = y;
            g.add(new Template("dave", d, V));
        }
        float[] carolFrame = axis(2, 0.05f);
        float[] daveFrame = axis(0, 0.5f);
        daveFrame[2] = 0.05f;
        assertEquals(Optional.of("carol"), g.identify(List.of(carolFrame, carolFrame), user -> true).userId());
        assertEquals(Optional.of("dave"), g.identify(List.of(daveFrame, daveFrame), user -> true).userId());
        Identification mixed = g.identify(List.of(carolFrame, carolFrame, daveFrame, daveFrame), user -> true);
        assertFalse(mixed.accepted());
    }
}
