package org.metamerbench.datasets.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.csv.InvalidDataException;
import org.metamerbench.datasets.csv.StrictCsv;
import org.metamerbench.results.AtomicFiles;

/**
 * A graph as three CSV files, the form of the Planetoid files and of a lab's own graph:
 * <ul>
 * <li>{@value #NODES}: {@code node,label,split}: nodes numbered 0..n-1, one per line, in order; the label a class
 * index from 0 (empty: unlabelled); the split {@code train}, {@code val}, {@code test} or {@code none};</li>
 * <li>{@value #EDGES}: {@code source,target}: each undirected edge once, between two distinct nodes;</li>
 * <li>{@value #FEATURES}: {@code node,feature,value}: the non-zero entries of the node x feature matrix, each node x
 * feature once (the feature count is one more than the largest feature index).</li>
 * </ul>
 * Reading is strict and complete: every problem of the three files is named with its {@code file:line:column}
 * before anything is built. {@link #write} writes the canonical form (edges with source &lt; target, entries
 * sorted), which is what a graph's hash is taken of.
 */
public final class GraphFiles {
    public static final String NODES = "nodes.csv";
    public static final String EDGES = "edges.csv";
    public static final String FEATURES = "features.csv";
    /** The files of a graph, in the order its hash takes them. */
    public static final List<String> FILES = List.of(NODES, EDGES, FEATURES);
    /** The largest feature index a file may give (a bound on what one typo can allocate). */
    public static final int MAX_FEATURES = 1 << 20;

    private GraphFiles() {
    }

    /** Reads the graph in {@code dir}; refuses it with every problem found, naming file, line and column. */
    public static Graph read(Path dir) throws IOException {
        return read(dir, null);
    }

    /**
     * Reads a graph whose files' contents are {@code bytes} (by file name; null: read them from {@code dir}), naming
     * them as files of {@code dir} in every problem.
     */
    static Graph read(Path dir, Map<String, byte[]> bytes) throws IOException {
        StrictCsv nodesCsv = new StrictCsv(dir.resolve(NODES), List.of("node", "label", "split"));
        StrictCsv edgesCsv = new StrictCsv(dir.resolve(EDGES), List.of("source", "target"));
        StrictCsv featuresCsv = new StrictCsv(dir.resolve(FEATURES), List.of("node", "feature", "value"));
        List<StrictCsv.Row> nodeRows = rows(nodesCsv, bytes);
        List<Integer> labels = new ArrayList<>();
        List<Graph.Split> splits = new ArrayList<>();
        for (StrictCsv.Row r : nodeRows) {
            int node = r.integer("node", 0);
            if (r.wellFormed() && node != labels.size()) {
                r.problem("node", "expected " + labels.size() + ", found " + node + " (nodes are numbered 0..n-1, "
                        + "one per line, in order)");
            }
            String label = r.optional("label");
            labels.add(label.isEmpty() ? Graph.UNLABELLED : r.integer("label", 0));
            String split = r.text("split");
            Graph.Split s = null;
            for (Graph.Split candidate : Graph.Split.values()) {
                if (candidate.csv().equals(split)) {
                    s = candidate;
                }
            }
            if (s == null) {
                r.problem("split", "'" + split + "' is not train, val, test or none");
                s = Graph.Split.NONE;
            }
            splits.add(s);
        }
        int n = labels.size();
        if (nodesCsv.problems.isEmpty() && n == 0) {
            nodesCsv.problem(1, null, "no nodes");
        }
        if (!nodesCsv.problems.isEmpty()) {
            // the edges and features are checked against the nodes: with the nodes wrong, that would only repeat it
            throw new InvalidDataException(nodesCsv.problems);
        }
        List<StrictCsv.Row> edgeRows = rows(edgesCsv, bytes);
        int[] edges = new int[2 * edgeRows.size()];
        int e = 0;
        Map<Long, Long> seen = new HashMap<>();
        for (StrictCsv.Row r : edgeRows) {
            int a = node(r, "source", n);
            int b = node(r, "target", n);
            if (!r.wellFormed()) {
                continue;
            }
            if (a == b) {
                r.problem("target", "a self-loop (" + a + " to itself); list edges between distinct nodes");
                continue;
            }
            long key = (long) Math.min(a, b) * n + Math.max(a, b);
            Long before = seen.putIfAbsent(key, r.line);
            if (before != null) {
                r.problem("target", "the edge " + Math.min(a, b) + "-" + Math.max(a, b) + " is listed before, on line "
                        + before + " (list each undirected edge once)");
                continue;
            }
            edges[e++] = a;
            edges[e++] = b;
        }
        List<StrictCsv.Row> featureRows = rows(featuresCsv, bytes);
        int[] rows = new int[featureRows.size()];
        int[] cols = new int[featureRows.size()];
        float[] values = new float[featureRows.size()];
        int k = 0;
        int featureCount = 0;
        Map<Long, Long> entries = new HashMap<>();
        for (StrictCsv.Row r : featureRows) {
            int node = node(r, "node", n);
            int feature = r.integer("feature", 0);
            if (r.wellFormed() && feature >= MAX_FEATURES) {
                r.problem("feature", feature + " is above the largest feature index a graph may have ("
                        + (MAX_FEATURES - 1) + ")");
            }
            double v = r.number("value", -Float.MAX_VALUE, Float.MAX_VALUE);
            if (!r.wellFormed()) {
                continue;
            }
            Long before = entries.putIfAbsent((long) node * MAX_FEATURES + feature, r.line);
            if (before != null) {
                r.problem("feature", "node " + node + ", feature " + feature + " is given before, on line " + before);
                continue;
            }
            featureCount = Math.max(featureCount, feature + 1);
            if (v != 0) {
                rows[k] = node;
                cols[k] = feature;
                values[k] = (float) v;
                k++;
            }
        }
        List<org.metamerbench.datasets.csv.Problem> problems = new ArrayList<>(nodesCsv.problems);
        problems.addAll(edgesCsv.problems);
        problems.addAll(featuresCsv.problems);
        if (!problems.isEmpty()) {
            throw new InvalidDataException(problems);
        }
        return Graph.of(featureCount, labels.stream().mapToInt(Integer::intValue).toArray(),
                splits.toArray(Graph.Split[]::new), java.util.Arrays.copyOf(edges, e), java.util.Arrays.copyOf(rows, k),
                java.util.Arrays.copyOf(cols, k), java.util.Arrays.copyOf(values, k));
    }

