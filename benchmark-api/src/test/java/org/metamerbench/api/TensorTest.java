package org.metamerbench.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void stackAndSampleAreInverse() {
        Tensor a = Tensor.of(new int[] {2, 2}, new float[] {1, 2, 3, 4});
        Tensor b = Tensor.of(new int[] {2, 2}, new float[] {5, 6, 7, 8});
        Tensor s = Tensor.stack(List.of(a, b));
        assertArrayEquals(new int[] {2, 2, 2}, s.shape());
        assertEquals(b, s.sample(1));
        assertEquals(4, s.sampleSize());
    }

    @Test
    void ofCopiesAndWrapShares() {
        float[] data = {1, 2};
        Tensor copy = Tensor.of(new int[] {2}, data);
        data[0] = 9;
        assertEquals(1f, copy.get(0));
    }

    @Test
    void shapeMustMatchBuffer() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new int[] {3}, new float[2]));
    }

    @Test
    void stackRefusesMixedShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.stack(List.of(Tensor.zeros(2), Tensor.zeros(3))));
    }

    @Test
    void finiteCheck() {
        assertFalse(Tensor.of(new int[] {2}, new float[] {1, Float.NaN}).allFinite());
    }

    @Test
    void cardRejectsFinalStageThatIsNotOneLogitPerClass() {
        assertThrows(IllegalArgumentException.class, () -> ModelCard.builder("x").version("v").inputShape(4)
                .classLabels(List.of("a", "b")).stage("input", false, 4).stage("final", false, 3).build());
    }
}
