package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagedNetworkTest {

    @Test
    void stageShapesAndFlopsOfTheSmallCnnMatchAHandCount() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StagedNetwork net = Architectures.build("cnn");
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Map<String, Shape> shapes = net.stageShapes();
            assertEquals(new Shape(16, 28, 28), shapes.get("conv1_relu"));
            assertEquals(new Shape(32, 14, 14), shapes.get("conv2_relu"));
            assertEquals(new Shape(32, 7, 7), shapes.get("pool2"));
            assertEquals(new Shape(128), shapes.get("fc1_relu"));
            assertEquals(new Shape(10), shapes.get("final"));
            Map<String, Long> flops = net.stageFlops();
            long conv1 = 2L * 16 * 25 * 28 * 28;          // 2 x weights x output positions
            long conv2 = 2L * 32 * 16 * 25 * 14 * 14;
            long fc1 = 2L * 32 * 7 * 7 * 128;
            long fc2 = 2L * 128 * 10;
            assertEquals(conv1, flops.get("conv1_relu"));
            assertEquals(conv1 + conv2, flops.get("conv2_relu"));
            assertEquals(conv1 + conv2, flops.get("pool2"));
            assertEquals(conv1 + conv2 + fc1, flops.get("fc1_relu"));
            assertEquals(conv1 + conv2 + fc1 + fc2, flops.get("final"));
        }
    }

    @Test
    void residualBlocksCountBothPathsOfTheShortcut() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            StagedNetwork net = Architectures.build("resnet");
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Map<String, Long> flops = net.stageFlops();
            long stem = 2L * 16 * 9 * 28 * 28;
            long block1 = 2 * (2L * 16 * 16 * 9 * 28 * 28);
            long block2 = 2L * 32 * 16 * 9 * 14 * 14 + 2L * 32 * 32 * 9 * 14 * 14 + 2L * 32 * 16 * 14 * 14;
            assertEquals(stem, flops.get("stem_relu"));
            assertEquals(stem + block1, flops.get("block1_relu"));
            assertEquals(stem + block1 + block2, flops.get("block2_relu"));
            assertEquals(new Shape(64), net.stageShapes().get("avgpool"));
        }
    }

    @Test
    void theFakeReluAppliesToReluStagesAndMaxPoolingAfterAReluButNotToAveragePooling() {
        StagedNetwork cnn = Architectures.build("cnn");
        assertTrue(cnn.stage("conv2_relu").afterRelu());
        assertTrue(cnn.stage("pool2").afterRelu(), "max pooling commutes with the ReLU before it");
        assertEquals(cnn.stage("conv2_relu").reluChild(), cnn.stage("pool2").reluChild());
        assertFalse(cnn.stage("final").afterRelu());
        assertFalse(Architectures.build("resnet").stage("avgpool").afterRelu(), "a mean does not commute with a ReLU");
    }
}
