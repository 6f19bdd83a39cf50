package io.facegate.ops;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the start-up's garbage back to the operating system once the application is ready: one full collection
 * (the serial collector only shrinks the heap after one), then a trim of the C heap. Spring, Hibernate and the
 * engine's start leave garbage on the heap, and ONNX Runtime frees native buffers (a copy of each model while its
 * session is built) that glibc keeps unless asked to trim. Before the collection, heap free ratios the command
 * line left at the JVM's defaults are lowered to the Docker image's (see {@link #lowerHeapFreeRatios()}), so that a
 * plain {@code java -jar} also gives the start-up's heap back. Runs on its own thread so that readiness is not
 * delayed (README, Start-up and memory).
 */
@Component
class StartupHeapTrim {

    private static final Logger log = LoggerFactory.getLogger(StartupHeapTrim.class);

    /** The JVM's diagnostic command {@code System.trim_native_heap} (JDK 17.0.9 and later, glibc), as an MBean. */
    private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";
    private static final String TRIM_NATIVE_HEAP = "systemTrimNativeHeap";

    /**
     * Heap free ratios (percent of the committed heap left free after a collection, below which the heap grows and
     * above which it shrinks): the Docker image's {@code -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40} instead of
     * the JVM's 40 and 70. With the default 70 a plain {@code java -jar} kept 160 MB committed for 42 MB in use and
     * sat at ~460 MB resident; with 40, ~380 MB (README, Start-up and memory). Both flags are manageable, so they
     * can be set while the JVM runs; the minimum first, as the JVM requires minimum &lt;= maximum.
     */
    static final int MIN_HEAP_FREE_RATIO = 20;
    static final int MAX_HEAP_FREE_RATIO = 40;

    /** Starts the collection when the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void trim() {
        Thread thread = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            long before = runtime.totalMemory();
            String ratios = lowerHeapFreeRatios();
            System.gc();
            log.info("Heap after start-up: {} MB committed (was {} MB), {} MB in use; {}; {}",
                    runtime.totalMemory() >> 20, before >> 20, (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                    ratios, trimNativeHeap());
        }, "startup-heap-trim");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the JVM's report of the trim (e.g. "Trim native heap: RSS+Swap: 420M-&gt;330M (-90M)"), or why there
     *         was none (an older JVM, a C library without {@code malloc_trim})
     */
    static String trimNativeHeap() {
        try {
            Object report = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMANDS),
                    TRIM_NATIVE_HEAP, new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.valueOf(report).strip();
        } catch (JMException | RuntimeException e) {
            return "native heap not trimmed (" + e + ")";
        }
    }

    /**
     * Sets {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} to {@value #MIN_HEAP_FREE_RATIO} and
     * {@value #MAX_HEAP_FREE_RATIO} when neither was given on the command line (an operator's own values are kept).
     *
     * @return what was done, e.g. "heap free ratios 20-40% (were the JVM's 40-70%)", or why nothing was
     */
    static String lowerHeapFreeRatios() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption min = vm.getVMOption("MinHeapFreeRatio");
            VMOption max = vm.getVMOption("MaxHeapFreeRatio");
            if (!leftAtDefaults(min, max)) {
                return "heap free ratios " + min.getValue() + "-" + max.getValue() + "% as given";
            }
            vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_HEAP_FREE_RATIO));
            vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_HEAP_FREE_RATIO));
            return "heap free ratios " + MIN_HEAP_FREE_RATIO + "-" + MAX_HEAP_FREE_RATIO + "% (were the JVM's "
                    + min.getValue() + "-" + max.getValue() + "%)";
        } catch (RuntimeException e) {
            return "heap free ratios unchanged (" + e + ")";
        }
    }

    /**
     * @param min the JVM's {@code MinHeapFreeRatio}
     * @param max the JVM's {@code MaxHeapFreeRatio}
     * @return whether both still have the JVM's own values (neither given on the command line, in {@code
     *         JAVA_TOOL_OPTIONS} nor set while running)
     */
    static boolean leftAtDefaults(VMOption min, VMOption max) {
        return min.getOrigin() == VMOption.Origin.DEFAULT && max.getOrigin() == VMOption.Origin.DEFAULT;
    }
}
