package io.facegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * A command given too small a heap ends with a sentence and exit code 2, not a stack trace: a real JVM with
 * {@code -Xmx40m} (the engine alone needs about 50 MB) running {@code describe} on a synthetic picture.
 */
class OutOfMemoryCliTest {

    @TempDir
    Path temp;

    @Test
    void aHeapTooSmallForTheEngineEndsWithASentenceAndExitCode2() throws Exception {
        Path image = temp.resolve("face.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", image.toFile());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-cp", System.getProperty("java.class.path"), "io.facegate.FaceGateApplication",
                "describe", image.toString()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(FaceGateCli.EXIT_ERROR);
        assertThat(output).contains("Out of memory: the Java heap (at most 40 MB here) is too small for this command")
                .contains("-Xmx512m").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void anOutOfMemoryErrorIsFoundAmongTheCauses() {
        assertThat(FaceGateCli.causedByOutOfMemory(new IllegalStateException("load failed",
                new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space"))))).isTrue();
        assertThat(FaceGateCli.causedByOutOfMemory(new IllegalStateException("load failed"))).isFalse();
        assertThat(FaceGateCli.outOfMemoryMessage(64L * 1024 * 1024)).startsWith("Out of memory: the Java heap (at most 64 MB here)");
    }
}
