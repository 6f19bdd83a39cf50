package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;
import io.facegate.face.match.Descriptors;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.TestImages;

/** The server pipeline ({@link Pipeline#SERVER}) against face-api.js's on real faces and on a blank frame. */
class ServerPipelineTest {

    private static FaceEngine engine;

    @BeforeAll
    static void load() {
        engine = FaceEngine.load(FaceApiReference.models(), 2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static BufferedImage rotated(BufferedImage src, double degrees) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), src.getWidth() / 2.0, src.getHeight() / 2.0);
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static float[] describe(BufferedImage frame, Pipeline pipeline) {
        List<Face> faces = engine.analyze(TestImages.of(frame), AnalysisOptions.DEFAULT.withPipeline(pipeline));
        assertThat(faces).as("faces with " + pipeline).hasSize(1);
        return faces.get(0).descriptor();
    }

    @Test
    void alignedChipUndoesAnInPlaneRotation() {
        // A head tilted by 20°: face-api.js's axis-aligned crop sees a rotated face, the server's chip is rotated
        // back, so the server's descriptor moves less.
        for (FaceSamples.Person p : FaceSamples.distinctPeople(3, 0.8)) {
            BufferedImage tilted = rotated(p.frame(), 20);
            double faceapi = Descriptors.distance(describe(p.frame(), Pipeline.FACEAPI),
                    describe(tilted, Pipeline.FACEAPI));
            double server = Descriptors.distance(describe(p.frame(), Pipeline.SERVER),
                    describe(tilted, Pipeline.SERVER));
            assertThat(server).as(p.label()).isLessThan(faceapi).isLessThan(0.25);
        }
    }

    @Test
    void differentPeopleStayApart() {
        List<FaceSamples.Person> people = FaceSamples.distinctPeople(3, 0.8);
        for (int i = 0; i < people.size(); i++) {
            for (int j = i + 1; j < people.size(); j++) {
                assertThat(Descriptors.distance(describe(people.get(i).frame(), Pipeline.SERVER),
                        describe(people.get(j).frame(), Pipeline.SERVER))).isGreaterThan(0.6);
            }
        }
    }

    @Test
    void fallbacksInventNoFace() {
        BufferedImage blank = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(new Color(120, 110, 100));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        RgbImage image = TestImages.of(blank);
        assertThat(engine.detect(image, AnalysisOptions.DEFAULT.withPipeline(Pipeline.SERVER))).isEmpty();
    }

    @Test
    void pipelinesHaveDistinctVersionsThatFitTheColumn() {
        assertThat(Pipeline.SERVER.version()).isNotEqualTo(Pipeline.FACEAPI.version());
        assertThat(Pipeline.SERVER.version().length()).isLessThanOrEqualTo(64);
        assertThat(engine.pipelineVersion(Pipeline.FACEAPI)).isEqualTo(Pipeline.FACEAPI.version());
        assertThat(Pipeline.parse("Server")).isEqualTo(Pipeline.SERVER);
        assertThat(Pipeline.parse("faceapi")).isEqualTo(Pipeline.FACEAPI);
        assertThatThrownBy(() -> Pipeline.parse("dlib")).hasMessageContaining("server");
    }
}
