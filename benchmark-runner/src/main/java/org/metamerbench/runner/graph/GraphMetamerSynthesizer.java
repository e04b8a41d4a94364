package org.metamerbench.runner.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;
import org.metamerbench.api.harness.ArrayAdam;
import org.metamerbench.runner.ModelOutputs;

/**
 * Synthesises graph metamers (after Xu et al. 2025) for reference graphs at one stage of one graph model: the node
 * activations of every node of the stimulus at that stage are matched.
 *
 * <p>Features: real-valued features are optimised directly and clamped to the value range after each step; binary
 * features are latent logits {@code z} behind a sigmoid and a top-rho mask that keeps the reference's count of ones
 * (rho its density), with a straight-through estimator (the mask's backward pass is the identity, the sigmoid's its
 * derivative). The latent starts as standard normal logits, so the first iterate is a uniformly random binary matrix
 * with the reference's count of ones; real features start at {@code mu + tau * sigma * eps}. Structure: one logit per
 * pair of nodes behind a sigmoid and a top-m mask that keeps the reference's edge count, straight-through, started as
 * standard normal logits (a uniformly random graph of m edges). Every iterate the model sees is a valid graph:
 * features in range and binary where the stimuli are, the adjacency symmetric, 0/1, with a zero diagonal.
 */
public final class GraphMetamerSynthesizer {
    private GraphMetamerSynthesizer() {
    }

    /** A reference graph: {@code [n, F]} features and its {@code [n, n]} adjacency. */
    public record Reference(float[] features, float[] adjacency, int nodes) {
    }

    /** One metamer: its graph (projected), the final normalised loss, and the loss curve. */
    public record Metamer(float[] features, float[] adjacency, double finalLoss, int steps, long seed,
            int[] curveSteps, double[] curveLoss) {
    }

    /** The metamers of a job in reference order, the seconds they took, and whether the calls were batched. */
    public record Result(List<Metamer> metamers, double seconds, boolean batched, double unionDifference) {
    }

    /** Relative difference up to which a model's activations of a union count as those of its parts. */
    public static final double UNION_TOLERANCE = 1e-4;

    public static Result synthesize(DifferentiableGraphModel model, String stage, List<Reference> refs, long[] seeds,
            boolean binary, GraphSynthesisConfig cfg) {
        long started = System.nanoTime();
        int f = model.card().inputShape()[0];
        int[] sizes = refs.stream().mapToInt(Reference::nodes).toArray();
        List<int[]> probe = GraphUnion.batches(sizes, cfg.nodesPerBatch());
        int[] first = probe.get(0);
        List<Reference> head = refs.subList(first[0], first[1]);
        double diff = head.size() < 2 ? 0 : GraphUnion.partsIndependent(model, stage, head.stream()
                .map(Reference::features).toList(), head.stream().map(Reference::adjacency).toList(), f);
        boolean batched = diff <= UNION_TOLERANCE;
        List<Metamer> out = new ArrayList<>();
        for (int[] b : batched ? probe : GraphUnion.batches(sizes, 1)) {
            List<Part> parts = new ArrayList<>();
            for (int i = b[0]; i < b[1]; i++) {
                parts.add(new Part(refs.get(i), f, seeds[i], binary, cfg, model.card().valueRange()));
            }
            run(model, stage, parts, f, cfg);
            for (Part p : parts) {
                out.add(p.metamer(cfg));
            }
        }
        return new Result(out, (System.nanoTime() - started) / 1e9, batched, diff);
    }

