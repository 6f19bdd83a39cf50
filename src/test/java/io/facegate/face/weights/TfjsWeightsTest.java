package io.facegate.face.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.facegate.testsupport.FaceApiReference;

/**
 * Reading some tensors of a model (the SSD's anchors when the network itself comes from its ONNX file): the same
 * values as a full read, the skipped tensors' bytes passed over correctly (the anchors come after every quantised
 * tensor of the SSD model), and a name the model lacks refused.
 */
class TfjsWeightsTest {

    private static final String SSD = "ssd_mobilenetv1_model";
    private static final String ANCHORS = "Output/extra_dim";

    @Test
    void readsOnlyTheNamedTensorsWithTheValuesOfAFullRead() {
        ModelSource npm = FaceApiReference.models();
        TfjsWeights all = TfjsWeights.load(npm, SSD);
        TfjsWeights some = TfjsWeights.load(npm, SSD, Set.of(ANCHORS, "MobilenetV1/Conv2d_10_depthwise/BatchNorm/gamma"));
        assertEquals(List.of("MobilenetV1/Conv2d_10_depthwise/BatchNorm/gamma", ANCHORS).stream().sorted().toList(),
                some.names().stream().sorted().toList());
        for (String name : some.names()) {
            assertArrayEquals(all.get(name).data(), some.get(name).data(), name);
            assertArrayEquals(all.get(name).shape(), some.get(name).shape(), name);
        }
    }

    @Test
    void refusesATensorTheModelLacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TfjsWeights.load(FaceApiReference.models(), SSD, Set.of("no/such/tensor")));
        assertEquals("Model " + SSD + " lacks tensors [no/such/tensor]", e.getMessage());
    }
}
