package org.metamerbench.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.metamerbench.api.Modality;
import org.metamerbench.auditory.CochlearFrontEnd;

/**
 * The architectures of the built-in zoo. The image ones take a Fashion-MNIST image, {@code [1, 28, 28]} in
 * [0, 1], and standardise it inside the network; the word ones take a second of sound at 16 kHz,
 * {@code [16000]} in [-1, 1], and make its cochleagram ({@link CochlearFrontEnd#REDUCED}) inside the network,
 * so that gradients reach the waveform. All end in 10 logits. None uses batch statistics, so every sample of
 * a batch is computed independently.
 */
public final class Architectures {
    /** Fashion-MNIST training-set pixel mean and standard deviation (values in [0, 1]). */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;
    static final int CLASSES = 10;

    public static final List<String> NAMES = List.of("mlp", "cnn", "cnn-deep", "resnet", "word-cnn", "word-resnet");

    private Architectures() {
    }

    public static StagedNetwork build(String name) {
        return switch (name) {
            case "mlp" -> mlp();
            case "cnn" -> cnn();
            case "cnn-deep" -> cnnDeep();
            case "resnet" -> resnet();
            case "word-cnn" -> wordCnn();
            case "word-resnet" -> wordResnet();
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + NAMES);
        };
    }

    /** Multilayer perceptron 784-256-128-10. */
    static StagedNetwork mlp() {
        return start("mlp")
                .add(Blocks.batchFlattenBlock())
                .add(linear(256))
                .addReluStage("fc1_relu", relu())
                .add(linear(128))
                .addReluStage("fc2_relu", relu())
                .addStage("final", linear(CLASSES));
    }

    /** Small CNN: two 5x5 convolutions (16, 32 channels) with max pooling, one hidden dense layer. */
    static StagedNetwork cnn() {
        return start("cnn")
                .add(conv(16, 5, 1))
                .addReluStage("conv1_relu", relu())
                .add(maxPool())
                .add(conv(32, 5, 1))
                .addReluStage("conv2_relu", relu())
                .addMaxPoolStageAfterRelu("pool2", maxPool())
                .add(Blocks.batchFlattenBlock())
                .add(linear(128))
                .addReluStage("fc1_relu", relu())
                .addStage("final", linear(CLASSES));
    }

    /** Deeper CNN: four 3x3 convolutions (16, 16, 32, 32 channels) in two pooled pairs. */
    static StagedNetwork cnnDeep() {
        return start("cnn-deep")
                .add(conv(16, 3, 1))
                .addReluStage("conv1_relu", relu())
                .add(conv(16, 3, 1))
                .addReluStage("conv2_relu", relu())
                .add(maxPool())
                .add(conv(32, 3, 1))
                .addReluStage("conv3_relu", relu())
                .add(conv(32, 3, 1))
                .addReluStage("conv4_relu", relu())
                .add(maxPool())
                .add(Blocks.batchFlattenBlock())
                .add(linear(128))
                .addReluStage("fc1_relu", relu())
                .addStage("final", linear(CLASSES));
    }

    /**
     * Small residual network: a 3x3 stem, then three basic residual blocks (16, 32, 64 channels; the
     * last two halve the resolution with a strided convolution and a 1x1 projection shortcut), global
     * average pooling and a linear read-out. No batch normalisation.
     */
    static StagedNetwork resnet() {
        return start("resnet")
                .add(conv(16, 3, 1))
                .addReluStage("stem_relu", relu())
                .add(residual(16, 1))
                .addReluStage("block1_relu", relu())
                .add(residual(32, 2))
                .addReluStage("block2_relu", relu())
                .add(residual(64, 2))
                .addReluStage("block3_relu", relu())
                .addStage("avgpool", LambdaBlock.singleton(Pool::globalAvgPool2d, "global_avg_pool"))
                .addStage("final", linear(CLASSES));
    }

    /**
     * Word-recognition CNN on the cochleagram (63 channels x 100 frames): three convolutions (5x5 16, 3x3 32,
     * 3x3 64), each followed by 2x2 max pooling, one hidden dense layer of 64.
     */
    static StagedNetwork wordCnn() {
        return startAudio("word-cnn")
                .add(conv(16, 5, 1))
                .addReluStage("conv1_relu", relu())
                .add(maxPool())
                .add(conv(32, 3, 1))
                .addReluStage("conv2_relu", relu())
                .add(maxPool())
                .add(conv(64, 3, 1))
                .addReluStage("conv3_relu", relu())
                .addMaxPoolStageAfterRelu("pool3", maxPool())
                .add(Blocks.batchFlattenBlock())
                .add(linear(64))
                .addReluStage("fc1_relu", relu())
                .addStage("final", linear(CLASSES));
    }

    /**
     * Word-recognition residual network on the cochleagram: a 3x3 stem (16) and 2x2 max pooling, three basic
     * residual blocks (16, 32, 64 channels; the last two halve the resolution), global average pooling.
     */
    static StagedNetwork wordResnet() {
        return startAudio("word-resnet")
                .add(conv(16, 3, 1))
                .addReluStage("stem_relu", relu())
                .add(maxPool())
                .add(residual(16, 1))
                .addReluStage("block1_relu", relu())
                .add(residual(32, 2))
                .addReluStage("block2_relu", relu())
                .add(residual(64, 2))
                .addReluStage("block3_relu", relu())
                .addStage("avgpool", LambdaBlock.singleton(Pool::globalAvgPool2d, "global_avg_pool"))
                .addStage("final", linear(CLASSES));
    }

    private static StagedNetwork start(String name) {
        StagedNetwork net = new StagedNetwork(name, new Shape(1, 28, 28), Modality.IMAGE, 0f, 1f);
        net.add(LambdaBlock.singleton(Architectures::standardise, "standardise"));
        return net;
    }

    /** A waveform network: its first stage is the cochleagram, {@code [1, channels, frames]}. */
    private static StagedNetwork startAudio(String name) {
        CochlearFrontEnd fe = CochlearFrontEnd.REDUCED;
        StagedNetwork net = new StagedNetwork(name, new Shape(fe.filters().samples()), Modality.AUDIO, -1f, 1f);
        net.addStage("cochleagram", LambdaBlock.singleton(fe::forward, "cochleagram"), fe.flops());
        return net;
    }

    /**
     * {@code (x - MEAN) / STD}, with the constants as arrays of {@code x}'s manager. DJL's
     * {@code div(Number)} makes a scalar array over a Java buffer and closes it as soon as the forward
     * pass returns, while autograd keeps the scalar for the backward pass: the input gradient was then
     * read from freed memory, and came out scaled by a garbage factor in about 5% of the calls (up to
     * 1e16, sometimes infinite or negative). Arrays owned by the input's manager live as long as it.
     */
    static NDArray standardise(NDArray x) {
        NDManager m = x.getManager();
        return x.sub(m.create(MEAN)).div(m.create(STD));
    }

    /** x + f(x), before the block's closing ReLU, which is a separate stage block. */
    private static Block residual(int channels, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(channels, 3, stride))
                .add(relu())
                .add(conv(channels, 3, 1));
        Block shortcut = stride == 1 ? Blocks.identityBlock()
                : Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                        .setFilters(channels).build();
        return new ParallelBlock(
                outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }

    private static Block conv(int filters, int kernel, int stride) {
        int pad = kernel / 2;
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .build();
    }

    private static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    private static Block relu() {
        return LambdaBlock.singleton(Activation::relu, "relu");
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }
}
