package org.metamerbench.zoo.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The forward pass of a {@link GraphArchitecture} over NDArrays, differentiable with respect to the node features,
 * the adjacency and the parameters. Every constant of a differentiated pass is an array of the input's manager
 * (a scalar operand there can be freed while autograd still needs it).
 */
public final class GraphNetwork {
    private final GraphArchitecture architecture;
    private final int features;
    private final int hidden;
    private final int classes;
    private final int heads;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    /** The parameters the pass in progress reads: the network's, or a training step's leaves. */
    private Map<String, NDArray> current = parameters;

    /**
     * A network with Glorot-uniform weights and zero biases drawn from {@code seed} into {@code manager}; {@code heads}
     * attention heads for GAT (the hidden width is per head), ignored otherwise.
     */
    public GraphNetwork(GraphArchitecture architecture, int features, int hidden, int classes, int heads, long seed,
            NDManager manager) {
        this.architecture = architecture;
        this.features = features;
        this.hidden = hidden;
        this.classes = classes;
        this.heads = architecture == GraphArchitecture.GAT ? heads : 1;
        SplittableRandom rnd = new SplittableRandom(seed);
        int width = hidden * this.heads;
        switch (architecture) {
            case GCN, GCN_ELU -> {
                glorot("w1", features, hidden, rnd, manager);
                zeros("b1", hidden, manager);
                glorot("w2", hidden, classes, rnd, manager);
                zeros("b2", classes, manager);
            }
            case GCN_RESIDUAL -> {
                glorot("w1", features, hidden, rnd, manager);
                zeros("b1", hidden, manager);
                glorot("r1", features, hidden, rnd, manager);
                glorot("w2", hidden, classes, rnd, manager);
                zeros("b2", classes, manager);
                glorot("r2", hidden, classes, rnd, manager);
            }
            case SAGE -> {
                glorot("ws1", features, hidden, rnd, manager);
                glorot("wn1", features, hidden, rnd, manager);
                zeros("b1", hidden, manager);
                glorot("ws2", hidden, classes, rnd, manager);
                glorot("wn2", hidden, classes, rnd, manager);
                zeros("b2", classes, manager);
            }
            case GIN -> {
                glorot("m1a", features, hidden, rnd, manager);
                zeros("c1a", hidden, manager);
                glorot("m1b", hidden, hidden, rnd, manager);
                zeros("c1b", hidden, manager);
                glorot("m2a", hidden, hidden, rnd, manager);
                zeros("c2a", hidden, manager);
                glorot("m2b", hidden, classes, rnd, manager);
                zeros("c2b", classes, manager);
            }
            case GAT -> {
                glorot("w1", features, width, rnd, manager);
                glorot("src1", hidden, this.heads, rnd, manager);
                glorot("dst1", hidden, this.heads, rnd, manager);
                zeros("b1", width, manager);
                glorot("w2", width, classes, rnd, manager);
                glorot("src2", classes, 1, rnd, manager);
                glorot("dst2", classes, 1, rnd, manager);
                zeros("b2", classes, manager);
            }
            default -> throw new IllegalStateException(architecture.toString());
        }
    }

    public GraphArchitecture architecture() {
        return architecture;
    }

