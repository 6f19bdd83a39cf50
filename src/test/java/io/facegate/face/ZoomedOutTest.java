package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;

class ZoomedOutTest {

    private static RgbImage picture(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i % 251);
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void putsThePictureUnchangedInTheMiddleOfAGreyCanvas() {
        RgbImage p = picture(4, 2);
        ZoomedOut z = ZoomedOut.of(p, 2);

        assertThat(z.canvas().width()).isEqualTo(8);
        assertThat(z.canvas().height()).isEqualTo(4);
        assertThat(z.left()).isEqualTo(2);
        assertThat(z.top()).isEqualTo(1);
        assertThat(z.scale()).isEqualTo(1.0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                for (int c = 0; c < 3; c++) {
                    boolean inside = x >= 2 && x < 6 && y >= 1 && y < 3;
                    int expected = inside ? p.value(x - 2, y - 1, c) : ZoomedOut.BORDER_GREY;
                    assertThat(z.canvas().value(x, y, c)).as("(%d,%d,%d)", x, y, c).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void mapsCanvasBoxesBackToThePicture() {
        ZoomedOut z = ZoomedOut.of(picture(100, 50), 2);
        List<Detection> back = z.toPicture(List.of(new Detection(new Box(60, 30, 20, 10), 0.9)));

        assertThat(back).containsExactly(new Detection(new Box(10, 5, 20, 10), 0.9));
    }

    @Test
    void shrinksPicturesTooLargeForTheCanvasCapAndMapsBoxesBackToFullSize() {
        // 2000×1000 at factor 2 would be 4000×2000; the cap makes the picture 640×320 on a 1280×640 canvas.
        byte[] flat = new byte[2000 * 1000 * 3];
        java.util.Arrays.fill(flat, (byte) 200);
        ZoomedOut z = ZoomedOut.of(new RgbImage(2000, 1000, flat), 2);

        assertThat(z.canvas().width()).isEqualTo(ZoomedOut.MAX_CANVAS_SIDE);
        assertThat(z.canvas().height()).isEqualTo(640);
        assertThat(z.scale()).isEqualTo(0.32);
        assertThat(z.canvas().value(640, 320, 0)).isEqualTo(200); // box filter of a flat picture stays flat
        assertThat(z.canvas().value(100, 100, 0)).isEqualTo(ZoomedOut.BORDER_GREY);
        Box back = z.toPicture(List.of(new Detection(new Box(320 + 32, 160 + 16, 64, 32), 1))).get(0).box();
        assertThat(back.x()).isCloseTo(100, within(1e-9));
        assertThat(back.y()).isCloseTo(50, within(1e-9));
        assertThat(back.width()).isCloseTo(200, within(1e-9));
        assertThat(back.height()).isCloseTo(100, within(1e-9));
    }

    @Test
    void refusesAFactorBelowOne() {
        assertThatThrownBy(() -> ZoomedOut.of(picture(2, 2), 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
