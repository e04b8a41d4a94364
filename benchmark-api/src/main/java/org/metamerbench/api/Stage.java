package org.metamerbench.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stage of a model: a named intermediate representation whose activations can be matched.
 *
 * @param name      the stage name in the field's words, e.g. {@code conv1_relu}, {@code pool2},
 *                  {@code fc1_relu}, {@code final}
 * @param shape     the activation shape of one sample, without the batch dimension
 * @param afterRelu true when the stage ends in a ReLU, or in an operation that commutes with the ReLU
 *                  before it (max pooling: {@code maxpool(relu(p)) = relu(maxpool(p))}), so that it can
 *                  be written as ending in one; the harness may then ask for that ReLU to act as the
 *                  identity in the backward pass (the "fake ReLU" of Feather et al. 2023). Average
 *                  pooling does not commute with a ReLU: a stage after it is not {@code afterRelu}.
 */
public record Stage(String name, int[] shape, boolean afterRelu) {
    public Stage {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage name is blank");
        }
        shape = shape.clone();
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
                && afterRelu == s.afterRelu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), afterRelu);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (afterRelu ? " (after ReLU)" : "");
    }
}
