package io.facegate.load;

import java.awt.geom.AffineTransform;

/**
 * How one camera captured one challenge answer from the head-turn clip: the picture mirrored or not (the clip's
 * person turning to their left, mirrored, is a person turning to their right), and stretched along an axis as a
 * camera with another pixel aspect or lens would (a uniform affine change, so the clip's real motion is kept),
 *
 * @param mirrored    flipped left to right
 * @param stretch     relative stretch along the axis (0.18 = 18% longer)
 * @param axisDegrees direction of the stretch in the image, degrees from the horizontal
 */
record Capture(boolean mirrored, double stretch, double axisDegrees) {

    /**
     * @param width  frame width, px
     * @param height frame height, px
     * @return the transform about the frame's centre, from clip frame to captured frame
     */
    AffineTransform transform(int width, int height) {
        AffineTransform t = new AffineTransform();
        t.translate(width / 2.0, height / 2.0);
        t.rotate(Math.toRadians(axisDegrees));
        t.scale(1 + stretch, 1);
        t.rotate(-Math.toRadians(axisDegrees));
        if (mirrored) {
            t.scale(-1, 1);
        }
        t.translate(-width / 2.0, -height / 2.0);
        return t;
    }
}
