package org.metamerbench.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stage of a model: a named intermediate representation whose activations can be matched.
 *
 * @param name      the stage name in the field's words, e.g. {@code conv1_relu}, {@code pool2},
 *                  {@code fc1_relu}, {@code final}
 * @param shape     the activation shape of one sample, without the batch dimension
 * @param afterRelu true when the stage ends in a ReLU; the harness then asks for that ReLU to act as
 *                  the identity in the backward pass (the "fake ReLU" of Feather et al. 2023, applied
 *                  there only: at a matched stage that ends in a ReLU)
 * @param maxPoolAfterRelu true when the stage ends in max pooling applied straight to a ReLU's output.
 *                  Max pooling commutes with the ReLU ({@code maxpool(relu(p)) = relu(maxpool(p))}), so
 *                  the fake ReLU can be carried through it; the published method does not, and the
 *                  harness does so only when a run asks for that variant (and records it). Average
 *                  pooling does not commute with a ReLU: a stage after it is neither.
 */
public record Stage(String name, int[] shape, boolean afterRelu, boolean maxPoolAfterRelu) {
    public Stage {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage name is blank");
        }
        if (afterRelu && maxPoolAfterRelu) {
            throw new IllegalArgumentException("stage " + name + " cannot end both in a ReLU and in max pooling");
        }
        shape = shape.clone();
    }

    /** A stage that does not end in max pooling after a ReLU. */
    public Stage(String name, int[] shape, boolean afterRelu) {
        this(name, shape, afterRelu, false);
    }

    /** Whether the fake ReLU applies to this stage, given whether the run carries it through max pooling. */
    public boolean fakeReluApplies(boolean throughMaxPool) {
        return afterRelu || (throughMaxPool && maxPoolAfterRelu);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of units: the product of the shape. */
    public int units() {
        return Math.toIntExact(Tensor.elementCount(shape));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stage s && name.equals(s.name) && Arrays.equals(shape, s.shape)
                && afterRelu == s.afterRelu && maxPoolAfterRelu == s.maxPoolAfterRelu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), afterRelu, maxPoolAfterRelu);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (afterRelu ? " (after ReLU)" : "")
                + (maxPoolAfterRelu ? " (max pooling after ReLU)" : "");
    }
}
