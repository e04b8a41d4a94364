package org.metamerbench.runner.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.graph.GraphSets;
import org.metamerbench.datasets.graph.GraphStimulusSet;
import org.metamerbench.datasets.graph.Neighbourhood;
import org.metamerbench.runner.graph.GraphMetamerSynthesizer.Metamer;
import org.metamerbench.runner.graph.GraphMetamerSynthesizer.Reference;
import org.metamerbench.runner.graph.GraphSynthesisConfig.Kind;
import org.metamerbench.runner.graph.GraphSynthesisConfig.Loss;

/**
 * Graph metamer synthesis: every graph the model is shown during synthesis is a valid one (binary where binary, the
 * reference's count of ones and of edges, symmetric 0/1 adjacency without self-loops, nothing between the parts of a
 * batch); the loss falls; batching stimuli as one disjoint union changes nothing.
 */
class GraphSynthesisTest {
    static final int F = MetamerDimensionTest.F;

    @Test
    void topMaskKeepsExactlyTheLargestValues() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(60);
            int k = rnd.nextInt(n + 1);
            float[] v = new float[n + 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : (float) rnd.nextGaussian(); // ties too
            }
            float[] out = new float[v.length];
            Arrays.fill(out, 7f);
            TopMask.of(v, 2, 2 + n, k, out);
            assertEquals(7f, out[0]);
            assertEquals(7f, out[n + 3]);
            int ones = 0;
            float minIn = Float.POSITIVE_INFINITY;
            float maxOut = Float.NEGATIVE_INFINITY;
            for (int i = 2; i < 2 + n; i++) {
                assertTrue(out[i] == 0f || out[i] == 1f);
                if (out[i] == 1f) {
                    ones++;
                    minIn = Math.min(minIn, v[i]);
                } else {
                    maxOut = Math.max(maxOut, v[i]);
                }
            }
            assertEquals(k, ones);
            assertTrue(minIn >= maxOut, "every kept value is at least every dropped one");
        }
        assertThrows(IllegalArgumentException.class, () -> TopMask.of(new float[3], 0, 3, 4, new float[3]));
    }

    @Test
    void aUnionIsBlockDiagonalAndBatchesKeepTheirBudget() {
        List<Reference> refs = references(3, false, 1);
        GraphUnion u = new GraphUnion(refs.stream().mapToInt(Reference::nodes).toArray(), F);
        GraphInput g = u.input(refs.stream().map(Reference::features).toList(), refs.stream()
                .map(Reference::adjacency).toList());
        for (int p = 0; p < u.parts(); p++) {
            assertArrayEquals(refs.get(p).features(), u.rows(g.features().toFloatArray(), p));
            assertArrayEquals(refs.get(p).adjacency(), u.block(g.adjacency().toFloatArray(), p));
        }
        float[] a = g.adjacency().toFloatArray();
        double inside = 0;
        for (int p = 0; p < u.parts(); p++) {
            for (float x : u.block(a, p)) {
                inside += x;
            }
        }
        assertEquals(inside, sum(a), "no edge between parts");

        int[] sizes = {5, 7, 3, 9, 2, 12};
        List<int[]> batches = GraphUnion.batches(sizes, 12);
        int next = 0;
        for (int[] b : batches) {
            assertEquals(next, b[0]);
            int total = 0;
            for (int i = b[0]; i < b[1]; i++) {
                total += sizes[i];
            }
            assertTrue(total <= 12 || b[1] - b[0] == 1);
            next = b[1];
        }
        assertEquals(sizes.length, next);
        assertEquals(sizes.length, GraphUnion.batches(sizes, 1).size());
    }

    @Test
    void aModelThatLooksAcrossPartsIsSeenToDoSo() {
        List<Reference> refs = references(3, false, 2);
        DifferentiableGraphModel linear = MetamerDimensionTest.linear(new double[] {1.5, 0.7, 0.2}, 11);
        List<float[]> xs = refs.stream().map(Reference::features).toList();
        List<float[]> as = refs.stream().map(Reference::adjacency).toList();
        assertTrue(GraphUnion.partsIndependent(linear, "final", xs, as, F) < 1e-6);
        assertTrue(GraphUnion.partsIndependent(centred(linear), "final", xs, as, F) > 1e-2,
                "subtracting the mean over all nodes couples the parts");
    }

    @Test
    void everyIterateIsAValidGraphWithTheReferencesCounts() {
        for (Kind kind : Kind.values()) {
            for (boolean binary : new boolean[] {true, false}) {
                List<Reference> refs = references(4, binary, 3);
                Checking model = new Checking(MetamerDimensionTest.linear(new double[] {1.5, 0.7, 0.2}, 11), refs,
                        kind, binary);
                GraphMetamerSynthesizer.Result r = GraphMetamerSynthesizer.synthesize(model, "final", refs,
                        new long[] {1, 2, 3, 4}, binary, config(kind, Loss.NORMALISED, 10_000));
                assertTrue(r.batched());
                assertEquals(1 + 1 + 3 * 10 + 1, model.calls, "the probe, the targets, a gradient per step, the last look");
                assertEquals(refs.size(), r.metamers().size());
                for (int i = 0; i < refs.size(); i++) {
                    Metamer m = r.metamers().get(i);
                    model.checkPart(refs.get(i), m.features(), m.adjacency(), kind + " metamer " + i);
                    if (!kind.features()) {
                        assertArrayEquals(refs.get(i).features(), m.features());
                    }
                    if (!kind.structure()) {
                        assertArrayEquals(refs.get(i).adjacency(), m.adjacency());
                    }
                }
            }
        }
    }

    @Test
    void theLossFallsWithEitherObjective() {
        for (Loss loss : Loss.values()) {
            for (Kind kind : new Kind[] {Kind.FEATURES, Kind.BOTH}) {
                List<Reference> refs = references(3, false, 4);
                GraphMetamerSynthesizer.Result r = GraphMetamerSynthesizer.synthesize(
                        MetamerDimensionTest.linear(new double[] {1.5, 0.7, 0.2}, 11), "final", refs,
                        new long[] {5, 6, 7}, false, new GraphSynthesisConfig(kind, loss, 4, 60, 0.25, 1, 0.5, 40,
                        10_000));
                for (Metamer m : r.metamers()) {
                    double first = m.curveLoss()[0];
                    assertEquals(m.finalLoss(), m.curveLoss()[m.curveLoss().length - 1]);
                    assertEquals(240, m.curveSteps()[m.curveSteps().length - 1]);
                    // features alone reach a linear model's target; edges are discrete on graphs this small
                    double bound = kind == Kind.FEATURES ? 0.2 : 1.0;
                    assertTrue(m.finalLoss() < bound * first, loss + " " + kind + ": " + first + " -> "
                            + m.finalLoss());
                }
            }
        }
    }

    @Test
    void batchingAsOneUnionGivesTheSameMetamersAsOneGraphPerCall() {
        List<Reference> refs = references(4, true, 6);
        long[] seeds = {11, 12, 13, 14};
        DifferentiableGraphModel model = MetamerDimensionTest.linear(new double[] {1.5, 0.7, 0.2}, 11);
        GraphMetamerSynthesizer.Result together = GraphMetamerSynthesizer.synthesize(model, "final", refs, seeds,
                true, config(Kind.BOTH, Loss.NORMALISED, 10_000));
        GraphMetamerSynthesizer.Result alone = GraphMetamerSynthesizer.synthesize(model, "final", refs, seeds, true,
                config(Kind.BOTH, Loss.NORMALISED, 1));
        assertTrue(together.batched());
        for (int i = 0; i < refs.size(); i++) {
            Metamer a = together.metamers().get(i);
            Metamer b = alone.metamers().get(i);
            assertArrayEquals(b.features(), a.features());
            assertArrayEquals(b.adjacency(), a.adjacency());
            assertArrayEquals(b.curveLoss(), a.curveLoss());
        }
    }

    @Test
    void aModelThatCouplesThePartsGetsOneGraphPerCall() {
        List<Reference> refs = references(3, false, 7);
        GraphMetamerSynthesizer.Result r = GraphMetamerSynthesizer.synthesize(centred(MetamerDimensionTest.linear(
                new double[] {1.5, 0.7, 0.2}, 11)), "final", refs, new long[] {1, 2, 3}, false,
                config(Kind.FEATURES, Loss.NORMALISED, 10_000));
        assertFalse(r.batched());
        assertTrue(r.unionDifference() > GraphMetamerSynthesizer.UNION_TOLERANCE);
    }

    @Test
    void aZooGcnMakesValidMetamersOfCoraNeighbourhoodsInOneUnion() throws Exception {
        GraphStimulusSet set = GraphSets.loadBuiltin(GraphSets.CORA);
        List<Reference> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Neighbourhood nb = set.stimulus(i * 10);
            refs.add(new Reference(nb.features(), nb.adjacency(), nb.size()));
        }
        try (GraphModel opened = new org.metamerbench.zoo.ZooProvider().openGraph("gcn-s1")) {
            DifferentiableGraphModel gcn = (DifferentiableGraphModel) opened;
            Checking model = new Checking(gcn, refs, Kind.BOTH, true);
            GraphMetamerSynthesizer.Result r = GraphMetamerSynthesizer.synthesize(model, "layer1", refs,
                    new long[] {1, 2, 3}, true, new GraphSynthesisConfig(Kind.BOTH, Loss.NORMALISED, 2, 15, 1.0, 8, 0,
                    10, 10_000));
            assertTrue(r.batched());
            assertTrue(r.unionDifference() < 1e-4, "a GCN's parts are independent: " + r.unionDifference());
            for (int i = 0; i < refs.size(); i++) {
                Metamer m = r.metamers().get(i);
                model.checkPart(refs.get(i), m.features(), m.adjacency(), "metamer " + i);
                assertTrue(m.finalLoss() < m.curveLoss()[0], m.curveLoss()[0] + " -> " + m.finalLoss());
            }
        }
    }

    @Test
    void aBadConfigIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GraphSynthesisConfig(Kind.BOTH, Loss.NORMALISED, 0,
                10, 1, 1, 0, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new GraphSynthesisConfig(Kind.BOTH, Loss.NORMALISED, 1,
                10, 1, 1, -1, 10, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kind.parse("edges"));
        assertTrue(e.getMessage().contains("'edges'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Loss.parse("l1")).getMessage()
                .contains("'l1'"));
    }

    static GraphSynthesisConfig config(Kind kind, Loss loss, int nodesPerBatch) {
        return new GraphSynthesisConfig(kind, loss, 3, 10, 1.0, 8, 0.5, 10, nodesPerBatch);
    }

    /** Random small graphs of 4..8 nodes with F features (binary of density 0.3, or uniform in [0, 1]). */
    static List<Reference> references(int count, boolean binary, long seed) {
        Random rnd = new Random(seed);
        List<Reference> out = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int n = 4 + rnd.nextInt(5);
            float[] x = new float[n * F];
            for (int i = 0; i < x.length; i++) {
                x[i] = binary ? (rnd.nextDouble() < 0.3 ? 1 : 0) : rnd.nextFloat();
            }
            float[] a = new float[n * n];
            for (int i = 1; i < n; i++) { // a random tree keeps it connected, then a few more edges
                int j = rnd.nextInt(i);
                a[i * n + j] = 1;
                a[j * n + i] = 1;
            }
            for (int e = 0; e < n / 2; e++) {
                int i = rnd.nextInt(n);
                int j = rnd.nextInt(n);
                if (i != j) {
                    a[i * n + j] = 1;
                    a[j * n + i] = 1;
                }
            }
            out.add(new Reference(x, a, n));
        }
        return out;
    }

    static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    /** The model's activations minus their mean over all the nodes it is given: the parts of a union interact. */
    static DifferentiableGraphModel centred(DifferentiableGraphModel m) {
        return new DifferentiableGraphModel() {
            @Override
            public ModelCard card() {
                return m.card();
            }

            @Override
            public Map<String, Tensor> activations(GraphInput g, List<String> stages) {
                Map<String, Tensor> out = new java.util.LinkedHashMap<>();
                m.activations(g, stages).forEach((k, t) -> out.put(k, centre(t)));
                return out;
            }

            Tensor centre(Tensor t) {
                int n = t.dim(0);
                int w = t.dim(1);
                float[] v = t.toFloatArray();
                for (int j = 0; j < w; j++) {
                    double mean = 0;
                    for (int i = 0; i < n; i++) {
                        mean += v[i * w + j];
                    }
                    mean /= n;
                    for (int i = 0; i < n; i++) {
                        v[i * w + j] -= (float) mean;
                    }
                }
                return Tensor.wrap(t.shape(), v);
            }

            @Override
            public GraphGradient vjp(GraphInput g, String stage, DifferentiableModel.Upstream upstream) {
                // the centring is linear and self-adjoint: centre the upstream gradient too
                return m.vjp(g, stage, a -> centre(upstream.of(centre(a))));
            }

            @Override
            public void close() {
            }
        };
    }

    /** A model that checks every graph it is shown against the references it was made for. */
    static final class Checking implements DifferentiableGraphModel {
        final DifferentiableGraphModel inner;
        final List<Reference> refs;
        final Kind kind;
        final boolean binary;
        int calls;

        Checking(DifferentiableGraphModel inner, List<Reference> refs, Kind kind, boolean binary) {
            this.inner = inner;
            this.refs = refs;
            this.kind = kind;
            this.binary = binary;
        }

        @Override
        public ModelCard card() {
            return inner.card();
        }

        @Override
        public Map<String, Tensor> activations(GraphInput g, List<String> stages) {
            check(g);
            return inner.activations(g, stages);
        }

        @Override
        public GraphGradient vjp(GraphInput g, String stage, DifferentiableModel.Upstream upstream) {
            check(g);
            return inner.vjp(g, stage, upstream);
        }

        /** The union's parts, in reference order (every call here shows all of them at once). */
        void check(GraphInput g) {
            GraphUnion u = new GraphUnion(refs.stream().mapToInt(Reference::nodes).toArray(), g.featureCount());
            if (g.nodes() != u.nodes()) { // the batching probe shows a reference alone
                assertTrue(refs.stream().anyMatch(r -> Arrays.equals(r.features(), g.features().toFloatArray())
                        && Arrays.equals(r.adjacency(), g.adjacency().toFloatArray())), "a graph of " + g.nodes()
                        + " nodes that is neither the union nor a reference");
                return;
            }
            calls++;
            float[] x = g.features().toFloatArray();
            float[] a = g.adjacency().toFloatArray();
            double inside = 0;
            for (int p = 0; p < u.parts(); p++) {
                float[] block = u.block(a, p);
                inside += sum(block);
                checkPart(refs.get(p), u.rows(x, p), block, "call " + calls + " part " + p);
            }
            assertEquals(inside, sum(a), "call " + calls + ": an edge between parts");
        }

        void checkPart(Reference ref, float[] x, float[] a, String what) {
            int n = ref.nodes();
            for (float v : x) {
                assertTrue(v >= 0 && v <= 1, what + ": a feature out of [0, 1]: " + v);
                if (binary) {
                    assertTrue(v == 0 || v == 1, what + ": a binary feature of " + v);
                }
            }
            if (binary) {
                assertEquals(sum(ref.features()), sum(x), what + ": the count of ones");
            }
            for (int i = 0; i < n; i++) {
                assertEquals(0f, a[i * n + i], what + ": a self-loop");
                for (int j = 0; j < n; j++) {
                    assertTrue(a[i * n + j] == 0 || a[i * n + j] == 1, what + ": an edge weight of " + a[i * n + j]);
                    assertEquals(a[i * n + j], a[j * n + i], what + ": asymmetric at " + i + "," + j);
                }
            }
            assertEquals(sum(ref.adjacency()), sum(a), what + ": the edge count");
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
