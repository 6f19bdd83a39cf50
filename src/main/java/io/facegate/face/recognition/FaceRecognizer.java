package io.facegate.face.recognition;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;

/**
 * Computes a face's descriptor from an image and the face's 68 landmarks, as face-api.js's
 * {@code withFaceDescriptors()} does: crop ({@link RecognitionCrop}), pad the crop centred to a square with zeros,
 * resize to 150×150 (TF legacy bilinear), subtract the mean RGB (122.782, 117.001, 104.298), divide by 255
 * (constants from {@code FaceRecognitionNet.ts}), run {@link FaceRecognitionNet}.
 *
 * <p>Thread-safe; share one instance.
 */
public final class FaceRecognizer {

    /**
     * Identifies the descriptor space this class produces; descriptors of different versions must not be
     * compared. Stored with each enrolled template.
     */
    public static final String MODEL_VERSION = "face-api.js-1.7.15/face_recognition_model/dlib-crop-150";

    /** Per-channel mean in 0–255 units, {@code meanRgb} in face-api.js's FaceRecognitionNet.ts. */
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    /** Divisor after the mean subtraction, {@code .div(255)} in FaceRecognitionNet.ts. */
    private static final float DIVISOR = 255f;

    private final FaceRecognitionNet net;

    /** @param net the network, shared */
    public FaceRecognizer(FaceRecognitionNet net) {
        this.net = net;
    }

    /**
     * @param image     the image the landmarks were found in
     * @param landmarks the face's 68 landmarks, in image px
     * @return the region fed to the network, in whole image px
     * @throws FaceOutsideImageException if the crop has no pixel inside the image
     */
    public NetInput.Region cropBox(RgbImage image, FaceLandmarks landmarks) {
        return RecognitionCrop.of(landmarks, image.width(), image.height());
    }

    /**
     * @param image     the image the landmarks were found in
     * @param landmarks the face's 68 landmarks, in image px
     * @return the face descriptor, {@code float[128]}, not normalised
     * @throws FaceOutsideImageException if the crop has no pixel inside the image
     */
    public float[] describe(RgbImage image, FaceLandmarks landmarks) {
        NetInput.Region crop = cropBox(image, landmarks);
        float[] input = NetInput.toNchw(image, crop, true, FaceRecognitionNet.INPUT_SIZE, MEAN_RGB, DIVISOR);
        return net.compute(input);
    }

    /**
     * Length every server-pipeline descriptor is scaled to: 1.42, the median length of the chip-and-mirror mean
     * descriptor over the 6,571 LFW images of the identification protocol (1st–99th percentile 1.27–1.60). Scaling
     * every descriptor to one length compares directions only (a cosine distance on the scale of the earlier
     * distances, so the thresholds that are not calibrated on LFW, such as Face ID setup's, keep their meaning):
     * on the protocol's calibration half it accepted 93.8% of genuine probes at FMR 6.2e-5 against 90.1% at
     * 7.9e-5 unscaled (README, "Identification (1:N) on LFW").
     */
    public static final double SERVER_DESCRIPTOR_LENGTH = 1.42;

    /**
     * The server pipeline's descriptor: the same network and normalisation on a chip aligned to dlib's template
     * ({@link AlignedChip}) in place of face-api.js's axis-aligned crop; the mean of the descriptors of the chip
     * and of its mirror image (two network runs, about 7 ms on 2 cores), scaled to the length
     * {@value #SERVER_DESCRIPTOR_LENGTH}.
     *
     * @param image     the image the landmarks were found in
     * @param landmarks the face's 68 landmarks, in image px
     * @return the face descriptor, {@code float[128]} of Euclidean length {@value #SERVER_DESCRIPTOR_LENGTH}
     * @throws FaceOutsideImageException if the chip has no pixel inside the image
     */
    public float[] describeAligned(RgbImage image, FaceLandmarks landmarks) {
        float[] chip = AlignedChip.toNchw(image, landmarks, MEAN_RGB, DIVISOR);
        float[] a = net.compute(chip);
        float[] b = net.compute(NetInput.mirrored(chip, AlignedChip.SIZE));
        float[] mean = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            mean[i] = (a[i] + b[i]) / 2;
        }
        return scaled(mean, SERVER_DESCRIPTOR_LENGTH);
    }

    /**
     * @param descriptor a descriptor (changed in place)
     * @param length     the Euclidean length wanted
     * @return {@code descriptor}, scaled to {@code length}; unchanged if it is all zeros
     */
    static float[] scaled(float[] descriptor, double length) {
        double sum = 0;
        for (float v : descriptor) {
            sum += (double) v * v;
        }
        if (sum > 0) {
            double factor = length / Math.sqrt(sum);
            for (int i = 0; i < descriptor.length; i++) {
                descriptor[i] = (float) (descriptor[i] * factor);
            }
        }
        return descriptor;
    }
}
