package io.facegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;

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
    void onlyRatiosLeftAtTheJvmsDefaultsAreLowered() {
        assertThat(StartupHeapTrim.leftAtDefaults(ratio("Min", "40", Origin.DEFAULT), ratio("Max", "70", Origin.DEFAULT)))
                .isTrue();
        // an operator's value, on the command line or in JAVA_TOOL_OPTIONS, for either one: both kept
        assertThat(StartupHeapTrim.leftAtDefaults(ratio("Min", "10", Origin.VM_CREATION), ratio("Max", "70", Origin.DEFAULT)))
                .isFalse();
        assertThat(StartupHeapTrim.leftAtDefaults(ratio("Min", "40", Origin.DEFAULT), ratio("Max", "50", Origin.ENVIRON_VAR)))
                .isFalse();
    }

    @Test
    void theRunningJvmEndsWithTheImagesRatiosAndKeepsThem() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // surefire's fork is started without heap options: the JVM's own 40 and 70, unless an application context
        // started earlier in this fork has lowered them already (StartupHeapTrim runs when it is ready)
        StartupHeapTrim.lowerHeapFreeRatios();
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("20");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("40");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getOrigin()).isEqualTo(Origin.MANAGEMENT);

        // set once (here, or by an operator): not touched again
        assertThat(StartupHeapTrim.lowerHeapFreeRatios()).isEqualTo("heap free ratios 20-40% as given");
    }

    private static VMOption ratio(String which, String value, Origin origin) {
        return new VMOption(which + "HeapFreeRatio", value, true, origin);
    }
}
