package io.facegate.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

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

    /** A square around the face, side {@code k} × the face box's, scaled to 250×250: a face filling the frame. */
    private static BufferedImage closeUp(FaceSamples.Person p, double k) {
        Box box = engine.detect(TestImages.of(p.frame()), AnalysisOptions.DEFAULT).get(0).box();
        int side = (int) Math.round(Math.max(box.width(), box.height()) * k);
        int x = (int) Math.round(box.centreX() - side / 2.0);
        int y = (int) Math.round(box.centreY() - side / 2.0);
        BufferedImage out = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 250, 250);
        g.drawImage(p.frame(), 0, 0, 250, 250, x, y, x + side, y + side, null);
        g.dispose();
        return out;
    }

    @Test
    void findsAndRecognisesAFaceThatFillsTheFrame() {
        // A user very close to the camera: the face is ~80% of the frame, larger than either detector was trained
        // on. The zoomed-out look finds it, centred, about as wide as it is, and it matches the person's frame.
        for (FaceSamples.Person p : FaceSamples.distinctPeople(3, 0.8)) {
            BufferedImage close = closeUp(p, 1.2);
            List<Detection> found = engine.detect(TestImages.of(close), AnalysisOptions.DEFAULT);
            assertThat(found).as(p.label()).isNotEmpty();
            Box box = found.get(0).box();
            assertThat(Math.hypot(box.centreX() - 125, box.centreY() - 125)).as(p.label()).isLessThan(40);
            assertThat(box.width()).as(p.label()).isBetween(250 / 1.2 * 0.6, 250 / 1.2 * 1.4);
            assertThat(Descriptors.distance(describe(close, Pipeline.SERVER), describe(p.frame(), Pipeline.SERVER)))
                    .as(p.label()).isLessThan(0.4);
        }
    }

    @Test
    void mirroredLandmarksAreTheMirrorOfTheLandmarks() {
        // With the mirror average, the landmarks of the mirrored picture are those of the picture, mirrored, point
        // for point through FaceLandmarker's left/right table (a wrong pair would be tens of px off).
        FaceSamples.Person p = FaceSamples.distinctPeople(1, 0.8).get(0);
        RgbImage image = TestImages.of(p.frame());
        BufferedImage flippedImage = new BufferedImage(p.frame().getWidth(), p.frame().getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flippedImage.createGraphics();
        g.drawImage(p.frame(), p.frame().getWidth(), 0, -p.frame().getWidth(), p.frame().getHeight(), null);
        g.dispose();
        RgbImage flipped = TestImages.of(flippedImage);
        int w = image.width();
        Box box = engine.detect(image, AnalysisOptions.DEFAULT).get(0).box();
        Box mirroredBox = new Box(w - box.x() - box.width(), box.y(), box.width(), box.height());

        FaceLandmarks a = engine.landmarker().landmarksInSquare(image, box, true);
        FaceLandmarks b = engine.landmarker().landmarksInSquare(flipped, mirroredBox, true);
        double eyes = Math.hypot(a.get(45).x() - a.get(36).x(), a.get(45).y() - a.get(36).y());
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            Point mine = a.get(i);
            Point theirs = b.get(io.facegate.face.landmarks.FaceLandmarker.mirrorOf(i));
            assertThat(Math.hypot(w - 1 - theirs.x() - mine.x(), theirs.y() - mine.y())).as("point %d", i)
                    .isLessThan(0.05 * eyes);
        }
    }

    @Test
    void serverDescriptorsHaveOneLengthAndFaceApiDescriptorsKeepTheirs() {
        // The server pipeline compares directions only: every descriptor is scaled to 1.42, whatever the face; the
        // face-api.js pipeline keeps the network's own output (its lengths differ from face to face).
        List<FaceSamples.Person> people = FaceSamples.distinctPeople(3, 0.8);
        double[] faceapiLengths = new double[people.size()];
        for (int i = 0; i < people.size(); i++) {
            assertThat(length(describe(people.get(i).frame(), Pipeline.SERVER))).as(people.get(i).label())
                    .isCloseTo(1.42, offset(1e-5));
            faceapiLengths[i] = length(describe(people.get(i).frame(), Pipeline.FACEAPI));
        }
        assertThat(faceapiLengths).satisfiesAnyOf(
                l -> assertThat(Math.abs(l[0] - l[1])).isGreaterThan(1e-3),
                l -> assertThat(Math.abs(l[1] - l[2])).isGreaterThan(1e-3));
    }

    private static double length(float[] descriptor) {
        return Descriptors.distance(descriptor, new float[descriptor.length]);
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
