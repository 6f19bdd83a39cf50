package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The native-heap trim reaches the JVM's {@code System.trim_native_heap} command: on this JDK (17.0.9 or later)
 * and glibc the answer is the JVM's report of the resident size before and after, not the fallback sentence.
 */
class StartupHeapTrimTest {

    @Test
    void trimsTheNativeHeapThroughTheJvmsDiagnosticCommand() {
        String report = StartupHeapTrim.trimNativeHeap();
        assertThat(report).doesNotContain("not trimmed").contains("RSS");
    }
}
