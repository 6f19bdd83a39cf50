package io.facegate.face;

/**
 * An axis-aligned rectangle in image pixels (origin top-left, x to the right, y down).
 *
 * @param x      left edge in px
 * @param y      top edge in px
 * @param width  width in px
 * @param height height in px
 */
public record Box(double x, double y, double width, double height) {

    /** @return the area in px² */
    public double area() {
        return width * height;
    }

    /** @return x of the centre in px */
    public double centreX() {
        return x + width / 2;
    }

    /** @return y of the centre in px */
    public double centreY() {
        return y + height / 2;
    }

    /**
     * @param other another box
     * @return intersection over union, 0–1
     */
    public double iou(Box other) {
        double ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double inter = ix * iy;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
