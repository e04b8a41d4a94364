package org.metamerbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph as a graph run stores it, lossless, in {@value GraphTables#GRAPHS_CSV}: one row per node with its
 * features and its neighbours of higher index. The reference neighbourhood of each stimulus is stored once (its
 * generator and stage empty), each metamer under its generator and stage, so pictures and verification read the
 * graphs from the folder alone. Binary features are stored as the indices of their ones ({@code ones}), real ones as
 * every value ({@code dense}, Java's shortest exact float form).
 *
 * @param features   {@code [nodes x featureCount]} row-major
 * @param adjacency  {@code [nodes x nodes]} row-major, symmetric 0/1, zero diagonal
 */
public record StoredGraph(int nodes, int featureCount, float[] features, float[] adjacency) {
    public static final String REFERENCE = "reference";
    public static final String METAMER = "metamer";
    static final String ONES = "ones";
    static final String DENSE = "dense";

    public StoredGraph {
        if (features.length != nodes * featureCount || adjacency.length != nodes * nodes) {
            throw new IllegalArgumentException("a graph of " + nodes + " nodes and " + featureCount + " features "
                    + "needs " + nodes * featureCount + " feature values and " + nodes * nodes + " adjacency entries, "
                    + "not " + features.length + " and " + adjacency.length);
        }
    }

    /** Where a stored graph belongs: the reference of a stimulus (generator and stage empty) or a job's metamer. */
    public record Key(String graph, String generator, String stage, String stimulus) {
        public static Key reference(String stimulus) {
            return new Key(REFERENCE, "", "", stimulus);
        }

        public static Key metamer(String generator, String stage, String stimulus) {
            return new Key(METAMER, generator, stage, stimulus);
        }
    }

    /** The table rows of this graph under {@code key}; binary features as their ones. */
    public List<List<Object>> rows(Key key, boolean binary) {
        List<List<Object>> out = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            StringBuilder f = new StringBuilder();
            for (int k = 0; k < featureCount; k++) {
                float v = features[i * featureCount + k];
                if (binary) {
                    if (v != 0f && v != 1f) {
                        throw new IllegalArgumentException(key + " node " + i + " feature " + k + " is " + v
                                + ", not binary");
                    }
                    if (v == 1f) {
                        f.append(f.length() == 0 ? "" : " ").append(k);
                    }
                } else {
                    f.append(k == 0 ? "" : " ").append(v);
                }
            }
            StringBuilder nb = new StringBuilder();
            for (int j = i + 1; j < nodes; j++) {
                if (adjacency[i * nodes + j] != 0f) {
                    nb.append(nb.length() == 0 ? "" : " ").append(j);
                }
            }
            out.add(List.of(key.graph(), key.generator(), key.stage(), key.stimulus(), i, nodes, featureCount,
                    binary ? ONES : DENSE, f.toString(), nb.toString()));
        }
        return out;
    }

    /** Every graph of the folder's {@value GraphTables#GRAPHS_CSV}, in file order; empty when it has none. */
    public static Map<Key, StoredGraph> read(Path dir) throws IOException {
        return read(dir, k -> true);
    }

    /** The graphs of the folder whose key {@code wanted} accepts (the others are checked, not kept). */
    public static Map<Key, StoredGraph> read(Path dir, java.util.function.Predicate<Key> wanted) throws IOException {
        Path file = dir.resolve(GraphTables.GRAPHS_CSV);
        Map<Key, StoredGraph> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Map<Key, Builder> open = new LinkedHashMap<>();
        for (CsvTable.Row r : CsvTable.read(file, GraphTables.GRAPHS_HEADER)) {
            String graph = r.get("graph");
            if (!graph.equals(REFERENCE) && !graph.equals(METAMER)) {
                throw new IOException(r.where("graph") + ": '" + graph + "' is neither " + REFERENCE + " nor "
                        + METAMER);
            }
            Key key = new Key(graph, r.get("generator"), r.get("stage"), r.get("stimulus"));
            int nodes = positive(r, "nodes");
            int featureCount = positive(r, "feature_count");
            Builder b = open.computeIfAbsent(key, k -> new Builder(nodes, featureCount, wanted.test(k)));
            if (b.nodes != nodes || b.featureCount != featureCount) {
                throw new IOException(r.where("nodes") + ": " + key.stimulus() + " was " + b.nodes + " nodes and "
                        + b.featureCount + " features in earlier rows");
            }
            int node = (int) r.getLong("node");
            if (node != b.next) {
                throw new IOException(r.where("node") + ": node " + node + " where node " + b.next + " comes next");
            }
            b.next++;
            String encoding = r.get("encoding");
            String[] values = split(r.get("features"));
            if (encoding.equals(ONES)) {
                for (String v : values) {
                    b.feature(node, index(r, "features", v, featureCount), 1f);
                }
            } else if (encoding.equals(DENSE)) {
                if (values.length != featureCount) {
                    throw new IOException(r.where("features") + ": " + values.length + " values for " + featureCount
                            + " features");
                }
                for (int k = 0; k < featureCount; k++) {
                    try {
                        b.feature(node, k, Float.parseFloat(values[k]));
                    } catch (NumberFormatException e) {
                        throw new IOException(r.where("features") + ": '" + values[k] + "' is not a number");
                    }
                }
            } else {
                throw new IOException(r.where("encoding") + ": '" + encoding + "' is neither " + ONES + " nor "
                        + DENSE);
            }
            for (String v : split(r.get("neighbours"))) {
                int j = index(r, "neighbours", v, nodes);
                if (j <= node) {
                    throw new IOException(r.where("neighbours") + ": neighbour " + j + " of node " + node + " is not "
                            + "of a higher index");
                }
                b.edge(node, j);
            }
        }
        for (Map.Entry<Key, Builder> e : open.entrySet()) {
            Builder b = e.getValue();
            if (b.next != b.nodes) {
                throw new IOException(file + ": " + e.getKey() + " has rows for " + b.next + " of its " + b.nodes
                        + " nodes");
            }
            if (b.features != null) {
                out.put(e.getKey(), new StoredGraph(b.nodes, b.featureCount, b.features, b.adjacency));
            }
        }
        return out;
    }

    /** The undirected edges as local pairs {@code [a, b]}, {@code a < b}, ascending. */
    public List<int[]> edges() {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                if (adjacency[i * nodes + j] != 0f) {
                    out.add(new int[] {i, j});
                }
            }
        }
        return out;
    }

    private static String[] split(String s) {
        return s.isBlank() ? new String[0] : s.trim().split(" ");
    }

    private static int positive(CsvTable.Row r, String column) throws IOException {
        long v = r.getLong(column);
        if (v < 1 || v > 1_000_000) {
            throw new IOException(r.where(column) + ": " + v + " is not a count between 1 and 1000000");
        }
        return (int) v;
    }

    private static int index(CsvTable.Row r, String column, String v, int bound) throws IOException {
        try {
            int k = Integer.parseInt(v);
            if (k >= 0 && k < bound) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(r.where(column) + ": '" + v + "' is not an index from 0 to " + (bound - 1));
    }

    private static final class Builder {
        final int nodes;
        final int featureCount;
        final float[] features;
        final float[] adjacency;
        int next;

        Builder(int nodes, int featureCount, boolean kept) {
            this.nodes = nodes;
            this.featureCount = featureCount;
            this.features = kept ? new float[nodes * featureCount] : null;
            this.adjacency = kept ? new float[nodes * nodes] : null;
        }

        void feature(int node, int k, float v) {
            if (features != null) {
                features[node * featureCount + k] = v;
            }
        }

        void edge(int a, int b) {
            if (adjacency != null) {
                adjacency[a * nodes + b] = 1f;
                adjacency[b * nodes + a] = 1f;
            }
        }
    }
}
