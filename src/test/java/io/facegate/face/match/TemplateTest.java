package io.facegate.face.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void descriptorIsCopiedInAndOut() {
        float[] d = DescriptorsTest.axis(0, 0.5f);
        Template t = new Template("alice", d, "v1");
        d[0] = 9f;
        assertEquals(0.5f, t.descriptor()[0]);
        t.descriptor()[0] = 7f;
        assertEquals(0.5f, t.descriptor()[0]);
    }

    @Test
    void equalityIsByValue() {
        Template a = new Template("alice", DescriptorsTest.axis(0, 0.5f), "v1");
        assertEquals(a, new Template("alice", DescriptorsTest.axis(0, 0.5f), "v1"));
        assertEquals(a.hashCode(), new Template("alice", DescriptorsTest.axis(0, 0.5f), "v1").hashCode());
        assertNotEquals(a, new Template("alice", DescriptorsTest.axis(0, 0.25f), "v1"));
        assertNotEquals(a, new Template("alice", DescriptorsTest.axis(0, 0.5f), "v2"));
    }

    @Test
    void toStringLeavesTheBiometricDataOut() {
        String s = new Template("alice", DescriptorsTest.axis(0, 0.5f), "v1").toString();
        assertEquals("Template[userId=alice, modelVersion=v1]", s);
        assertFalse(s.contains("0.5"));
    }

    @Test
    void badTemplatesAreRejected() {
        float[] nan = DescriptorsTest.axis(3, Float.NaN);
        assertThrows(IllegalArgumentException.class, () -> new Template("alice", new float[127], "v1"));
        assertThrows(IllegalArgumentException.class, () -> new Template("alice", nan, "v1"));
        assertThrows(IllegalArgumentException.class, () -> new Template(" ", new float[128], "v1"));
        assertThrows(IllegalArgumentException.class, () -> new Template("alice", new float[128], ""));
        assertArrayEquals(new float[128], new Template("alice", new float[128], "v1").descriptor());
    }
}
