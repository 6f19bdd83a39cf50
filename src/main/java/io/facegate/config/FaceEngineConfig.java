package io.facegate.config;

import java.util.Locale;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.facegate.account.EngineFaceEnrollment;
import io.facegate.account.EnrolledGallery;
import io.facegate.account.FaceEnrollment;
import io.facegate.account.FaceTemplateRepository;
import io.facegate.account.FaceTemplateStore;
import io.facegate.account.GalleryChanges;
import io.facegate.account.GallerySync;
import io.facegate.account.LabelStore;
import io.facegate.account.TemplateMigration;
import io.facegate.account.UserRepository;
import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.EnrollmentRules;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.storedimage.StoredImages;
import io.facegate.face.match.MatchPolicy;
import io.facegate.login.EngineFaceVerification;
import io.facegate.login.FaceVerification;

/**
 * The face engine and the server-side face flows built on it, from {@code facegate.face.*}. The engine loads
 * its four networks from the jar once, at start (about 1 s), and is shared by every request.
 */
@Configuration(proxyBeanMethods = false)
public class FaceEngineConfig {

    /**
     * @return the engine's load, started as soon as the bean definitions are known (a static method: it is a bean
     *         factory post-processor, made before the configuration's own instance)
     */
    @Bean
    public static FaceEnginePreload faceEnginePreload() {
        return new FaceEnginePreload();
    }

    /** @return the engine, as {@link FaceEnginePreload} loaded it; closed with the context */
    @Bean(destroyMethod = "close")
    public FaceEngine faceEngine(FaceEnginePreload preload) {
        return preload.take();
    }

    /**
     * Checks every {@code facegate.face.*} value that the face beans would refuse, without building anything;
     * {@link EarlySettingsCheck} calls it before the context starts.
     *
     * @param face the settings
     * @throws InvalidSettingException naming the first wrong setting
     */
    static void check(FaceGateProperties.Face face) {
        threads(face);
        detector(face.detector());
        pipeline(face.pipeline());
        matchPolicy(face);
    }

    static int threads(FaceGateProperties.Face face) {
        if (face.threads() < 1) {
            throw new InvalidSettingException("FACE_THREADS is " + face.threads()
                    + "; give the number of ONNX Runtime threads per network run, 1 or more (default 2).");
        }
        return face.threads();
    }

    /**
     * @return the upload decoder: 25 MB, 2 decodes at once, and at most a Full HD camera frame's 2.07 megapixels
     *         ({@link DecodeLimits#CAMERA_MAX_PIXELS}), or fewer when two worst-case decodes would not fit in half
     *         the heap ({@link DecodeLimits#forCameraFrames}), so that a heap limit bounds hostile uploads instead
     *         of ending in an OutOfMemoryError
     */
    @Bean
    public ImageDecoder imageDecoder() {
        DecodeLimits limits = DecodeLimits.forCameraFrames(Runtime.getRuntime().maxMemory());
        if (limits.maxPixels() < DecodeLimits.CAMERA_MAX_PIXELS) {
            LoggerFactory.getLogger(FaceEngineConfig.class).info("Uploads: at most {} megapixels per image (2 decodes"
                    + " at once in half of the {} MB heap)", String.format(Locale.ROOT, "%.1f",
                    limits.maxPixels() / 1e6), Runtime.getRuntime().maxMemory() >> 20);
        }
        return new ImageDecoder(limits);
    }

    /** @return the thresholds of verification and identification */
    @Bean
    public MatchPolicy matchPolicy(FaceGateProperties properties) {
        return matchPolicy(properties.face());
    }

    /**
     * Smallest {@code facegate.face.identification-threshold} refused at start-up: the setting was a nearest-template
     * distance (0.40, then 0.41) until the 1:N score replaced it (default 0.31); on the LFW protocol's calibration
     * half a score threshold of 0.36 or more no longer refused any stranger at N ≤ 10 (the per-frame limit alone
     * decided), so such a value is taken for the old distance setting, not silently used as a score.
     */
    static final double LARGEST_SCORE_THRESHOLD = 0.36;

