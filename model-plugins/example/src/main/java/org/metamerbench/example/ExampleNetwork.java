package org.metamerbench.example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** The example's network: a small MLP, 784 -> 128 (ReLU) -> 10, on images in [0, 1]. */
final class ExampleNetwork {
    static final Shape INPUT = new Shape(1, 1, 28, 28);

    /** Input to the first linear layer's output (before its ReLU). */
    final SequentialBlock hidden = new SequentialBlock()
            .add(list -> new NDList(standardise(list.singletonOrThrow())))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(128).build());
    /** The ReLU'd hidden layer to the logits. */
    final SequentialBlock head = new SequentialBlock().add(Linear.builder().setUnits(10).build());
    /** The whole network, for training and for saving and loading the weights. */
    final SequentialBlock all = new SequentialBlock().add(hidden).add(Activation.reluBlock()).add(head);

    /**
     * Fashion-MNIST training-set mean and SD. The constants are arrays of {@code x}'s manager: DJL's
     * {@code div(Number)} closes its scalar while autograd still needs it for the input gradient.
     */
    static NDArray standardise(NDArray x) {
        return x.sub(x.getManager().create(0.2860f)).div(x.getManager().create(0.3530f));
    }
}
