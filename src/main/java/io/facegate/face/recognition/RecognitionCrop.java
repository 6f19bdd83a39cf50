package io.facegate.face.recognition;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.NetInput;

/**
 * The image region FaceRecognitionNet sees for a face, computed from its 68 landmarks exactly as face-api.js 1.7.15
 * does when it computes descriptors ({@code landmarks.align(null, {useDlibAlignment: true})} in
 * {@code globalApi/ComputeFaceDescriptorsTasks.ts}, i.e. {@code FaceLandmarks.alignDlib()}, then
 * {@code Box.clipAtImageBorders()} in {@code dom/extractFaceTensors.ts}):
 *
 * <ol>
 *   <li>centres (means) of points 36–41, 42–47 (the eyes) and 48–67 (the mouth);</li>
 *   <li>{@code size = floor(d / 0.45)}, d the mean of the two eye-centre-to-mouth-centre distances
 *       ({@code relScale = 0.45});</li>
 *   <li>reference point r = mean of the three centres; {@code x = floor(max(0, r.x − 0.5·size))},
 *       {@code y = floor(max(0, r.y − 0.43·size))} ({@code relX = 0.5}, {@code relY = 0.43});</li>
 *   <li>the {@code size×size} box is clipped to the image and floored. It is axis-aligned: no rotation.</li>
 * </ol>
 *
 * <p>One face-api.js detail is not reproduced: it also caps the width at {@code x + w} and the height at
 * {@code y + h}, where w×h is the size of the detection crop the landmark net ran on (a bookkeeping side effect,
 * not a clip to the image). That cap only bites when the box is pushed against the left or top border and is
 * wider than the detection box.
 */
public final class RecognitionCrop {

    /** {@code relScale} in face-api.js's FaceLandmarks.ts: eye-to-mouth distance / box size. */
    public static final double REL_SCALE = 0.45;
    /** {@code relX}: the reference point sits this fraction of the size from the box's left edge. */
    public static final double REL_X = 0.5;
    /** {@code relY}: the reference point sits this fraction of the size from the box's top edge. */
    public static final double REL_Y = 0.43;

    private RecognitionCrop() {
    }

    /**
     * @param landmarks   the face's 68 landmarks in image px
     * @param imageWidth  image width in px
     * @param imageHeight image height in px
     * @return the crop in whole image px, inside the image
     * @throws FaceOutsideImageException if the landmarks are not finite or the crop has no pixel in the image
     */
    public static NetInput.Region of(FaceLandmarks landmarks, int imageWidth, int imageHeight) {
        Point leftEye = centre(landmarks, 36, 42);
        Point rightEye = centre(landmarks, 42, 48);
        Point mouth = centre(landmarks, 48, 68);
        double eyeToMouth = (distance(mouth, leftEye) + distance(mouth, rightEye)) / 2;
        double size = Math.floor(eyeToMouth / REL_SCALE);
        double refX = (leftEye.x() + rightEye.x() + mouth.x()) / 3;
        double refY = (leftEye.y() + rightEye.y() + mouth.y()) / 3;
        if (!Double.isFinite(size) || !Double.isFinite(refX) || !Double.isFinite(refY)) {
            throw new FaceOutsideImageException("The face landmarks are not finite numbers; detect the face again.");
        }
        double x = Math.floor(Math.max(0, refX - REL_X * size));
        double y = Math.floor(Math.max(0, refY - REL_Y * size));
        double width = Math.floor(Math.min(size, imageWidth - x));
        double height = Math.floor(Math.min(size, imageHeight - y));
        if (width < 1 || height < 1) {
            throw new FaceOutsideImageException("The face's recognition crop (x " + x + ", y " + y + ", size "
                    + size + " px) has no pixel inside the " + imageWidth + "x" + imageHeight
                    + " image; use a frame where the whole face is visible.");
        }
        return new NetInput.Region((int) x, (int) y, (int) width, (int) height);
    }

    /** Mean of points [from, to), summed in order then divided, as face-api.js's getCenterPoint. */
    private static Point centre(FaceLandmarks landmarks, int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += landmarks.get(i).x();
            sy += landmarks.get(i).y();
        }
        return new Point(sx / (to - from), sy / (to - from));
    }

    private static double distance(Point a, Point b) {
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        return Math.sqrt(dx * dx + dy * dy);
    }
}
