package org.metamerbench.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feed-forward network as a flat sequence of DJL blocks, some of whose outputs are named stages.
 * The same {@link SequentialBlock} is trained and evaluated, so a stage is exactly the output of one
 * child block. A stage that ends in a ReLU, or in max pooling right after one (max pooling commutes
 * with the ReLU), records which child is that ReLU, so the harness can ask for the "fake ReLU"
 * backward pass.
 */
public final class StagedNetwork {
    /**
     * A named stage: the output of child {@code child} (-1 for the input itself).
     *
     * @param reluChild the ReLU child the stage comes out of, or -1 if none
     */
    public record StagePoint(String name, int child, int reluChild) {
        /** The stage comes out of a ReLU, directly or through max pooling: the fake ReLU is possible. */
        public boolean afterRelu() {
            return reluChild >= 0;
        }

        /** The stage ends in max pooling applied to a ReLU's output (not in the ReLU itself). */
        public boolean maxPoolAfterRelu() {
            return reluChild >= 0 && reluChild != child;
        }
    }

    private final String architecture;
    private final SequentialBlock block;
    private final List<Block> children = new ArrayList<>();
    private final List<StagePoint> stages = new ArrayList<>();
    /** Operations of parameter-free children that the count below cannot see (the cochlear front end). */
    private final Map<Integer, Long> declaredFlops = new java.util.HashMap<>();
    private final Shape inputShape;
    private final org.metamerbench.api.Modality modality;
    private final float low;
    private final float high;

    StagedNetwork(String architecture, Shape inputShape, org.metamerbench.api.Modality modality, float low, float high) {
        this.architecture = architecture;
        this.block = new SequentialBlock();
        this.inputShape = inputShape;
        this.modality = modality;
        this.low = low;
        this.high = high;
        stages.add(new StagePoint("input", -1, -1));
    }

    /** Appends a block that is not a stage. */
    StagedNetwork add(Block b) {
        block.add(b);
        children.add(b);
        return this;
    }

    /** Appends a block whose output is the stage {@code name}; no ReLU is involved. */
    StagedNetwork addStage(String name, Block b) {
        add(b);
        stages.add(new StagePoint(name, children.size() - 1, -1));
        return this;
    }

    /** Appends a parameter-free block whose output is the stage {@code name} and that costs {@code flops}. */
    StagedNetwork addStage(String name, Block b, long flops) {
        addStage(name, b);
        declaredFlops.put(children.size() - 1, flops);
        return this;
    }

    /** Appends a ReLU block whose output is the stage {@code name}. */
    StagedNetwork addReluStage(String name, Block relu) {
        add(relu);
        stages.add(new StagePoint(name, children.size() - 1, children.size() - 1));
        return this;
    }

    /**
     * Appends a max-pooling block, applied to the preceding ReLU's output, whose output is the stage
     * {@code name}. Max pooling commutes with the ReLU, so the stage ends in a ReLU in the equivalent
     * order {@code relu(maxpool(p))}, and the fake ReLU is {@code maxpool(p)} in the backward pass.
     * (Average pooling does not commute with a ReLU; add such a stage with {@link #addStage}.)
     */
    StagedNetwork addMaxPoolStageAfterRelu(String name, Block pooling) {
        int relu = children.size() - 1;
        add(pooling);
        stages.add(new StagePoint(name, children.size() - 1, relu));
        return this;
    }

    public String architecture() {
        return architecture;
    }

    public SequentialBlock block() {
        return block;
    }

    /** Input shape of one sample, e.g. (1, 28, 28) for an image or (16000) for a second of sound. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The input shape of a batch of {@code n}. */
    public Shape batchShape(long n) {
        long[] d = batched(inputShape);
        d[0] = n;
        return new Shape(d);
    }

    public org.metamerbench.api.Modality modality() {
        return modality;
    }

    /** The lowest input value (0 for images, -1 for a waveform). */
    public float low() {
        return low;
    }

