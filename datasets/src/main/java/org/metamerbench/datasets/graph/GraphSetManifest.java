package org.metamerbench.datasets.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.Hashing;

/**
 * The manifest of a {@link GraphStimulusSet} ({@code manifest.json}): where the graph came from, the hops of every
 * stimulus's neighbourhood, the stimuli and the null pool, and the SHA-256 of each of the graph's files and of the
 * whole set.
 *
 * <p>The set hash is the SHA-256 of the UTF-8 text built by {@link #computeSetHash}: a line {@code hops <k>}, a line
 * {@code classes <JSON list>}, one line {@code file <name> <sha256>} per file of the graph, then one line {@code
 * stimulus <id> <node> <label>} per stimulus and one line {@code pool <id> <node> <label>} per null-pool node. It
 * changes when any byte of the graph, the hops, a class name, a stimulus or a pool node changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GraphSetManifest(String format, String name, String description, Map<String, String> source,
        Map<String, String> selection, int hops, List<String> classLabels, GraphSummary graph, List<FileEntry> files,
        List<Node> stimuli, List<Node> nullPool, String sha256) {

    public static final String FORMAT = "metamer-bench graph set 1";
    public static final String MODALITY = "graph";

    /** What the graph holds, for a reader of the manifest (the files are what count). */
    public record GraphSummary(int nodes, int edges, int features, boolean binaryFeatures, int nonZeroFeatures) {
    }

    /** One file of the graph. */
    public record FileEntry(String name, String sha256, long bytes) {
    }

    /** A stimulus or null-pool node: a stable id (a safe name: it names the stimulus's files), its node, its class. */
    public record Node(String id, int node, int label) {
        public Node {
            org.metamerbench.api.harness.SafeName.check("stimulus id", id);
        }

        /** The id of node {@code node}: {@code node-<index>}. */
        public static String idOf(int node) {
            return "node-" + node;
        }
    }

    /** The set hash of these contents ({@link GraphSetManifest}'s rule). */
    public static String computeSetHash(int hops, List<String> classLabels, List<FileEntry> files, List<Node> stimuli,
            List<Node> nullPool) {
        StringBuilder sb = new StringBuilder();
        sb.append("hops ").append(hops).append('\n');
        try {
            sb.append("classes ").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    classLabels)).append('\n');
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (FileEntry f : files) {
            sb.append("file ").append(f.name()).append(' ').append(f.sha256()).append('\n');
        }
        for (Node s : stimuli) {
            sb.append("stimulus ").append(s.id()).append(' ').append(s.node()).append(' ').append(s.label()).append('\n');
        }
        for (Node s : nullPool) {
            sb.append("pool ").append(s.id()).append(' ').append(s.node()).append(' ').append(s.label()).append('\n');
        }
        return Hashing.sha256(sb.toString());
    }
}
