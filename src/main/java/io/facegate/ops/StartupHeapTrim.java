package io.facegate.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the start-up's garbage back to the operating system once the application is ready. Loading the face
 * engine reads the TF.js weights (about 30 MB of arrays) and builds each network's ONNX model in memory (22 MB for
 * FaceRecognitionNet) before ONNX Runtime copies it into native memory; Hibernate and Spring leave more. The heap
 * has grown to hold all of it (260 MB committed of a 410 MB limit, measured) although little of it is live, and
 * the serial collector only gives memory back after a full collection. One full collection, on its own thread so
 * that readiness is not delayed, brings the idle resident size down (README, Start-up and memory).
 */
@Component
class StartupHeapTrim {

    private static final Logger log = LoggerFactory.getLogger(StartupHeapTrim.class);

    /** Starts the collection when the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void trim() {
        Thread thread = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            long before = runtime.totalMemory();
            System.gc();
            log.info("Heap after start-up: {} MB committed (was {} MB), {} MB in use", runtime.totalMemory() >> 20,
                    before >> 20, (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }, "startup-heap-trim");
        thread.setDaemon(true);
        thread.start();
    }
}
