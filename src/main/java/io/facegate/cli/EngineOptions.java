package io.facegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Pipeline;
import io.facegate.face.DetectorKind;
import io.facegate.face.tiny.TinyFaceDetectorOptions;
import io.facegate.face.weights.ModelSource;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Options shared by every command: detector, its input size and minimum score, ONNX threads, model folder. */
public class EngineOptions {

    /** Default ONNX Runtime intra-op threads: 2, the cores of the machine the targets were set on. */
    public static final int DEFAULT_THREADS = 2;
    /** Most intra-op threads accepted. */
    public static final int MAX_THREADS = 64;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--detector", defaultValue = "tiny", paramLabel = "tiny|ssd",
            converter = DetectorConverter.class,
            description = "Face detector: tiny (TinyFaceDetector) or ssd (SSD MobileNet v1). Default: tiny.")
    DetectorKind detector;

    @Option(names = "--input-size", paramLabel = "N",
            description = "Tiny detector input size in px, a multiple of 32 from 128 to 608. Default: 416.")
    Integer inputSize;

    @Option(names = "--min-score", defaultValue = "0.5", paramLabel = "S",
            description = "Drop detections scoring below S, 0-1. Default: 0.5.")
    double minScore;

    @Option(names = "--pipeline", paramLabel = "faceapi|server",
            converter = PipelineConverter.class,
            description = "Descriptor pipeline: faceapi (face-api.js exactly) or server (the login pipeline: detector"
                    + " fallback, crop aligned to dlib's chip template). Default: faceapi; evaluate: server.")
    Pipeline pipeline;

    @Option(names = "--threads", defaultValue = "" + DEFAULT_THREADS, paramLabel = "N",
            description = "ONNX Runtime intra-op threads per network run. Default: 2.")
    int threads;

    @Option(names = "--models", hidden = true, paramLabel = "DIR",
            description = "Read the face-api.js model files from DIR instead of the ones packaged in the jar.")
    Path models;

    /**
     * @return the detector options
     * @throws ParameterException (exit code 2, with the sentence) if a value is out of range
     */
    public AnalysisOptions analysisOptions() {
        return analysisOptions(Pipeline.FACEAPI);
    }

    /**
     * @param whenNotGiven the pipeline when {@code --pipeline} is not given: {@link Pipeline#FACEAPI} for
     *                     describe, compare and benchmark (parity with face-api.js), {@link Pipeline#SERVER} for
     *                     evaluate (what the login does)
     * @return the detector options
     * @throws ParameterException (exit code 2, with the sentence) if a value is out of range
     */
    public AnalysisOptions analysisOptions(Pipeline whenNotGiven) {
        Pipeline pipeline = this.pipeline != null ? this.pipeline : whenNotGiven;
        try {
            if (detector == DetectorKind.SSD) {
                if (inputSize != null) {
                    throw new IllegalArgumentException("--input-size applies to the tiny detector only; SSD"
                            + " always uses 512.");
                }
                return AnalysisOptions.ssd(minScore).withPipeline(pipeline);
            }
            return AnalysisOptions.tiny(inputSize != null ? inputSize : TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE,
                    minScore).withPipeline(pipeline);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * @return ONNX Runtime intra-op threads, 1–{@value #MAX_THREADS}
     * @throws ParameterException if {@code --threads} is out of range
     */
    public int threads() {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ParameterException(spec.commandLine(), "--threads must be from 1 to " + MAX_THREADS + ", got "
                    + threads + ".");
        }
        return threads;
    }

    /**
     * @return the models packaged in the jar, or those of {@code --models DIR}
     * @throws ParameterException if {@code --models} is not a folder
     */
    public ModelSource modelSource() {
        if (models == null) {
            return ModelSource.classpath();
        }
        if (!Files.isDirectory(models)) {
            throw new ParameterException(spec.commandLine(), "--models " + models + " is not a folder; give the"
                    + " face-api.js model folder (e.g. node_modules/@vladmandic/face-api/model).");
        }
        return ModelSource.folder(models);
    }

    /** Parses {@code tiny}/{@code ssd} in any case, with {@link DetectorKind#parse}'s sentence on failure. */
    static final class DetectorConverter implements ITypeConverter<DetectorKind> {
        @Override
        public DetectorKind convert(String value) {
            try {
                return DetectorKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code server}/{@code faceapi} in any case, with {@link Pipeline#parse}'s sentence on failure. */
    static final class PipelineConverter implements ITypeConverter<Pipeline> {
        @Override
        public Pipeline convert(String value) {
            try {
                return Pipeline.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
