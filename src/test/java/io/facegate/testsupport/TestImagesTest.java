package io.facegate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;

/**
 * {@link TestImages#crop(BufferedImage, int, int, int, int)} reads the usual image types from the raster: the
 * bytes must be those {@code getRGB} gives, for the whole image, a region and a sub-image, and for ImageIO's JPEG
 * decoding (TYPE_3BYTE_BGR) and every other type through {@code getRGB} itself.
 */
class TestImagesTest {

    @Test
    void theRasterPathsGiveTheBytesOfGetRgb() {
        BufferedImage source = noise(97, 61);
        BufferedImage rgb = null;
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage img = new BufferedImage(source.getWidth(), source.getHeight(), type);
            Graphics2D g = img.createGraphics();
            g.drawImage(source, 0, 0, null);
            g.dispose();
            sameAsGetRgb(img, "type " + type);
            rgb = type == BufferedImage.TYPE_INT_RGB ? img : rgb;
            sameAsGetRgb(img.getSubimage(11, 7, 50, 40), "sub-image of type " + type);
        }
        BufferedImage jpeg = StillAttacks.decode(StillAttacks.jpeg(rgb, 0.9f));
        assertThat(jpeg.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        sameAsGetRgb(jpeg, "a decoded JPEG");
    }

    private static void sameAsGetRgb(BufferedImage img, String what) {
        RgbImage whole = TestImages.of(img);
        assertThat(whole.rgb()).as(what).isEqualTo(
                TestImages.viaGetRgb(img, 0, 0, img.getWidth(), img.getHeight()).rgb());
        assertThat(TestImages.crop(img, 3, 5, 20, 17).rgb()).as(what + ", region")
                .isEqualTo(TestImages.viaGetRgb(img, 3, 5, 20, 17).rgb());
        assertThat(whole.rgb()).as(what + ": not all one colour").isNotEqualTo(new byte[whole.rgb().length]);
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(7);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)).getRGB());
            }
        }
        return img;
    }
}
