package org.metamerbench.runner.graph;

import java.util.List;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.graph.Neighbourhood;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.acceptance.NullDistribution;

/**
 * Acceptance on graphs, as a run makes it and a verification makes it again: the null distribution of a generator's
 * stage over all ordered pairs of distinct pool nodes, each node's activation taken at the centre of its
 * neighbourhood, and a metamer judged at its stimulus node against the null maximum with the generator's class.
 */
final class GraphJudge {
    private GraphJudge() {
    }

    /** What the generator says of a stimulus and its metamer. */
    record Judged(int referenceClass, int metamerClass, Acceptance.Verdict verdict) {
    }

    /** The acceptance thresholds of {@code gen} at {@code stage}: the null maximum over the pool. */
    static Acceptance acceptance(GraphModel gen, String stage, List<Neighbourhood> pool) {
        float[][] rows = new float[pool.size()][];
        for (int i = 0; i < pool.size(); i++) {
            rows[i] = GraphObservers.centre(gen, stage, GraphObservers.input(pool.get(i)));
        }
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        NullDistribution nd = NullDistribution.compute(Tensor.wrap(new int[] {rows.length, rows[0].length}, flat));
        return Acceptance.fromNull(nd, 1.0);
    }

    /** The verdict on the metamer {@code met} of the stimulus {@code nb}. */
    static Judged judge(GraphModel gen, String stage, Acceptance acceptance, Neighbourhood nb, GraphInput met) {
        GraphInput ref = GraphObservers.input(nb);
        int refClass = GraphObservers.classify(gen, ref);
        int metClass = GraphObservers.classify(gen, met);
        Acceptance.Verdict v = acceptance.judge(GraphObservers.centre(gen, stage, ref),
                GraphObservers.centre(gen, stage, met), refClass, metClass);
        return new Judged(refClass, metClass, v);
    }
}
