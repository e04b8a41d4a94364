package org.metamerbench.datasets.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded contextual stochastic block model (Deshpande et al. 2018): the synthetic graph of the tests and of scale
 * measurements. Nodes fall into classes of equal size; an edge joins two nodes of one class with the share
 * {@code homophily} of all edges (Cora's edge homophily is about 0.81), else two nodes of different classes, until
 * the mean degree is reached (edges drawn by count, so that a graph of 10^5 nodes costs O(edges), not O(n^2)).
 * Features carry the class as Cora's words do: each class owns a block of {@code features / classes} features;
 * binary features are on with probability {@code density * (1 + signal * (classes - 1))} in the node's own block
 * and {@code density * (1 - signal)} elsewhere (mean density {@code density}); real features are unit Gaussian noise
 * plus {@code signal} on the own block. The split is Planetoid's: {@code trainPerClass} labelled training nodes per
 * class, then {@code val} validation nodes, then {@code test} test nodes, the rest {@code none}, in a seeded order.
 */
public final class Csbm {
    /** The model's settings. */
    public record Params(int nodes, int classes, int features, double meanDegree, double homophily, boolean binary,
            double density, double signal, int trainPerClass, int val, int test) {
        public Params {
            if (nodes < 2 || classes < 2 || classes > nodes || features < classes) {
                throw new IllegalArgumentException("a CSBM needs at least 2 nodes and 2 classes, no more classes than "
                        + "nodes, and at least one feature per class");
            }
            if (!(meanDegree > 0 && meanDegree < nodes - 1) || !(homophily >= 0 && homophily <= 1)
                    || !(density > 0 && density <= 1) || !(signal >= 0 && signal <= 1)) {
                throw new IllegalArgumentException("mean degree in (0, nodes - 1), homophily, density and signal in "
                        + "[0, 1]");
            }
            if (trainPerClass * classes + val + test > nodes) {
                throw new IllegalArgumentException("the split asks for more nodes than the graph has");
            }
        }

        /** A small Cora-like graph for tests: 7 classes, binary features, homophily 0.81. */
        public static Params coraLike(int nodes) {
            int test = Math.max(7, nodes / 4);
            int val = Math.max(7, nodes / 8);
            int train = Math.max(1, Math.min(20, (nodes - test - val) / 7));
            return new Params(nodes, 7, 140, 3.9, 0.81, true, 0.05, 0.6, train, val, test);
        }
    }

    private Csbm() {
    }

    /** The graph of {@code p} drawn with {@code seed}: the same seed gives the same graph, bit for bit. */
    public static Graph generate(Params p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = p.nodes();
        int[] labels = new int[n];
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < p.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        int[] order = permutation(n, rnd);
        for (int i = 0; i < n; i++) {
            labels[order[i]] = i % p.classes();
        }
        for (int i = 0; i < n; i++) {
            byClass.get(labels[i]).add(i);
        }
        long target = Math.round(p.meanDegree() * n / 2);
        Set<Long> seen = new HashSet<>();
        int[] edges = new int[(int) (2 * target)];
        int e = 0;
        long attempts = 0;
        while (e < edges.length && attempts++ < 50 * target + 1000) {
            int a = rnd.nextInt(n);
            int b;
            if (rnd.nextDouble() < p.homophily()) {
                List<Integer> same = byClass.get(labels[a]);
                b = same.get(rnd.nextInt(same.size()));
            } else {
                List<Integer> other = byClass.get((labels[a] + 1 + rnd.nextInt(p.classes() - 1)) % p.classes());
                b = other.get(rnd.nextInt(other.size()));
            }
            if (a == b || !seen.add((long) Math.min(a, b) * n + Math.max(a, b))) {
                continue;
            }
            edges[e++] = a;
            edges[e++] = b;
        }
        int block = p.features() / p.classes();
        double in = Math.min(1, p.density() * (1 + p.signal() * (p.classes() - 1)));
        double out = p.density() * (1 - p.signal());
        List<int[]> entries = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int own = labels[i];
            for (int f = 0; f < p.features(); f++) {
                boolean inBlock = f / block == own && f < block * p.classes();
                if (p.binary()) {
                    if (rnd.nextDouble() < (inBlock ? in : out)) {
                        entries.add(new int[] {i, f});
                        values.add(1f);
                    }
                } else {
                    float v = (float) (rnd.nextGaussian() + (inBlock ? p.signal() : 0));
                    if (v != 0) {
                        entries.add(new int[] {i, f});
                        values.add(v);
                    }
                }
            }
        }
        Graph.Split[] splits = new Graph.Split[n];
        java.util.Arrays.fill(splits, Graph.Split.NONE);
        int[] splitOrder = permutation(n, rnd);
        int[] trained = new int[p.classes()];
        List<Integer> rest = new ArrayList<>();
        for (int i : splitOrder) {
            if (trained[labels[i]] < p.trainPerClass()) {
                trained[labels[i]]++;
                splits[i] = Graph.Split.TRAIN;
            } else {
                rest.add(i);
            }
        }
        for (int k = 0; k < rest.size() && k < p.val() + p.test(); k++) {
            splits[rest.get(k)] = k < p.val() ? Graph.Split.VAL : Graph.Split.TEST;
        }
        int[] rows = new int[entries.size()];
        int[] cols = new int[entries.size()];
        float[] vals = new float[entries.size()];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = entries.get(k)[0];
            cols[k] = entries.get(k)[1];
            vals[k] = values.get(k);
        }
        return Graph.of(p.features(), labels, splits, java.util.Arrays.copyOf(edges, e), rows, cols, vals);
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        return org.metamerbench.api.harness.Shuffle.permutation(n, rnd);
    }
}
