package org.metamerbench.api.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Stage;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;

/**
 * The conformance checks of a graph model ({@link org.metamerbench.api.Modality#GRAPH}): it opens as its card
 * says; its stages have one row per node, finite and deterministic; renumbering the nodes renumbers the rows and
 * changes nothing else; and, for a model that generates, its gradients with respect to the node features and to
 * the edge weights agree with central finite differences at every stage. The gradients are checked on a complete
 * graph with weights in [0.2, 0.8], so that every edge weight, present or absent in a stimulus, can move both ways.
 */
final class GraphConformance {
    static final int NODES = 6;

    private final ModelProvider provider;
    private final long seed;
    private final double gradientTolerance;
    private final double step;
    private final int directions;
    private final double outputTolerance;

    GraphConformance(ModelProvider provider, long seed, double gradientTolerance, double step, int directions,
            double outputTolerance) {
        this.provider = provider;
        this.seed = seed;
        this.gradientTolerance = gradientTolerance;
        this.step = step;
        this.directions = directions;
        this.outputTolerance = outputTolerance;
    }

    void check(ModelCard card, ProviderConformance.ConformanceReport report) {
        String id = card.id();
        report.begin(id, "opens as its card says");
        if (card.inputShape().length != 1) {
            report.fail(id + ": a graph model's input shape is its feature count per node, not "
                    + Arrays.toString(card.inputShape()));
            return;
        }
        GraphModel model;
        try {
            model = provider.openGraph(id);
        } catch (RuntimeException e) {
            report.fail(id + ": openGraph threw " + e);
            return;
        }
        try (model) {
            ModelCard opened = model.card();
            if (!opened.id().equals(id) || !opened.version().equals(card.version())) {
                report.fail(id + ": openGraph returned " + opened + ", listed as " + card);
            }
            if (card.canGenerate() && !(model instanceof DifferentiableGraphModel)) {
                report.fail(id + ": card declares INPUT_GRADIENT but the model is not a DifferentiableGraphModel");
            }
            Random rnd = new Random(seed);
            GraphInput sparse = randomGraph(card, rnd, false);
            report.begin(id, "node activations (shapes, finite, deterministic)");
            Map<String, Tensor> acts = model.activations(sparse, card.stageNames());
            for (Stage s : card.stages()) {
                Tensor a = acts.get(s.name());
                int[] expected = withNodes(s.shape(), NODES);
                if (a == null || !Arrays.equals(a.shape(), expected)) {
                    report.fail(id + " stage " + s.name() + ": shape " + (a == null ? "missing" : Arrays.toString(
                            a.shape())) + ", expected " + Arrays.toString(expected) + " (one row per node)");
                    return;
                }
                if (!a.allFinite()) {
                    report.fail(id + " stage " + s.name() + ": not finite");
                }
                Tensor again = model.activations(sparse, List.of(s.name())).get(s.name());
                if (ProviderConformance.maxRelativeDifference(again, a) > outputTolerance) {
                    report.fail(id + " stage " + s.name() + ": differs between identical calls, or when asked for "
                            + "alone");
                }
            }
            report.begin(id, "equivariant: renumbering the nodes renumbers the rows");
            checkEquivariance(model, card, sparse, acts, rnd, report);
            if (model instanceof DifferentiableGraphModel dm && card.canGenerate()) {
                GraphInput dense = randomGraph(card, rnd, true);
                for (Stage s : card.stages()) {
                    report.begin(id, "feature and edge-weight gradients at " + s.name() + " against finite "
                            + "differences");
                    checkGradients(dm, card, s, dense, rnd, report);
                }
            }
        } catch (RuntimeException e) {
            report.fail(id + ": threw " + e);
        }
    }

    private void checkEquivariance(GraphModel model, ModelCard card, GraphInput g, Map<String, Tensor> acts,
            Random rnd, ProviderConformance.ConformanceReport report) {
        int[] p = org.metamerbench.api.harness.Shuffle.permutation(g.nodes(), rnd);
        GraphInput permuted = new GraphInput(rows(g.features(), p), permuteBoth(g.adjacency(), p));
        Map<String, Tensor> after = model.activations(permuted, card.stageNames());
        for (Stage s : card.stages()) {
            Tensor expected = rows(acts.get(s.name()), p);
            double d = ProviderConformance.maxRelativeDifference(after.get(s.name()), expected);
            if (d > 1e-4) {
                report.fail(String.format("%s stage %s: renumbering the nodes changed the activations beyond "
                        + "renumbering their rows (relative difference %.3g)", card.id(), s.name(), d));
            }
        }
    }

