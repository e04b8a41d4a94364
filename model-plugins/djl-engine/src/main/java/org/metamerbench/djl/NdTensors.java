package org.metamerbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.metamerbench.api.Tensor;

/** Tensors of the API into the engine and back: one copy each way. */
public final class NdTensors {
    private NdTensors() {
    }

    /** The tensor as an engine array of {@code manager} (on its device). */
    public static NDArray toNd(NDManager manager, Tensor t) {
        return manager.create(t.toFloatArray(), new Shape(Arrays.stream(t.shape()).asLongStream().toArray()));
    }

    /** The engine array as a tensor (copied to the host). */
    public static Tensor toTensor(NDArray a) {
        int[] shape = Arrays.stream(a.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
        return Tensor.wrap(shape, a.toFloatArray());
    }
}
