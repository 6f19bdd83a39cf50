package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Orientation} on a 3×2 image whose pixels are numbered 1–6 (row-major; value in every channel). */
class OrientationTest {

    /** Stored: row 0 = 1 2 3, row 1 = 4 5 6. Expected: the displayed rows, top to bottom. */
    @ParameterizedTest(name = "EXIF {0}")
    @CsvSource({
            "1, 3, 2, '1 2 3 4 5 6'",
            "2, 3, 2, '3 2 1 6 5 4'",
            "3, 3, 2, '6 5 4 3 2 1'",
            "4, 3, 2, '4 5 6 1 2 3'",
            "5, 2, 3, '1 4 2 5 3 6'",
            "6, 2, 3, '4 1 5 2 6 3'",
            "7, 2, 3, '6 3 5 2 4 1'",
            "8, 2, 3, '3 6 2 5 1 4'"})
    void pixelsLandWhereTheSpecificationSays(int exif, int width, int height, String expected) {
        byte[] rgb = new byte[18];
        for (int i = 0; i < 6; i++) {
            rgb[i * 3] = (byte) (i + 1);
            rgb[i * 3 + 1] = (byte) (i + 1);
            rgb[i * 3 + 2] = (byte) (i + 1);
        }
        RgbImage out = Orientation.fromExif(exif).apply(new RgbImage(3, 2, rgb));
        assertThat(out.width()).isEqualTo(width);
        assertThat(out.height()).isEqualTo(height);
        StringBuilder seen = new StringBuilder();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                seen.append(seen.length() == 0 ? "" : " ").append(out.value(x, y, 0));
                assertThat(out.value(x, y, 2)).isEqualTo(out.value(x, y, 0));
            }
        }
        assertThat(seen.toString()).isEqualTo(expected);
    }

    @Test
    void valuesOutsideTheSpecificationMeanNormal() {
        assertThat(Orientation.fromExif(0)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.fromExif(9)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.ROTATE_90_CW.exifValue()).isEqualTo(6);
    }
}