    /** The rows of one file; a file that cannot be read at all (missing, too large) is one of its problems. */
    private static List<StrictCsv.Row> rows(StrictCsv csv, Map<String, byte[]> bytes) throws IOException {
        try {
            return bytes == null ? csv.rows() : csv.rows(bytes.get(csv.file.getFileName().toString()));
        } catch (InvalidDataException e) {
            csv.problems.addAll(e.problems());
            return List.of();
        }
    }

    private static int node(StrictCsv.Row r, String column, int n) {
        int v = r.integer(column, 0);
        if (r.wellFormed() && v >= n) {
            r.problem(column, v + " is not a node of " + NODES + " (0.." + (n - 1) + ")");
        }
        return v;
    }

    /** The canonical bytes of each file of {@code g}, by name ({@link #FILES}). */
    public static Map<String, byte[]> canonical(Graph g) {
        StringBuilder nodes = new StringBuilder("node,label,split\n");
        for (int i = 0; i < g.nodeCount(); i++) {
            nodes.append(i).append(',').append(g.label(i) == Graph.UNLABELLED ? "" : Integer.toString(g.label(i)))
                    .append(',').append(g.split(i).csv()).append('\n');
        }
        StringBuilder edges = new StringBuilder("source,target\n");
        for (int[] edge : g.edges()) {
            edges.append(edge[0]).append(',').append(edge[1]).append('\n');
        }
        StringBuilder features = new StringBuilder("node,feature,value\n");
        for (int i = 0; i < g.nodeCount(); i++) {
            int[] idx = g.featureIndices(i);
            float[] val = g.featureValues(i);
            for (int j = 0; j < idx.length; j++) {
                features.append(i).append(',').append(idx[j]).append(',').append(number(val[j])).append('\n');
            }
        }
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        out.put(NODES, nodes.toString().getBytes(StandardCharsets.UTF_8));
        out.put(EDGES, edges.toString().getBytes(StandardCharsets.UTF_8));
        out.put(FEATURES, features.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** A value as the canonical files write it: a whole number without a point, else Java's shortest float text. */
    static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : Float.toString(v);
    }

    /** Writes the canonical files of {@code g} into {@code dir} (inside {@code root}), each atomically. */
    public static void write(Path root, Path dir, Graph g) throws IOException {
        for (Map.Entry<String, byte[]> f : canonical(g).entrySet()) {
            AtomicFiles.write(root, dir.resolve(f.getKey()), f.getValue());
        }
    }
}
