package io.facegate.face;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.recognition.FaceOutsideImageException;
import io.facegate.face.recognition.FaceRecognitionNet;
import io.facegate.face.recognition.FaceRecognizer;
import io.facegate.face.ssd.SsdMobilenetV1Detector;
import io.facegate.face.ssd.SsdMobilenetV1Options;
import io.facegate.face.tiny.TinyFaceDetector;
import io.facegate.face.tiny.TinyFaceDetectorOptions;
import io.facegate.face.weights.ModelSource;

/**
 * The face pipeline of face-api.js on ONNX Runtime: detection (TinyFaceDetector or SSD MobileNet v1), 68
 * landmarks (FaceLandmark68Net) and the 128-d descriptor (FaceRecognitionNet). One instance holds all four
 * networks, is thread-safe and is meant to be shared.
 */
public final class FaceEngine implements AutoCloseable {

    private final TinyFaceDetector tiny;
    private final SsdMobilenetV1Detector ssd;
    private final FaceLandmarker landmarker;
    private final FaceRecognitionNet recognitionNet;
    private final FaceRecognizer recognizer;

    private FaceEngine(TinyFaceDetector tiny, SsdMobilenetV1Detector ssd, FaceLandmarker landmarker,
                       FaceRecognitionNet recognitionNet) {
        this.tiny = tiny;
        this.ssd = ssd;
        this.landmarker = landmarker;
        this.recognitionNet = recognitionNet;
        this.recognizer = new FaceRecognizer(recognitionNet);
    }

    /**
     * Loads the four networks and opens their sessions (about 1 s in all on 2 cores).
     *
     * @param source         where the weights are, usually {@link ModelSource#classpath()}
     * @param intraOpThreads ONNX Runtime threads per network run (≥ 1)
     * @return the engine
     * @throws java.io.UncheckedIOException if a weights file is missing
     * @throws IllegalStateException        if ONNX Runtime rejects a graph
     */
    public static FaceEngine load(ModelSource source, int intraOpThreads) {
        TinyFaceDetector tiny = new TinyFaceDetector(source, intraOpThreads);
        SsdMobilenetV1Detector ssd = new SsdMobilenetV1Detector(source, intraOpThreads);
        FaceLandmarker landmarker = new FaceLandmarker(source, intraOpThreads);
        FaceRecognitionNet net = new FaceRecognitionNet(source, intraOpThreads);
        return new FaceEngine(tiny, ssd, landmarker, net);
    }

    /**
     * Detects faces and describes each one.
     *
     * @param image   the image
     * @param options detector, input size and minimum score
     * @return one {@link Face} per detection, highest score first; a detection whose recognition crop falls
     *         entirely outside the image is left out
     * @throws InvalidImageException if the image cannot be scaled to the detector's input (e.g. 2050×1 px)
     */
    public List<Face> analyze(RgbImage image, AnalysisOptions options) {
        List<Face> faces = new ArrayList<>();
        for (Detection detection : detect(image, options)) {
            try {
                faces.add(describe(image, detection));
            } catch (FaceOutsideImageException e) {
                // A box hanging past the border can give a crop with no pixel in the image: no usable face.
            }
        }
        return faces;
    }

    /**
     * @param image   the image
     * @param options detector, input size and minimum score
     * @return detections, highest score first, boxes in image px
     */
    public List<Detection> detect(RgbImage image, AnalysisOptions options) {
        return switch (options.detector()) {
            case TINY -> tiny.detect(image, TinyFaceDetectorOptions.of(options.inputSize(), options.minScore()));
            case SSD -> ssd.detect(image, new SsdMobilenetV1Options(options.minScore(),
                    SsdMobilenetV1Options.DEFAULT.maxResults()));
        };
    }

    /**
     * @param image     the image
     * @param detection a detection in it
     * @return landmarks and descriptor for that detection
     * @throws FaceOutsideImageException if the recognition crop has no pixel in the image
     */
    public Face describe(RgbImage image, Detection detection) {
        FaceLandmarks landmarks = landmarker.landmarks(image, detection.box());
        return new Face(detection, landmarks, recognizer.describe(image, landmarks));
    }

    /** @return the landmark stage alone, for benchmarks */
    public FaceLandmarker landmarker() {
        return landmarker;
    }

    /** @return the descriptor stage alone, for benchmarks */
    public FaceRecognizer recognizer() {
        return recognizer;
    }

    /**
     * @return the version of the pipeline that makes descriptors; templates made by another version are not
     *         comparable with this engine's descriptors
     */
    public String pipelineVersion() {
        return FaceRecognizer.MODEL_VERSION;
    }

    @Override
    public void close() {
        tiny.close();
        ssd.close();
        landmarker.close();
        recognitionNet.close();
    }
}
