package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * The heap free ratios are lowered in the running JVM when the command line left them alone, and kept once set.
 * The native-heap trim reaches the JVM's {@code System.trim_native_heap} command: on this JDK (17.0.9 or later)
 * and glibc the answer is the JVM's report of the resident size before and after, not the fallback sentence.
 */
class StartupHeapTrimTest {

    @Test
    void trimsTheNativeHeapThroughTheJvmsDiagnosticCommand() {
        String report = StartupHeapTrim.trimNativeHeap();
        assertThat(report).doesNotContain("not trimmed").contains("RSS");
    }

    @Test
    void lowersTheHeapFreeRatiosOnlyWhenTheCommandLineLeftThemAtTheDefaults() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // surefire's fork is started without heap options: the JVM's own 40 and 70
        assertThat(vm.getVMOption("MinHeapFreeRatio").getOrigin()).isEqualTo(VMOption.Origin.DEFAULT);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("70");

        assertThat(StartupHeapTrim.lowerHeapFreeRatios()).isEqualTo("heap free ratios 20-40% (were the JVM's 40-70%)");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("20");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("40");

        // set once (here by the first call, else by an operator): not touched again
        assertThat(StartupHeapTrim.lowerHeapFreeRatios()).isEqualTo("heap free ratios 20-40% as given");
    }
}
