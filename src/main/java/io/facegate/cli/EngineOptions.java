package io.facegate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options shared by every command: the detector and how many images are processed at once. */
public class EngineOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--detector", defaultValue = "tiny", paramLabel = "tiny|ssd",
            description = "Face detector: tiny (TinyFaceDetector) or ssd (SSD MobileNet v1). Default: tiny.")
    DetectorChoice detector;

    @Option(names = "--input-size", paramLabel = "N",
            description = "Tiny detector input size in px, a multiple of 32 from 128 to 1024. Default: 416.")
    Integer inputSize;

    @Option(names = "--min-score", defaultValue = "0.5", paramLabel = "S",
            description = "Drop detections scoring below S, 0-1. Default: 0.5.")
    double minScore;

    @Option(names = "--threads", paramLabel = "N",
            description = "Images processed at once. Default: the number of processors.")
    Integer threads;

    /**
     * @return the detector settings
     * @throws ParameterException (exit code 2, with the sentence) if a value is out of range
     */
    public DetectorSettings settings() {
        int size = inputSize != null ? inputSize
                : detector == DetectorChoice.SSD ? DetectorSettings.SSD_INPUT_SIZE : DetectorSettings.DEFAULT_TINY_INPUT_SIZE;
        try {
            return new DetectorSettings(detector, size, minScore);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * @return worker threads, 1–256
     * @throws ParameterException if {@code --threads} is out of range
     */
    public int threads() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 256) {
            throw new ParameterException(spec.commandLine(), "--threads must be from 1 to 256, got " + n + ".");
        }
        return n;
    }
}