    private void checkGradients(DifferentiableGraphModel model, ModelCard card, Stage stage, GraphInput g, Random rnd,
            ProviderConformance.ConformanceReport report) {
        String where = card.id() + " stage " + stage.name();
        int n = g.nodes();
        float[] u = new float[n * stage.units()];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) rnd.nextGaussian();
        }
        Tensor upstream = Tensor.wrap(withNodes(stage.shape(), n), u);
        DifferentiableGraphModel.GraphGradient gg = model.vjp(g, stage.name(), a -> upstream);
        if (!Arrays.equals(gg.featureGradient().shape(), g.features().shape())
                || !Arrays.equals(gg.adjacencyGradient().shape(), g.adjacency().shape())) {
            report.fail(where + ": gradient shapes " + Arrays.toString(gg.featureGradient().shape()) + " and "
                    + Arrays.toString(gg.adjacencyGradient().shape()) + ", the graph's "
                    + Arrays.toString(g.features().shape()) + " and " + Arrays.toString(g.adjacency().shape()));
            return;
        }
        if (!gg.featureGradient().allFinite() || !gg.adjacencyGradient().allFinite()) {
            report.fail(where + ": a gradient is not finite");
            return;
        }
        Tensor plain = model.activations(g, List.of(stage.name())).get(stage.name());
        if (ProviderConformance.maxRelativeDifference(plain, gg.activation()) > outputTolerance) {
            report.fail(where + ": vjp's activation differs from activations()");
        }
        for (int k = 0; k < 10; k++) {
            DifferentiableGraphModel.GraphGradient again = model.vjp(g, stage.name(), a -> upstream);
            if (ProviderConformance.maxRelativeDifference(again.featureGradient(), gg.featureGradient())
                    > outputTolerance || ProviderConformance.maxRelativeDifference(again.adjacencyGradient(),
                    gg.adjacencyGradient()) > outputTolerance) {
                report.fail(where + ": the gradients differ between identical calls (call " + (k + 2) + ")");
                return;
            }
        }
        float[] gx = gg.featureGradient().toFloatArray();
        if (ProviderConformance.norm(gx) > 0) {
            double worst = FiniteDifferences.worstRelativeError(gx, null, directions, step, rnd,
                    (v, h) -> ProviderConformance.dot(u, activation(model, stage, new GraphInput(
                            ProviderConformance.shifted(g.features(), v, h), g.adjacency()))));
            report.measured(card.id(), stage.name() + " feature gradient relative error", String.format("%.2e",
                    worst));
            if (worst > gradientTolerance) {
                report.fail(String.format("%s: feature gradient disagrees with central finite differences (relative "
                        + "error %.3g > %.3g)", where, worst, gradientTolerance));
            }
        } else if (!stage.name().equals(card.stages().get(0).name())) {
            report.fail(where + ": the feature gradient is zero for a random upstream gradient");
        }
        // An edge's weight is two entries of the adjacency: its derivative is the sum of theirs.
        float[] ga = gg.adjacencyGradient().toFloatArray();
        int pairs = n * (n - 1) / 2;
        float[] gPair = new float[pairs];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                gPair[k++] = ga[i * n + j] + ga[j * n + i];
            }
        }
        if (stage.name().equals(card.stages().get(0).name())) {
            if (ProviderConformance.norm(gPair) != 0) {
                report.fail(where + ": the input stage depends on the edges");
            }
            return;
        }
        if (ProviderConformance.norm(gPair) == 0) {
            report.fail(where + ": the edge-weight gradient is zero for a random upstream gradient (a stage past "
                    + "the input aggregates over neighbours)");
            return;
        }
        double worst = FiniteDifferences.worstRelativeError(gPair, null, directions, step, rnd,
                (v, h) -> ProviderConformance.dot(u, activation(model, stage, new GraphInput(g.features(),
                        movedEdges(g.adjacency(), v, h)))));
        report.measured(card.id(), stage.name() + " edge-weight gradient relative error", String.format("%.2e", worst));
        if (worst > gradientTolerance) {
            report.fail(String.format("%s: edge-weight gradient disagrees with central finite differences (relative "
                    + "error %.3g > %.3g)", where, worst, gradientTolerance));
        }
    }

    /** A graph of {@link #NODES} nodes: 0/1 edges with probability 0.5 ({@code dense}: every edge, weight 0.2-0.8). */
    private static GraphInput randomGraph(ModelCard card, Random rnd, boolean dense) {
        int f = card.inputShape()[0];
        ValueRange r = card.valueRange();
        float span = r.hi() - r.lo();
        float[] x = new float[NODES * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.lo() + span * (0.1f + 0.8f * rnd.nextFloat());
        }
        float[] a = new float[NODES * NODES];
        for (int i = 0; i < NODES; i++) {
            for (int j = i + 1; j < NODES; j++) {
                float w = dense ? 0.2f + 0.6f * rnd.nextFloat() : (j == i + 1 || rnd.nextBoolean() ? 1f : 0f);
                a[i * NODES + j] = w;
                a[j * NODES + i] = w;
            }
        }
        return new GraphInput(Tensor.wrap(new int[] {NODES, f}, x), Tensor.wrap(new int[] {NODES, NODES}, a));
    }

    private static Tensor rows(Tensor t, int[] p) {
        int per = t.size() / t.dim(0);
        float[] src = t.toFloatArray();
        float[] out = new float[src.length];
        for (int i = 0; i < p.length; i++) {
            System.arraycopy(src, p[i] * per, out, i * per, per);
        }
        return Tensor.wrap(t.shape(), out);
    }

    private static Tensor permuteBoth(Tensor a, int[] p) {
        int n = p.length;
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = a.get(p[i] * n + p[j]);
            }
        }
        return Tensor.wrap(a.shape(), out);
    }


    private static Tensor movedEdges(Tensor a, double[] v, double h) {
        int n = a.dim(0);
        float[] d = a.toFloatArray();
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float w = (float) (d[i * n + j] + h * v[k++]);
                d[i * n + j] = w;
                d[j * n + i] = w;
            }
        }
        return Tensor.wrap(a.shape(), d);
    }

    private static float[] activation(GraphModel m, Stage stage, GraphInput g) {
        return m.activations(g, List.of(stage.name())).get(stage.name()).toFloatArray();
    }

    private static int[] withNodes(int[] shape, int n) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }


}
