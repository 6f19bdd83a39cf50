package io.facegate.face.match;

import static io.facegate.face.match.DescriptorsTest.axis;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.match.TemplateAdaptation.Current;
import io.facegate.face.match.TemplateAdaptation.Login;

/** Hand-made descriptors on the axes; rule: at most 4 templates, distance 0.36, margin 0.10, novelty 0.05. */
class TemplateAdaptationTest {

    private static final TemplateAdaptation RULE = new TemplateAdaptation(4, 0.36, 0.10, 0.05);

    private static List<Current> setup() {
        return new ArrayList<>(List.of(new Current(new float[128], false), new Current(axis(1, 0.2f), false),
                new Current(axis(2, 0.2f), false)));
    }

    private static Login login(float[] frame, double distance, double margin, boolean contested) {
        return new Login(List.of(frame), distance, margin, contested);
    }

    @Test
    void aConfidentUncontestedNovelFrameIsAdded() {
        var d = RULE.decide(login(axis(3, 0.3f), 0.3, 0.4, false), setup());
        assertTrue(d.add());
        assertEquals(-1, d.replace());
        assertArrayEquals(axis(3, 0.3f), d.frame());
    }

    @Test
    void aContestedLoginNeverAddsATemplate() {
        var d = RULE.decide(login(axis(3, 0.3f), 0.1, 1.0, true), setup());
        assertFalse(d.add());
        assertEquals("contested", d.reason());
    }

    @Test
    void anUnsureOrClosecallLoginAddsNothing() {
        assertEquals("not_confident", RULE.decide(login(axis(3, 0.3f), 0.37, 0.4, false), setup()).reason());
        assertEquals("small_margin", RULE.decide(login(axis(3, 0.3f), 0.3, 0.09, false), setup()).reason());
    }

    @Test
    void aFrameAlmostEqualToATemplateAddsNothing() {
        assertEquals("not_novel", RULE.decide(login(axis(1, 0.23f), 0.03, 0.5, false), setup()).reason());
    }

    @Test
    void whenFullTheMostRedundantLoginTemplateIsReplacedAndSetupTemplatesAreKept() {
        List<Current> full = setup();
        full.add(new Current(axis(0, 0.1f), true)); // 0.1 from the origin: the most redundant login template
        var d = RULE.decide(login(axis(3, 0.3f), 0.3, 0.4, false), full);
        assertTrue(d.add());
        assertEquals(3, d.replace());
        List<Current> onlySetup = new ArrayList<>(setup());
        onlySetup.add(new Current(axis(4, 0.3f), false));
        assertEquals("full", RULE.decide(login(axis(3, 0.3f), 0.3, 0.4, false), onlySetup).reason());
    }

    @Test
    void theMostTypicalFrameOfAnAttemptIsOffered() {
        // three frames: the middle one has the smallest summed distance to the others
        var login = new Login(List.of(axis(3, 0.2f), axis(3, 0.3f), axis(3, 0.45f)), 0.3, 0.4, false);
        assertArrayEquals(axis(3, 0.3f), RULE.decide(login, setup()).frame());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TemplateAdaptation(0, 0.3, 0.1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new TemplateAdaptation(4, Double.NaN, 0.1, 0.05));
        assertThrows(IllegalArgumentException.class,
                () -> RULE.decide(new Login(List.of(), 0.1, 1, false), setup()));
    }
}
