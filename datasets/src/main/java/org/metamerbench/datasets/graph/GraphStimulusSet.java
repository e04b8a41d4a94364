package org.metamerbench.datasets.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A graph stimulus set: a graph, the nodes whose {@code hops}-hop neighbourhoods are the stimuli, the nodes whose
 * neighbourhoods are the null pool, and the manifest that names them and the hashes of the graph's files. By
 * default (the built-in {@code cora}) the stimuli are 10 test-split nodes per class and the null pool is the
 * training split (Planetoid's 20 per class), as the harness's image sets take test images as stimuli and training
 * images as the null pool.
 */
public record GraphStimulusSet(GraphSetManifest manifest, Graph graph) {
    public String name() {
        return manifest.name();
    }

    public String sha256() {
        return manifest.sha256();
    }

    public int hops() {
        return manifest.hops();
    }

    /** The stimuli, in manifest order. */
    public List<GraphSetManifest.Node> stimuli() {
        return manifest.stimuli();
    }

    /** The null pool's nodes, in manifest order. */
    public List<GraphSetManifest.Node> nullPool() {
        return manifest.nullPool();
    }

    public List<String> classLabels() {
        return manifest.classLabels();
    }

    /** Stimulus {@code i}: its node with its neighbourhood. */
    public Neighbourhood stimulus(int i) {
        return Neighbourhood.of(graph, manifest.stimuli().get(i).node(), manifest.hops());
    }

    /** Null-pool item {@code i}: its node with its neighbourhood. */
    public Neighbourhood poolItem(int i) {
        return Neighbourhood.of(graph, manifest.nullPool().get(i).node(), manifest.hops());
    }

    /**
     * The stimuli a set takes from {@code g}: {@code perClass} labelled nodes of {@code split} per class, each class's
     * nodes in an order shuffled with {@code seed}, then listed class by class; all of them where {@code perClass}
     * is 0. A class with fewer such nodes gives all it has.
     */
    public static int[] select(Graph g, Graph.Split split, int perClass, long seed) {
        int[] candidates = g.nodesOf(split);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < g.classCount(); c++) {
            List<Integer> of = new ArrayList<>();
            for (int v : candidates) {
                if (g.label(v) == c) {
                    of.add(v);
                }
            }
            int[] p = org.metamerbench.api.harness.Shuffle.permutation(of.size(),
                    new SplittableRandom(seed * 1_000_003L + c));
            List<Integer> shuffled = new ArrayList<>(of.size());
            for (int i : p) {
                shuffled.add(of.get(i));
            }
            of = shuffled;
            out.addAll(perClass == 0 ? of : of.subList(0, Math.min(perClass, of.size())));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
