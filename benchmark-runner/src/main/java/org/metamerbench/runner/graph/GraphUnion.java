package org.metamerbench.runner.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.ModelOutputs;

/**
 * Graphs batched as one disjoint union: their nodes one after the other, the adjacency block-diagonal, so that one
 * model call serves many stimuli. A message-passing network computes each part's activations as it would alone;
 * {@link #partsIndependent} checks that a model does before its calls are batched.
 */
public final class GraphUnion {
    private final int features;
    private final int[] offsets;
    private final int nodes;

    /** The union of parts of {@code sizes} nodes, each with {@code features} features per node. */
    public GraphUnion(int[] sizes, int features) {
        this.features = features;
        this.offsets = new int[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) {
            offsets[i + 1] = offsets[i] + sizes[i];
        }
        this.nodes = offsets[sizes.length];
    }

    public int parts() {
        return offsets.length - 1;
    }

    public int nodes() {
        return nodes;
    }

    public int offset(int part) {
        return offsets[part];
    }

    public int size(int part) {
        return offsets[part + 1] - offsets[part];
    }

    /** The union of the parts' features ({@code [n_i, F]} each) and adjacencies ({@code [n_i, n_i]} each). */
    public GraphInput input(List<float[]> features, List<float[]> adjacency) {
        float[] x = new float[nodes * this.features];
        float[] a = new float[nodes * nodes];
        for (int p = 0; p < parts(); p++) {
            int n = size(p);
            int o = offsets[p];
            System.arraycopy(features.get(p), 0, x, o * this.features, n * this.features);
            float[] ap = adjacency.get(p);
            for (int i = 0; i < n; i++) {
                System.arraycopy(ap, i * n, a, (o + i) * nodes + o, n);
            }
        }
        return new GraphInput(Tensor.wrap(new int[] {nodes, this.features}, x), Tensor.wrap(new int[] {nodes, nodes},
                a));
    }

    /** Part {@code p}'s rows of {@code rows} ({@code [nodes, width]} row-major). */
    public float[] rows(float[] rows, int p) {
        int width = rows.length / nodes;
        return java.util.Arrays.copyOfRange(rows, offsets[p] * width, offsets[p + 1] * width);
    }

    /** Part {@code p}'s diagonal block of a union-sized {@code [nodes, nodes]} matrix. */
    public float[] block(float[] matrix, int p) {
        int n = size(p);
        int o = offsets[p];
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix, (o + i) * nodes + o, out, i * n, n);
        }
        return out;
    }

    /**
     * The largest relative difference between {@code model}'s activations at {@code stage} of the parts alone and
     * of the same parts in one union: 0 up to rounding for a message-passing network; a model that normalises over
     * all the nodes it is given, or pools them, differs.
     */
    public static double partsIndependent(GraphModel model, String stage, List<float[]> features,
            List<float[]> adjacency, int featureCount) {
        int[] sizes = features.stream().mapToInt(f -> f.length / featureCount).toArray();
        GraphUnion u = new GraphUnion(sizes, featureCount);
        float[] together = activation(model, stage, u.input(features, adjacency));
        double worst = 0;
        for (int p = 0; p < u.parts(); p++) {
            GraphUnion alone = new GraphUnion(new int[] {sizes[p]}, featureCount);
            float[] a = activation(model, stage, alone.input(List.of(features.get(p)), List.of(adjacency.get(p))));
            float[] b = u.rows(together, p);
            double diff = 0;
            double scale = 0;
            for (int k = 0; k < a.length; k++) {
                diff = Math.max(diff, Math.abs(a[k] - b[k]));
                scale = Math.max(scale, Math.abs(a[k]));
            }
            worst = Math.max(worst, diff / Math.max(scale, 1e-6));
        }
        return worst;
    }

    static float[] activation(GraphModel model, String stage, GraphInput g) {
        Map<String, Tensor> acts = model.activations(g, List.of(stage));
        Tensor t = acts.get(stage);
        if (t == null || t.rank() != 2 || t.dim(0) != g.nodes()) {
            throw new IllegalStateException(model.card().id() + " returned no [nodes, width] activation at "
                    + stage);
        }
        return ModelOutputs.requireFinite(t, model.card().id() + "'s activation at " + stage).toFloatArray();
    }

    /** Consecutive runs of indices whose sizes sum to at most {@code budget} nodes (one part at least per run). */
    public static List<int[]> batches(int[] sizes, int budget) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (i > start && sum + sizes[i] > budget) {
                out.add(new int[] {start, i});
                start = i;
                sum = 0;
            }
            sum += sizes[i];
        }
        if (start < sizes.length) {
            out.add(new int[] {start, sizes.length});
        }
        return out;
    }
}