    /** The highest input value. */
    public float high() {
        return high;
    }

    public List<StagePoint> stages() {
        return List.copyOf(stages);
    }

    public StagePoint stage(String name) {
        for (StagePoint s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(architecture + " has no stage '" + name + "'");
    }

    /**
     * Runs the children {@code 0..lastChild} and returns the outputs of the requested children
     * ({@code -1} is the input itself), in the order asked.
     */
    public NDList forward(ParameterStore ps, NDArray input, int[] capture, boolean training) {
        int last = -1;
        for (int c : capture) {
            last = Math.max(last, c);
        }
        NDArray[] outputs = new NDArray[capture.length];
        NDArray x = input;
        fill(outputs, capture, -1, x);
        for (int i = 0; i <= last; i++) {
            x = children.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            fill(outputs, capture, i, x);
        }
        return new NDList(outputs);
    }

    /** Runs children {@code from..to} (inclusive) on {@code x}. */
    public NDArray forwardRange(ParameterStore ps, NDArray x, int from, int to, boolean training) {
        NDArray y = x;
        for (int i = from; i <= to; i++) {
            y = children.get(i).forward(ps, new NDList(y), training).singletonOrThrow();
        }
        return y;
    }

    private static void fill(NDArray[] outputs, int[] capture, int child, NDArray x) {
        for (int k = 0; k < capture.length; k++) {
            if (capture[k] == child) {
                outputs[k] = x;
            }
        }
    }

    /** Per-sample output shape of each stage (the network must be initialised). */
    public Map<String, Shape> stageShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        Shape s = new Shape(batched(inputShape));
        List<Shape> after = new ArrayList<>();
        for (Block c : children) {
            s = c.getOutputShapes(new Shape[] {s})[0];
            after.add(s);
        }
        for (StagePoint p : stages) {
            Shape full = p.child() < 0 ? new Shape(batched(inputShape)) : after.get(p.child());
            out.put(p.name(), full.slice(1));
        }
        return out;
    }

    /**
     * Floating-point operations of one sample's forward pass up to each stage, counting 2 per
     * multiply-add of convolutions and dense layers (elementwise work is not counted), plus what a
     * parameter-free block declares (the cochlear front end's estimate).
     */
    public Map<String, Long> stageFlops() {
        Map<String, Long> out = new LinkedHashMap<>();
        Shape s = new Shape(batched(inputShape));
        long[] cumulative = new long[children.size()];
        long total = 0;
        for (int i = 0; i < children.size(); i++) {
            total += flops(children.get(i), s) + declaredFlops.getOrDefault(i, 0L);
            s = children.get(i).getOutputShapes(new Shape[] {s})[0];
            cumulative[i] = total;
        }
        for (StagePoint p : stages) {
            out.put(p.name(), p.child() < 0 ? 0L : cumulative[p.child()]);
        }
        return out;
    }

    private static long flops(Block b, Shape in) {
        if (b instanceof SequentialBlock seq) {
            long f = 0;
            Shape s = in;
            for (Block c : seq.getChildren().values()) {
                f += flops(c, s);
                s = c.getOutputShapes(new Shape[] {s})[0];
            }
            return f;
        }
        if (b instanceof ParallelBlock par) {
            long f = 0;
            for (Block c : par.getChildren().values()) {
                f += flops(c, in);
            }
            return f;
        }
        long f = 0;
        for (Parameter p : b.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                Shape out = b.getOutputShapes(new Shape[] {in})[0];
                long weights = p.getArray().getShape().size();
                // A convolution's weights act once per output position; a dense layer's once.
                long positions = out.dimension() == 4 ? out.get(2) * out.get(3) : 1;
                f += 2 * weights * positions;
            }
        }
        return f;
    }

    private static long[] batched(Shape s) {
        long[] d = new long[s.dimension() + 1];
        d[0] = 1;
        System.arraycopy(s.getShape(), 0, d, 1, s.dimension());
        return d;
    }
}