    /** The width of stage {@code layer1} per node. */
    public int hiddenWidth() {
        return hidden * heads;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    /**
     * The floating-point operations of the dense forward pass up to stage {@code stage} ({@link
     * GraphArchitecture#STAGES}) on a graph of {@code n} nodes: the matrix products at 2 per multiply-add (what the pass
     * spends its time on); the elementwise work, O(n^2 + n * width), is left out. The input stage costs nothing.
     */
    public long flops(String stage, long n) {
        int k = GraphArchitecture.STAGES.indexOf(stage);
        if (k < 0) {
            throw new IllegalArgumentException("no stage '" + stage + "'");
        }
        long f = features;
        long h = hidden;
        long c = classes;
        long w = hidden * (long) heads;
        long[] layer = switch (architecture) {
            case GCN, GCN_ELU -> new long[] {n * f * h + n * n * h, n * h * c + n * n * c};
            case GCN_RESIDUAL -> new long[] {2 * n * f * h + n * n * h, 2 * n * h * c + n * n * c};
            case SAGE -> new long[] {n * n * f + 2 * n * f * h, n * n * h + 2 * n * h * c};
            case GIN -> new long[] {n * n * f + n * f * h + n * h * h, n * n * h + n * h * h + n * h * c};
            // per head: the two scores (n * width each) and the attention-weighted sum (n^2 * width)
            case GAT -> new long[] {n * f * w + heads * (2 * n * h + n * n * h), n * w * c + 2 * n * c + n * n * c};
        };
        long total = 0;
        for (int i = 0; i < k; i++) {
            total += 2 * layer[i];
        }
        return total;
    }

    /** Whether parameter {@code name} is a weight of the first layer (what Kipf & Welling's weight decay acts on). */
    public static boolean firstLayerWeight(String name) {
        return !name.startsWith("b") && !name.startsWith("c") && (name.endsWith("1") || name.endsWith("1a")
                || name.endsWith("1b"));
    }

    /** The parameters by name, in a fixed order (for training and for saving). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    private void glorot(String name, int in, int out, SplittableRandom rnd, NDManager manager) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
        parameters.put(name, manager.create(w, new Shape(in, out)));
    }

    private void zeros(String name, int n, NDManager manager) {
        parameters.put(name, manager.zeros(new Shape(1, n)));
    }

    private NDArray p(String name) {
        return current.get(name);
    }

    /**
     * The activations of {@code x} ({@code [nodes, features]}) on the graph of adjacency {@code a} ({@code [nodes,
     * nodes]}, symmetric, zero diagonal): {@code input}, {@code layer1} and {@code final}, each {@code [nodes, width]}.
     */
    public NDList forward(NDArray x, NDArray a) {
        return forward(x, a, parameters, null);
    }

    /** What drops units in training: a layer's input, by the layer's number (1, 2); null in inference. */
    @FunctionalInterface
    public interface Dropout {
        NDArray apply(int layer, NDArray input);
    }

    /**
     * The forward pass with the parameters {@code params} (the network's, or the leaves a training step
     * differentiates) and, in training, {@code dropout} on each layer's input (Kipf & Welling's placement).
     */
    public NDList forward(NDArray x, NDArray a, Map<String, NDArray> params, Dropout dropout) {
        current = params;
        try {
            return pass(x, a, dropout == null ? (l, in) -> in : dropout);
        } finally {
            current = parameters;
        }
    }

    private NDList pass(NDArray input, NDArray a, Dropout dropout) {
        NDArray x = dropout.apply(1, input);
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        NDArray eye = m.eye((int) n);
        NDArray ones = m.ones(new Shape(n, 1));
        NDArray h1;
        NDArray out;
        switch (architecture) {
            case GCN, GCN_ELU, GCN_RESIDUAL -> {
                NDArray self = a.add(eye);
                NDArray inv = ones.div(self.sum(new int[] {1}, true).sqrt()); // D^-1/2, [n, 1]
                NDArray norm = self.mul(inv).mul(inv.transpose());
                NDArray z1 = norm.matMul(x.matMul(p("w1"))).add(p("b1"));
                h1 = architecture == GraphArchitecture.GCN_ELU ? elu(z1) : Activation.relu(z1);
                if (architecture == GraphArchitecture.GCN_RESIDUAL) {
                    h1 = h1.add(x.matMul(p("r1")));
                }
                NDArray d = dropout.apply(2, h1);
                out = norm.matMul(d.matMul(p("w2"))).add(p("b2"));
                if (architecture == GraphArchitecture.GCN_RESIDUAL) {
                    out = out.add(d.matMul(p("r2")));
                }
            }
            case SAGE -> {
                // the mean over the neighbours, weighted by the edges; a node without neighbours averages nothing
                NDArray deg = a.sum(new int[] {1}, true).maximum(ones);
                h1 = Activation.relu(x.matMul(p("ws1")).add(a.matMul(x).div(deg).matMul(p("wn1"))).add(p("b1")));
                NDArray d = dropout.apply(2, h1);
                out = d.matMul(p("ws2")).add(a.matMul(d).div(deg).matMul(p("wn2"))).add(p("b2"));
            }
            case GIN -> {
                NDArray s1 = x.add(a.matMul(x));
                h1 = Activation.relu(Activation.relu(s1.matMul(p("m1a")).add(p("c1a"))).matMul(p("m1b"))
                        .add(p("c1b")));
                NDArray d = dropout.apply(2, h1);
                NDArray s2 = d.add(a.matMul(d));
                out = Activation.relu(s2.matMul(p("m2a")).add(p("c2a"))).matMul(p("m2b")).add(p("c2b"));
            }
            case GAT -> {
                NDArray self = a.add(eye);
                h1 = elu(attention(x.matMul(p("w1")), self, p("src1"), p("dst1"), heads, hidden).add(p("b1")));
                out = attention(dropout.apply(2, h1).matMul(p("w2")), self, p("src2"), p("dst2"), 1, classes)
                        .add(p("b2"));
            }
            default -> throw new IllegalStateException(architecture.toString());
        }
        return new NDList(input, h1, out);
    }

    /**
     * Multi-head attention of {@code z} ({@code [n, heads * width]}) over the weighted graph {@code self} (with
     * self-loops): {@code alpha_ij = w_ij exp(e_ij) / sum_k w_ik exp(e_ik)}, {@code e_ij = leakyrelu(z_i . src + z_j .
     * dst, 0.2)}; the edge weights scale the attention, so that a weight of 0 is no edge and the pass is
     * differentiable in the weights. Heads are concatenated.
     */
    private static NDArray attention(NDArray z, NDArray self, NDArray src, NDArray dst, int heads, int width) {
        NDList outs = new NDList();
        for (int k = 0; k < heads; k++) {
            NDArray zk = z.get(":, " + (k * width) + ":" + ((k + 1) * width));
            NDArray s = zk.matMul(src.get(":, " + k + ":" + (k + 1)));        // [n, 1]
            NDArray t = zk.matMul(dst.get(":, " + k + ":" + (k + 1)));        // [n, 1]
            NDArray e = Activation.leakyRelu(s.add(t.transpose()), 0.2f);    // [n, n]
            NDArray shift = e.max(new int[] {1}, true).stopGradient();       // the softmax's own shift: no change
            NDArray w = self.mul(e.sub(shift).exp());
            NDArray alpha = w.div(w.sum(new int[] {1}, true));
            outs.add(alpha.matMul(zk));
        }
        return heads == 1 ? outs.get(0) : NDArrays.concat(outs, 1);
    }

    /** ELU with alpha 1: {@code x} where positive, {@code exp(x) - 1} elsewhere, built from arrays only. */
    private static NDArray elu(NDArray x) {
        NDArray positive = x.gt(x.zerosLike()).toType(x.getDataType(), false);
        NDArray negative = positive.neg().add(positive.onesLike());
        return x.mul(positive).add(x.minimum(x.zerosLike()).exp().sub(x.onesLike()).mul(negative));
    }
}
