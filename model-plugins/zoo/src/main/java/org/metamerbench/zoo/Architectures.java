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
 * so that gradients reach the waveform. All end in one logit per class: 10 unless the model's record says
 * otherwise (the fifty words of the spoken-word clips' version 2). None uses batch statistics, so every sample of
 * a batch is computed independently.
 */
public final class Architectures {
    /** Fashion-MNIST training-set pixel mean and standard deviation (values in [0, 1]). */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;
    /** The class count of Fashion-MNIST and of version 1 of the spoken words. */
    static final int CLASSES = 10;

    /**
     * Mean and standard deviation of the reduced cochleagram's values over 2,000 training clips of version 2 of the
     * spoken words (12.6 million values): what the {@code -norm} word architectures standardise it with. Unscaled,
     * the cochleagram is mostly a constant (its mean 2.5 times its spread). Measured on the fifty words (Adam at
     * 0.001): the unscaled word CNN stayed near uniform answers (loss ln 50 = 3.91) for two epochs with seed 1 (then
     * 45.9% on held-out voices) and for good with seed 5; standardised, seed 1 stayed there for good; with the logits
     * layer also starting at zero ({@link #prepare}) seeds 1 and 5 learnt and seeds 4 and 6 did not; with a linear
     * learning-rate warm-up over the first epoch on top (the configs' {@code learning_rate.warmup_epochs=1}) seed 4
     * was at loss 3.39 in its second epoch.
     */
    static final float COCHLEAGRAM_MEAN = 0.22043f;
    static final float COCHLEAGRAM_STD = 0.08734f;

    public static final List<String> NAMES = List.of("mlp", "cnn", "cnn-deep", "resnet", "word-cnn", "word-resnet",
            "word-cnn-norm", "word-resnet-norm");

    private Architectures() {
    }

    /** The architecture with {@value #CLASSES} classes. */
    public static StagedNetwork build(String name) {
        return build(name, CLASSES);
    }

    /** The architecture with {@code classes} logits. */
    public static StagedNetwork build(String name, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        return switch (name) {
            case "mlp" -> mlp(classes);
            case "cnn" -> cnn(classes);
            case "cnn-deep" -> cnnDeep(classes);
            case "resnet" -> resnet(classes);
            case "word-cnn" -> wordCnn("word-cnn", classes, false);
            case "word-resnet" -> wordResnet("word-resnet", classes, false);
            case "word-cnn-norm" -> wordCnn("word-cnn-norm", classes, true);
            case "word-resnet-norm" -> wordResnet("word-resnet-norm", classes, true);
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + NAMES);
        };
    }

    /** Multilayer perceptron 784-256-128-10. */
    static StagedNetwork mlp(int classes) {
        return start("mlp")
                .add(Blocks.batchFlattenBlock())
                .add(linear(256))
                .addReluStage("fc1_relu", relu())
                .add(linear(128))
                .addReluStage("fc2_relu", relu())
                .addStage("final", linear(classes));
    }

    /** Small CNN: two 5x5 convolutions (16, 32 channels) with max pooling, one hidden dense layer. */
    static StagedNetwork cnn(int classes) {
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
                .addStage("final", linear(classes));
    }

    /** Deeper CNN: four 3x3 convolutions (16, 16, 32, 32 channels) in two pooled pairs. */
    static StagedNetwork cnnDeep(int classes) {
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
                .addStage("final", linear(classes));
    }

    /**
     * Small residual network: a 3x3 stem, then three basic residual blocks (16, 32, 64 channels; the
     * last two halve the resolution with a strided convolution and a 1x1 projection shortcut), global
     * average pooling and a linear read-out. No batch normalisation.
     */
    static StagedNetwork resnet(int classes) {
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
                .addStage("final", linear(classes));
    }

    /**
     * Word-recognition CNN on the cochleagram (63 channels x 100 frames): three convolutions (5x5 16, 3x3 32,
     * 3x3 64), each followed by 2x2 max pooling, one hidden dense layer of 64; {@code standardised}: the
     * cochleagram standardised before the first convolution (the {@code -norm} architecture).
     */
    static StagedNetwork wordCnn(String name, int classes, boolean standardised) {
        return startAudio(name, standardised)
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
                .addStage("final", linear(classes));
    }

    /**
     * Word-recognition residual network on the cochleagram: a 3x3 stem (16) and 2x2 max pooling, three basic
     * residual blocks (16, 32, 64 channels; the last two halve the resolution), then the read-out. Plain
     * ({@code word-resnet}, the ten words): global average pooling. {@code normalised} ({@code word-resnet-norm},
     * the fifty words): the cochleagram standardised as the CNN's, batch normalisation after every convolution (the
     * stem's, both of each block's, the projection shortcuts'), and 2x2 average pooling in place of the global one, so
     * that the read-out knows where in time a feature is (a version 2 clip holds context words around the labelled
     * one). Measured on the fifty words: without batch normalisation the network never left uniform answers whatever
     * its initialisation; with it but global pooling, 17.6% on held-out voices; with both, 64.1% (docs/spoken-words.md).
     * In synthesis and observation a batch normalisation is the fixed per-channel affine map of its running
     * statistics (the network runs in inference mode there).
     */
    static StagedNetwork wordResnet(String name, int classes, boolean normalised) {
        StagedNetwork net = startAudio(name, normalised).add(conv(16, 3, 1));
        if (normalised) {
            net.add(batchNorm());
        }
        net.addReluStage("stem_relu", relu())
                .add(maxPool())
                .add(residual(16, 1, normalised))
                .addReluStage("block1_relu", relu())
                .add(residual(32, 2, normalised))
                .addReluStage("block2_relu", relu())
                .add(residual(64, 2, normalised))
                .addReluStage("block3_relu", relu());
        if (!normalised) {
            return net.addStage("avgpool", LambdaBlock.singleton(Pool::globalAvgPool2d, "global_avg_pool"))
                    .addStage("final", linear(classes));
        }
        return net.addStage("avgpool", Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .addStage("final", linear(classes));
    }

    /**
     * What an architecture does to its freshly initialised weights before training: {@code word-cnn-norm}
     * starts with the logits layer's weights at zero, so that the first answers are uniform. With DJL's
     * default initialisation their first logits had an RMS of 3.8 (loss 4.2 against ln 50 = 3.91), training first
     * shrank them by silencing fc1_relu (99.4% of its units at zero after two epochs) and never recovered; the
     * gradient reaches the hidden layers once the zero weights have grown. The other architectures are left as
     * initialised (their records were trained so).
     */
    static void prepare(StagedNetwork net) {
        if (!net.architecture().equals("word-cnn-norm")) {
            return;
        }
        Block last = net.block().getChildren().get(net.stage("final").child()).getValue();
        for (var p : last.getParameters()) {
            if (p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT) {
                NDArray w = p.getValue().getArray();
                w.muli(w.getManager().create(0f));
            }
        }
    }

    private static StagedNetwork start(String name) {
        StagedNetwork net = new StagedNetwork(name, new Shape(1, 28, 28), Modality.IMAGE, 0f, 1f);
        net.add(LambdaBlock.singleton(Architectures::standardise, "standardise"));
        return net;
    }

    /**
     * A waveform network: its first stage is the cochleagram, {@code [1, channels, frames]}. The front end passes an
     * input that already is a cochleagram ({@code [batch, 1, channels, frames]}) through unchanged: the trainer's
     * cochleagram-space perturbations are made on the cochleagram and fed through the same network. A waveform is
     * {@code [batch, samples]}, so the two never meet.
     */
    private static StagedNetwork startAudio(String name, boolean standardised) {
        CochlearFrontEnd fe = CochlearFrontEnd.REDUCED;
        StagedNetwork net = new StagedNetwork(name, new Shape(fe.filters().samples()), Modality.AUDIO, -1f, 1f);
        net.addStage("cochleagram", LambdaBlock.singleton(x -> x.getShape().dimension() == 4 ? x : fe.forward(x),
                "cochleagram"), fe.flops());
        if (standardised) {
            // after the stage: the cochleagram stage stays the cochleagram itself
            net.add(LambdaBlock.singleton(x -> standardise(x, COCHLEAGRAM_MEAN, COCHLEAGRAM_STD), "standardise"));
        }
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
        return standardise(x, MEAN, STD);
    }

    /** {@code (x - mean) / std}, the constants made as {@link #standardise(NDArray)} makes them. */
    static NDArray standardise(NDArray x, float mean, float std) {
        NDManager m = x.getManager();
        return x.sub(m.create(mean)).div(m.create(std));
    }

    /** x + f(x), before the block's closing ReLU, which is a separate stage block. */
    private static Block residual(int channels, int stride) {
        return residual(channels, stride, false);
    }

    /** A basic residual block; {@code normalised}: batch normalisation after each convolution, the shortcut's too. */
    private static Block residual(int channels, int stride, boolean normalised) {
        SequentialBlock main = new SequentialBlock().add(conv(channels, 3, stride));
        if (normalised) {
            main.add(batchNorm());
        }
        main.add(relu()).add(conv(channels, 3, 1));
        if (normalised) {
            main.add(batchNorm());
        }
        Block shortcut = Blocks.identityBlock();
        if (stride != 1) {
            Block projection = Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                    .setFilters(channels).build();
            shortcut = normalised ? new SequentialBlock().add(projection).add(batchNorm()) : projection;
        }
        return new ParallelBlock(
                outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }

    private static Block batchNorm() {
        return ai.djl.nn.norm.BatchNorm.builder().build();
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