    private static void run(DifferentiableGraphModel model, String stage, List<Part> parts, int f,
            GraphSynthesisConfig cfg) {
        GraphUnion u = new GraphUnion(parts.stream().mapToInt(p -> p.n).toArray(), f);
        float[] target = GraphUnion.activation(model, stage, u.input(parts.stream().map(p -> p.ref.features())
                .toList(), parts.stream().map(p -> p.ref.adjacency()).toList()));
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).target(u.rows(target, i));
        }
        String id = model.card().id();
        for (int t = 0; t < cfg.totalSteps(); t++) {
            final int step = t;
            GraphInput g = u.input(parts.stream().map(Part::features).toList(), parts.stream().map(Part::adjacency)
                    .toList());
            DifferentiableGraphModel.GraphGradient gg = model.vjp(g, stage, a -> upstream(a, u, parts, cfg, step));
            float[] gx = ModelOutputs.requireFinite(gg.featureGradient(), id + "'s feature gradient at " + stage
                    + " (step " + (t + 1) + ")").toFloatArray();
            float[] ga = ModelOutputs.requireFinite(gg.adjacencyGradient(), id + "'s edge-weight gradient at "
                    + stage + " (step " + (t + 1) + ")").toFloatArray();
            for (int i = 0; i < parts.size(); i++) {
                parts.get(i).step(u.rows(gx, i), u.block(ga, i), cfg, t);
            }
        }
        GraphInput g = u.input(parts.stream().map(Part::features).toList(), parts.stream().map(Part::adjacency)
                .toList());
        float[] last = GraphUnion.activation(model, stage, g);
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).finish(u.rows(last, i));
        }
    }

    /** The upstream gradient of the union's activation, part by part; records each part's loss. */
    private static Tensor upstream(Tensor activation, GraphUnion u, List<Part> parts, GraphSynthesisConfig cfg,
            int step) {
        float[] a = activation.toFloatArray();
        float[] out = new float[a.length];
        int width = a.length / u.nodes();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            int off = u.offset(i) * width;
            double dist = 0;
            for (int k = 0; k < p.target.length; k++) {
                double d = a[off + k] - p.target[k];
                dist += d * d;
            }
            dist = Math.sqrt(dist);
            double scale = p.targetNorm > 0 ? p.targetNorm : 1.0;
            p.record(step, dist / scale, cfg);
            // normalised: the unit vector (a - r) / ||a - r||, the distance's gradient (the step rescales anyway);
            // squared: the squared loss's own gradient 2 (a - r) / ||r||^2
            double factor = cfg.loss() == GraphSynthesisConfig.Loss.NORMALISED ? (dist > 0 ? 1 / dist : 0)
                    : 2 / (scale * scale);
            for (int k = 0; k < p.target.length; k++) {
                out[off + k] = (float) ((a[off + k] - p.target[k]) * factor);
            }
        }
        return Tensor.wrap(activation.shape(), out);
    }

    /** One stimulus's optimisation: its variables, what the model sees of them, and its record. */
    private static final class Part {
        final Reference ref;
        final int n;
        final int f;
        final long seed;
        final boolean binary;
        final ValueRange range;
        final GraphSynthesisConfig.Kind kind;
        final int ones;
        final int edges;
        final int[] pairI;
        final int[] pairJ;
        float[] x;       // real features, or the binary features' logits
        float[] s;       // edge logits, one per pair
        final float[] xSeen;
        final float[] aSeen;
        float[] target;
        double targetNorm;
        final ArrayAdam adamX;
        final ArrayAdam adamS;
        final List<double[]> curve = new ArrayList<>();
        double finalLoss = Double.NaN;

        Part(Reference ref, int f, long seed, boolean binary, GraphSynthesisConfig cfg, ValueRange range) {
            this.ref = ref;
            this.n = ref.nodes();
            this.f = f;
            this.seed = seed;
            this.binary = binary;
            this.range = range;
            this.kind = cfg.kind();
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] x0 = ref.features();
            int on = 0;
            double sum = 0;
            double sq = 0;
            for (float v : x0) {
                on += v != 0 ? 1 : 0;
                sum += v;
                sq += (double) v * v;
            }
            this.ones = on;
            double mu = sum / x0.length;
            double sigma = Math.sqrt(Math.max(0, sq / x0.length - mu * mu));
            if (kind.features()) {
                x = new float[x0.length];
                for (int i = 0; i < x.length; i++) {
                    double e = rnd.nextGaussian();
                    x[i] = binary ? (float) e : range.clamp((float) (mu + cfg.tau() * sigma * e));
                }
            } else {
                x = x0.clone();
            }
            int pairs = n * (n - 1) / 2;
            pairI = new int[pairs];
            pairJ = new int[pairs];
            int k = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    pairI[k] = i;
                    pairJ[k++] = j;
                    m += ref.adjacency()[i * n + j] != 0 ? 1 : 0;
                }
            }
            this.edges = m;
            if (kind.structure()) {
                s = new float[pairs];
                for (int i = 0; i < pairs; i++) {
                    s[i] = (float) rnd.nextGaussian();
                }
            }
            xSeen = new float[x0.length];
            aSeen = new float[n * n];
            adamX = cfg.loss() == GraphSynthesisConfig.Loss.SQUARED ? new ArrayAdam(x.length) : null;
            adamS = cfg.loss() == GraphSynthesisConfig.Loss.SQUARED && s != null ? new ArrayAdam(s.length) : null;
            project();
        }

        void target(float[] rows) {
            target = rows;
            double q = 0;
            for (float v : rows) {
                q += (double) v * v;
            }
            targetNorm = Math.sqrt(q);
        }

        /** What the model sees: the features (masked where binary) and the adjacency (masked where optimised). */
        private void project() {
            if (kind.features() && binary) {
                TopMask.of(x, 0, x.length, ones, xSeen);
            } else {
                System.arraycopy(x, 0, xSeen, 0, x.length);
            }
            if (kind.structure()) {
                float[] mask = new float[s.length];
                TopMask.of(s, 0, s.length, edges, mask);
                Arrays.fill(aSeen, 0f);
                for (int p = 0; p < s.length; p++) {
                    aSeen[pairI[p] * n + pairJ[p]] = mask[p];
                    aSeen[pairJ[p] * n + pairI[p]] = mask[p];
                }
            } else {
                System.arraycopy(ref.adjacency(), 0, aSeen, 0, aSeen.length);
            }
        }

        float[] features() {
            return xSeen;
        }

        float[] adjacency() {
            return aSeen;
        }

        void record(int step, double loss, GraphSynthesisConfig cfg) {
            if (step % cfg.curveEvery() == 0) {
                curve.add(new double[] {step, loss});
            }
        }

        void step(float[] gx, float[] ga, GraphSynthesisConfig cfg, int t) {
            double eta = cfg.stepSize(t);
            if (kind.features()) {
                float[] g = gx;
                if (binary) {
                    g = new float[gx.length];
                    for (int i = 0; i < g.length; i++) {
                        double sg = sigmoid(x[i]);
                        g[i] = (float) (gx[i] * sg * (1 - sg)); // straight through the mask, then the sigmoid
                    }
                }
                move(x, g, eta * cfg.featureStep(), adamX, !binary);
            }
            if (kind.structure()) {
                float[] g = new float[s.length];
                for (int p = 0; p < s.length; p++) {
                    double sg = sigmoid(s[p]);
                    g[p] = (float) ((ga[pairI[p] * n + pairJ[p]] + ga[pairJ[p] * n + pairI[p]]) * sg * (1 - sg));
                }
                move(s, g, eta, adamS, false);
            }
            project();
        }

        private void move(float[] v, float[] g, double eta, ArrayAdam adam, boolean clamp) {
            if (adam != null) {
                adam.step(v, g, eta * GraphSynthesisConfig.ADAM_RATE);
            } else {
                double norm = 0;
                for (float x : g) {
                    norm += (double) x * x;
                }
                norm = Math.sqrt(norm);
                if (!(norm > 0)) {
                    return; // no gradient here (e.g. at the target): no step
                }
                double scale = eta / norm;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] - scale * g[i]);
                }
            }
            if (clamp) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = range.clamp(v[i]);
                }
            }
        }

        void finish(float[] rows) {
            double dist = 0;
            for (int k = 0; k < rows.length; k++) {
                double d = rows[k] - target[k];
                dist += d * d;
            }
            finalLoss = Math.sqrt(dist) / (targetNorm > 0 ? targetNorm : 1.0);
        }

        Metamer metamer(GraphSynthesisConfig cfg) {
            curve.add(new double[] {cfg.totalSteps(), finalLoss});
            return new Metamer(xSeen.clone(), aSeen.clone(), finalLoss, cfg.totalSteps(), seed,
                    curve.stream().mapToInt(p -> (int) p[0]).toArray(), curve.stream().mapToDouble(p -> p[1])
                    .toArray());
        }
    }

    private static double sigmoid(float z) {
        return 1 / (1 + Math.exp(-z));
    }
}
