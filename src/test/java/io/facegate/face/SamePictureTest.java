package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;

/**
 * {@link SamePicture}: the same pixels (any lossless file) are one picture; consecutive frames of a real camera
 * are not. Prints the differences {@link SamePicture#MAX_DIFFERENCE} was chosen from.
 */
class SamePictureTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    private RgbImage decode(byte[] bytes) {
        return decoder.decode(bytes);
    }

    /** @return the frame as the server has it from a PNG upload */
    private RgbImage asSent(BufferedImage frame) {
        return decode(FaceSamples.encode(frame, "png"));
    }

    @Test
    void identicalAndLosslessCopiesAreTheSamePicture() {
        BufferedImage frame = FaceSamples.distinctPeople(1, 0.8).get(0).frame();
        RgbImage png = decode(FaceSamples.encode(frame, "png"));
        assertThat(SamePicture.difference(png, decode(FaceSamples.encode(frame, "png")))).isZero();
        assertThat(SamePicture.same(png, decode(FaceSamples.encode(frame, "bmp")))).isTrue();
        byte[] jpeg = FaceSamples.encode(frame, "jpg");
        assertThat(SamePicture.same(decode(jpeg), decode(jpeg.clone()))).isTrue();
        // A frame of another size is another picture.
        assertThat(SamePicture.same(png, decode(FaceSamples.encode(LivenessClips.scale(frame, 0.5), "png"))))
                .isFalse();
    }

    @Test
    void stillCameraShotsAreSeparatePictures() {
        FaceSamples.Person person = FaceSamples.distinctPeople(1, 0.8).get(0);
        double d = SamePicture.difference(decode(person.shot(0)), decode(person.shot(1)));
        System.out.printf("two shots (sensor noise σ = 2): %.3f levels%n", d);
        assertThat(d).isGreaterThan(SamePicture.MAX_DIFFERENCE);
    }

    @Test
    void consecutiveFramesOfARealCameraAreSeparatePictures() {
        // Each frame is sent (PNG) and decoded once, and compared with the frame before and the frame after.
        double smallest = Double.POSITIVE_INFINITY;
        RgbImage previous = null;
        for (BufferedImage frame : LivenessClips.blink(0, 96)) {
            RgbImage current = asSent(frame);
            if (previous != null) {
                smallest = Math.min(smallest, SamePicture.difference(previous, current));
            }
            previous = current;
        }
        System.out.printf("blink clip, consecutive frames as coded (~24 fps): smallest difference %.3f levels%n", smallest);
        assertThat(smallest).isGreaterThan(SamePicture.MAX_DIFFERENCE);
        List<BufferedImage> turn = LivenessClips.headTurn(2);
        previous = asSent(turn.get(0));
        for (int i = 0; i + 1 < turn.size(); i++) {
            RgbImage next = asSent(turn.get(i + 1));
            assertThat(SamePicture.same(previous, next)).as("head-turn frames %d, %d", i, i + 1).isFalse();
            previous = next;
        }
    }
}
