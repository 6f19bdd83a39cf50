package io.facegate.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.landmarks.LandmarkBox;
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
    /** Null until first needed when loaded by {@link #loadWithoutSsd}. */
    private volatile SsdMobilenetV1Detector ssd;
    private final ModelSource ssdSource;
    private final int ssdThreads;
    private final FaceLandmarker landmarker;
    private final FaceRecognitionNet recognitionNet;
    private final FaceRecognizer recognizer;
    private final LongAdder detectorRuns = new LongAdder();

    private FaceEngine(TinyFaceDetector tiny, SsdMobilenetV1Detector ssd, FaceLandmarker landmarker,
                       FaceRecognitionNet recognitionNet, ModelSource ssdSource, int ssdThreads) {
        this.tiny = tiny;
        this.ssd = ssd;
        this.ssdSource = ssdSource;
        this.ssdThreads = ssdThreads;
        this.landmarker = landmarker;
        this.recognitionNet = recognitionNet;
        this.recognizer = new FaceRecognizer(recognitionNet);
    }

    /**
     * Threads that load the networks: one per core, at most one per network. Loading is CPU work (reading and
     * dequantising the weights, building the graph, ONNX Runtime's graph optimisation), so more threads than cores
     * only add switching.
     */
    static int loadThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Loads the four networks and opens their sessions, in parallel on {@link #loadThreads()} threads (the two
     * large ones, FaceRecognitionNet and SSD MobileNet v1, first). Measured on 2 cores: see README, *Start-up and
     * memory*.
     *
     * @param source         where the weights are, usually {@link ModelSource#classpath()}
     * @param intraOpThreads ONNX Runtime threads per network run (≥ 1)
     * @return the engine
     * @throws java.io.UncheckedIOException if a weights file is missing
     * @throws IllegalStateException        if ONNX Runtime rejects a graph
     */
    public static FaceEngine load(ModelSource source, int intraOpThreads) {
        return load(source, intraOpThreads, true);
    }

    /**
     * As {@link #load(ModelSource, int)} but SSD MobileNet v1 (the largest detector, 22 MB) opens only when a call
     * first needs it: for a short command-line run with the tiny detector and face-api.js's pipeline, which never
     * does (about a quarter of the load's CPU time saved). The server loads all four at start.
     *
     * @param source         where the weights are
     * @param intraOpThreads ONNX Runtime threads per network run (≥ 1)
     * @return the engine
     * @throws java.io.UncheckedIOException if a weights file is missing
     * @throws IllegalStateException        if ONNX Runtime rejects a graph
     */
    public static FaceEngine loadWithoutSsd(ModelSource source, int intraOpThreads) {
        return load(source, intraOpThreads, false);
    }

    private static FaceEngine load(ModelSource source, int intraOpThreads, boolean withSsd) {
        ExecutorService pool = Executors.newFixedThreadPool(loadThreads(), task -> {
            Thread t = new Thread(task, "face-engine-load");
            t.setDaemon(true);
            return t;
        });
        Future<FaceRecognitionNet> net = pool.submit(() -> new FaceRecognitionNet(source, intraOpThreads));
        Future<SsdMobilenetV1Detector> ssd = pool.submit(() -> withSsd
                ? new SsdMobilenetV1Detector(source, intraOpThreads) : null);
        Future<FaceLandmarker> landmarker = pool.submit(() -> new FaceLandmarker(source, intraOpThreads));
        Future<TinyFaceDetector> tiny = pool.submit(() -> new TinyFaceDetector(source, intraOpThreads));
        pool.shutdown();
        List<Future<? extends AutoCloseable>> all = List.of(net, ssd, landmarker, tiny);
        try {
            return new FaceEngine(await(tiny), await(ssd), await(landmarker), await(net), source, intraOpThreads);
        } catch (RuntimeException | Error e) {
            // Close whatever did load: ONNX Runtime sessions hold native memory.
            for (Future<? extends AutoCloseable> f : all) {
                try {
                    AutoCloseable loaded = await(f);
                    if (loaded != null) {
                        loaded.close();
                    }
                } catch (Exception ignored) {
                    // failed or interrupted itself; the first failure is the one reported
                }
            }
            throw e;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new IllegalStateException("Interrupted while loading the face networks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Cannot load the face networks: " + e.getCause(), e.getCause());
        }
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
        return analyze(image, options, DetectorBudget.unlimited());
    }

    /**
     * As {@link #analyze(RgbImage, AnalysisOptions)}, the fallbacks within a budget.
     *
     * @param image   the image
     * @param options detector, input size and minimum score
     * @param budget  the request's allowance of fallback detector runs
     * @return one {@link Face} per detection, highest score first
     * @throws InvalidImageException if the image cannot be scaled to the detector's input
     */
    public List<Face> analyze(RgbImage image, AnalysisOptions options, DetectorBudget budget) {
        return described(image, detect(image, options, budget), options);
    }

    /**
     * As {@link #analyze(RgbImage, AnalysisOptions, DetectorBudget)} for a frame of a sequence whose previous frame
     * showed one face at {@code tracked}: the detection is {@link #detectTracked}'s.
     *
     * @param image   the image
     * @param options detector, input size and minimum score
     * @param budget  the request's allowance of fallback detector runs
     * @param tracked the previous frame's one face box, or null (then as {@link #analyze(RgbImage, AnalysisOptions,
     *                DetectorBudget)})
     * @return one {@link Face} per detection, highest score first
     * @throws InvalidImageException if the image cannot be scaled to the detector's input
     */
    public List<Face> analyze(RgbImage image, AnalysisOptions options, DetectorBudget budget, Box tracked) {
        return described(image, detectTracked(image, options, budget, tracked), options);
    }

    private List<Face> described(RgbImage image, List<Detection> detections, AnalysisOptions options) {
        List<Face> faces = new ArrayList<>();
        for (Detection detection : detections) {
            try {
                faces.add(describe(image, detection, options.pipeline()));
            } catch (FaceOutsideImageException e) {
                // A box hanging past the border can give a crop with no pixel in the image: no usable face.
            }
        }
        return faces;
    }

    /**
     * Finds faces. With {@link Pipeline#FACEAPI} the chosen detector runs once on the picture. With
     * {@link Pipeline#SERVER} each detector run looks at the picture and at the picture zoomed out
     * ({@link ZoomedOut}, {@link #ZOOM_OUT_FACTOR}): both face-api.js detectors miss faces that fill most of the
     * frame, and would otherwise report only a smaller face behind them. The two lists are merged, a zoomed-out
     * detection that overlaps one of the picture's (IoU above {@link #SAME_FACE_IOU}) being the same face. When that
     * finds nothing the engine falls back in turn to: the other detector at the same minimum score; the chosen
     * detector at {@link #FALLBACK_MIN_SCORE}; the other one at that score. The first run that finds a face wins.
     * No fallback invents a face where no detector found one, and none assumes where in the picture a face is. A
     * frame with a face costs two detector runs; one without, eight.
     *
     * @param image   the image
     * @param options detector, input size, minimum score and pipeline
     * @return detections, highest score first, boxes in image px (a box may hang past the border)
     */
    public List<Detection> detect(RgbImage image, AnalysisOptions options) {
        return detect(image, options, DetectorBudget.unlimited());
    }

    /**
     * As {@link #detect(RgbImage, AnalysisOptions)}; each fallback step (two detector runs) is taken only while the
     * budget allows it, so a faceless frame costs {@link DetectorBudget#FIRST_LOOK} runs once the request's
     * allowance is spent.
     *
     * @param image   the image
     * @param options detector, input size, minimum score and pipeline
     * @param budget  the request's allowance of fallback detector runs
     * @return detections, highest score first, boxes in image px
     */
    public List<Detection> detect(RgbImage image, AnalysisOptions options, DetectorBudget budget) {
        if (options.pipeline() == Pipeline.FACEAPI) {
            return detectOnce(image, options);
        }
        return detectServer(image, options, budget, null);
    }

    /**
     * The server pipeline's detection of a frame whose previous frame (of one challenge answer) showed one face at
     * {@code tracked}, at about half the cost of {@link #detect(RgbImage, AnalysisOptions, DetectorBudget)} and
     * with the same result in every case where the full detection's zoomed-out look adds no face. The picture is
     * looked at whole, as always (any second face of the sizes the detector finds there); when that finds exactly
     * one face and it overlaps the tracked one (IoU above {@link #SAME_FACE_IOU}), the zoomed-out look, whose only
     * use is to find faces too big for the picture's look, is made on a canvas of {@link #GUARD_INPUT_SIZE} px
     * instead of the detector's input size (the <i>guard look</i>: the same relative size of faces, since the tiny
     * detector's anchors are in cells of its input; a 16th of the pixels at 416). When the guard look sees no other
     * face, the picture's one face is the result (what the full detection returns when its zoomed-out look finds
     * only that face again); otherwise, and in every other case (no face, several faces, a face elsewhere, SSD as
     * the detector, face-api.js's pipeline), the full detection runs, reusing the picture's look. Two detector runs
     * per tracked frame, as before; see README, <i>Load run</i>, for the cost.
     *
     * @param image   the image
     * @param options detector, input size, minimum score and pipeline
     * @param budget  the request's allowance of fallback detector runs
     * @param tracked the previous frame's one face box, or null
     * @return detections, highest score first, boxes in image px
     * @throws InvalidImageException if the image cannot be scaled to the detector's input
     */
    public List<Detection> detectTracked(RgbImage image, AnalysisOptions options, DetectorBudget budget,
                                         Box tracked) {
        if (tracked == null || options.pipeline() != Pipeline.SERVER || options.detector() != DetectorKind.TINY) {
            return detect(image, options, budget);
        }
        List<Detection> picture = detectOnce(image, options);
        if (picture.size() == 1 && picture.get(0).box().iou(tracked) > SAME_FACE_IOU) {
            ZoomedOut guard = ZoomedOut.of(image, ZOOM_OUT_FACTOR, GUARD_INPUT_SIZE);
            List<Detection> seen = guard.toPicture(detectOnce(guard.canvas(), new AnalysisOptions(DetectorKind.TINY,
                    GUARD_INPUT_SIZE, options.minScore(), options.pipeline())));
            if (merge(picture, seen).size() == 1) {
                return picture;
            }
        }
        return detectServer(image, options, budget, picture);
    }

    /** The server pipeline's looks and fallbacks; {@code picture}: the first run's look at the picture, if made. */
    private List<Detection> detectServer(RgbImage image, AnalysisOptions options, DetectorBudget budget,
                                         List<Detection> picture) {
        ZoomedOut zoomed = ZoomedOut.of(image, ZOOM_OUT_FACTOR);
        DetectorKind other = options.detector() == DetectorKind.TINY ? DetectorKind.SSD : DetectorKind.TINY;
        double low = Math.min(options.minScore(), FALLBACK_MIN_SCORE);
        List<AnalysisOptions> runs = List.of(options,
                kind(other, options, options.minScore()),
                kind(options.detector(), options, low),
                kind(other, options, low));
        List<Detection> found = List.of();
        for (int i = 0; i < runs.size(); i++) {
            if (i > 0 && !budget.take(2)) {
                return found;
            }
            AnalysisOptions run = runs.get(i);
            List<Detection> look = i == 0 && picture != null ? picture : detectOnce(image, run);
            found = merge(look, zoomed.toPicture(detectOnce(zoomed.canvas(), run)));
            if (!found.isEmpty()) {
                return found;
            }
        }
        return found;
    }

    /** The picture's detections plus the zoomed-out ones that are not one of them, highest score first. */
    private static List<Detection> merge(List<Detection> picture, List<Detection> zoomedOut) {
        List<Detection> merged = new ArrayList<>(picture);
        for (Detection d : zoomedOut) {
            boolean seen = false;
            for (Detection p : picture) {
                seen |= p.box().iou(d.box()) > SAME_FACE_IOU;
            }
            if (!seen) {
                merged.add(d);
            }
        }
        merged.sort(Comparator.comparingDouble(Detection::score).reversed());
        return merged;
    }

    /**
     * Minimum detector score of the server pipeline's last fallbacks. Chosen on LFW View 1 (README, "Accuracy
     * and thresholds"): below face-api.js's 0.5, the tiny detector still finds mostly real faces.
     */
    public static final double FALLBACK_MIN_SCORE = 0.15;

    /**
     * Canvas side ÷ picture side of the server pipeline's second look ({@link ZoomedOut}): the picture fills the
     * middle half of each dimension. On LFW View 1 it takes the accuracy from 98.3% to 99.1% (README).
     */
    public static final double ZOOM_OUT_FACTOR = 2.0;

    /** Above this IoU a zoomed-out detection is the same face as one found on the picture. */
    public static final double SAME_FACE_IOU = 0.3;

    /**
     * Canvas side and tiny-detector input of a tracked frame's guard look ({@link #detectTracked}), px: a multiple
     * of 32. At 256 a 640–800 px frame fills 128 px of the canvas, so a face filling most of the frame (what the
     * zoomed-out look is for) is 60–100 px there, well above the detector's smallest faces (about 40 px at its
     * input); faces of a sixth of the frame and smaller are the picture look's.
     */
    public static final int GUARD_INPUT_SIZE = 256;

    private static AnalysisOptions kind(DetectorKind kind, AnalysisOptions base, double minScore) {
        return kind == DetectorKind.TINY
                ? new AnalysisOptions(DetectorKind.TINY, base.detector() == DetectorKind.TINY ? base.inputSize()
                : TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE, minScore, base.pipeline())
                : AnalysisOptions.ssd(minScore).withPipeline(base.pipeline());
    }

    /**
     * @return detector runs (one network inference each, tiny or SSD) made by this engine since it was loaded; a
     *         counter for tests and metrics
     */
    public long detectorRuns() {
        return detectorRuns.sum();
    }

    private List<Detection> detectOnce(RgbImage image, AnalysisOptions options) {
        detectorRuns.increment();
        return switch (options.detector()) {
            case TINY -> tiny.detect(image, TinyFaceDetectorOptions.of(options.inputSize(), options.minScore()));
            case SSD -> ssd().detect(image, new SsdMobilenetV1Options(options.minScore(),
                    SsdMobilenetV1Options.DEFAULT.maxResults()));
        };
    }

    /** @return SSD MobileNet v1, opened now if {@link #loadWithoutSsd} left it out */
    private SsdMobilenetV1Detector ssd() {
        SsdMobilenetV1Detector loaded = ssd;
        if (loaded == null) {
            synchronized (this) {
                loaded = ssd;
                if (loaded == null) {
                    loaded = new SsdMobilenetV1Detector(ssdSource, ssdThreads);
                    ssd = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * face-api.js's description ({@link Pipeline#FACEAPI}).
     *
     * @param image     the image
     * @param detection a detection in it
     * @return landmarks and descriptor for that detection
     * @throws FaceOutsideImageException if the recognition crop has no pixel in the image
     */
    public Face describe(RgbImage image, Detection detection) {
        return describe(image, detection, Pipeline.FACEAPI);
    }

    /**
     * @param image     the image
     * @param detection a detection in it
     * @param pipeline  {@link Pipeline#FACEAPI}: axis-aligned crop as face-api.js; {@link Pipeline#SERVER}: chip
     *                  aligned to dlib's template
     * @return landmarks and descriptor for that detection
     * @throws FaceOutsideImageException if the recognition crop has no pixel in the image
     */
    public Face describe(RgbImage image, Detection detection, Pipeline pipeline) {
        FaceLandmarks landmarks = landmarker.landmarks(image, detection.box());
        if (pipeline == Pipeline.SERVER) {
            landmarks = refine(image, landmarks);
        }
        float[] descriptor = pipeline == Pipeline.SERVER ? recognizer.describeAligned(image, landmarks)
                : recognizer.describe(image, landmarks);
        return new Face(detection, landmarks, descriptor);
    }

    /**
     * The server pipeline's second landmark pass, on a box rebuilt from the first landmarks
     * ({@link LandmarkBox}), taken whole even where it hangs past the border and averaged with its mirror image
     * ({@link FaceLandmarker#landmarksInSquare}); the first landmarks are kept if the rebuilt box has no usable
     * pixel.
     */
    private FaceLandmarks refine(RgbImage image, FaceLandmarks first) {
        Box box = LandmarkBox.around(first);
        if (!(box.width() >= 1) || box.x() >= image.width() || box.y() >= image.height()
                || box.x() + box.width() <= 0 || box.y() + box.height() <= 0) {
            return first;
        }
        return landmarker.landmarksInSquare(image, box, true);
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
     * @return the version of the login pipeline ({@link Pipeline#SERVER}); templates made by another version are
     *         not comparable with its descriptors
     */
    public String pipelineVersion() {
        return Pipeline.SERVER.version();
    }

    /**
     * @param pipeline a pipeline
     * @return the version stored with templates it makes
     */
    public String pipelineVersion(Pipeline pipeline) {
        return pipeline.version();
    }

    @Override
    public void close() {
        tiny.close();
        synchronized (this) {
            if (ssd != null) {
                ssd.close();
            }
        }
        landmarker.close();
        recognitionNet.close();
    }
}
