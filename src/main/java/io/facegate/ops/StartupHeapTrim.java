package io.facegate.ops;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the start-up's garbage back to the operating system once the application is ready: one full collection
 * (the serial collector only shrinks the heap after one), then a trim of the C heap. Spring, Hibernate and the
 * engine's start leave garbage on the heap, and ONNX Runtime frees native buffers (a copy of each model while its
 * session is built) that glibc keeps unless asked to trim. Runs on its own thread so that readiness is not
 * delayed (README, Start-up and memory).
 */
@Component
class StartupHeapTrim {

    private static final Logger log = LoggerFactory.getLogger(StartupHeapTrim.class);

    /** The JVM's diagnostic command {@code System.trim_native_heap} (JDK 17.0.9 and later, glibc), as an MBean. */
    private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";
    private static final String TRIM_NATIVE_HEAP = "systemTrimNativeHeap";

    /** Starts the collection when the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void trim() {
        Thread thread = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            long before = runtime.totalMemory();
            System.gc();
            log.info("Heap after start-up: {} MB committed (was {} MB), {} MB in use; {}", runtime.totalMemory() >> 20,
                    before >> 20, (runtime.totalMemory() - runtime.freeMemory()) >> 20, trimNativeHeap());
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
}