    private static MatchPolicy matchPolicy(FaceGateProperties.Face f) {
        if (f.verificationThreshold() != null) {
            throw new InvalidSettingException("facegate.face.verification-threshold (" + f.verificationThreshold()
                    + ") is no longer read, because 1:1 now measures the distance to the mean of the account's"
                    + " templates, on another scale: remove it, or set facegate.face.verification-mean-threshold"
                    + " (default 0.44) instead.");
        }
        if (f.identificationThreshold() >= LARGEST_SCORE_THRESHOLD) {
            throw new InvalidSettingException("facegate.face.identification-threshold is "
                    + f.identificationThreshold() + ", which looks like the earlier nearest-template distance (0.40,"
                    + " 0.41), but it is now a 1:N score (default 0.31) that refuses nothing from "
                    + LARGEST_SCORE_THRESHOLD + " up: remove the line or give a score below " + LARGEST_SCORE_THRESHOLD
                    + ".");
        }
        try {
            return new MatchPolicy(f.verificationMeanThreshold(), f.identificationThreshold(),
                    f.identificationMargin(), MatchPolicy.DEFAULT.thresholdDropPerDecade(),
                    MatchPolicy.DEFAULT.spreadNormalised());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("facegate.face.verification-mean-threshold ("
                    + f.verificationMeanThreshold() + "), identification-threshold (" + f.identificationThreshold()
                    + ") and identification-margin (" + f.identificationMargin() + ") must be positive distances"
                    + " (the margin may be 0); the defaults are 0.44, 0.31 and 0.08.");
        }
    }

    /** @return the per-frame checks shared by Face ID setup and face login */
    @Bean
    public FrameAnalyzer frameAnalyzer(ImageDecoder decoder, FaceEngine engine, FaceGateProperties properties) {
        FaceGateProperties.Face f = properties.face();
        AnalysisOptions options = new AnalysisOptions(detector(f.detector()), f.inputSize(), f.minScore(),
                pipeline(f.pipeline()));
        FrameAnalyzer.Rules rules = new FrameAnalyzer.Rules(f.minFaceWidth(),
                FrameAnalyzer.Rules.DEFAULT.minFrameLuma(), FrameAnalyzer.Rules.DEFAULT.minFaceLuma());
        return new FrameAnalyzer(decoder, engine, options, rules);
    }

    private static DetectorKind detector(String name) {
        try {
            return DetectorKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("FACE_DETECTOR is '" + name + "'; use tiny or ssd.");
        }
    }

    private static Pipeline pipeline(String name) {
        try {
            return Pipeline.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("FACE_PIPELINE is '" + name + "'; use server or faceapi.");
        }
    }

    /** @return this instance's in-memory gallery of the current pipeline's templates */
    @Bean
    public EnrolledGallery enrolledGallery(MatchPolicy policy, FrameAnalyzer frames, FaceTemplateRepository templates) {
        return new EnrolledGallery(policy, frames.pipelineVersion(), templates);
    }

    /** @return the sync of the gallery with the database ({@code facegate.face.gallery-sync-interval}) */
    @Bean
    public GallerySync gallerySync(EnrolledGallery gallery, GalleryChanges changes, FaceGateProperties properties) {
        return new GallerySync(gallery, changes, properties);
    }

    /** @return Face ID setup on the engine, with the enrollment rules ({@code facegate.face.enroll-*}) */
    @Bean
    public FaceEnrollment faceEnrollment(FrameAnalyzer frames, FaceTemplateStore store,
                                         FaceGateProperties properties) {
        FaceGateProperties.Face f = properties.face();
        EnrollmentRules rules = EnrollmentRules.DEFAULT.with(f.enrollFrames(), f.enrollMinFaceWidth());
        return new EngineFaceEnrollment(frames, rules, store);
    }

    /** @return face login on the engine */
    @Bean
    public FaceVerification faceVerification(FrameAnalyzer frames, EnrolledGallery gallery, FaceTemplateStore store,
                                             UserRepository users, MatchPolicy policy, StoredImages storedImages) {
        return new EngineFaceVerification(frames, gallery, store, users, policy, storedImages);
    }

    /** @return the start-up migration of templates made by another pipeline */
    @Bean
    public TemplateMigration templateMigration(FaceTemplateStore store, LabelStore labels, FrameAnalyzer frames) {
        return new TemplateMigration(store, labels, frames);
    }
}
