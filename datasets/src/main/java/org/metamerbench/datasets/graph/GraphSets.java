package org.metamerbench.datasets.graph;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.DatasetIntegrityException;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;

/**
 * Loads graph stimulus sets (a folder holding {@code manifest.json} and the graph's three files, or a built-in set on
 * the class path) and refuses any whose bytes do not match its manifest; builds one from a graph's files. Every
 * error names the file.
 */
public final class GraphSets {
    /** The default graph set: Cora with the Planetoid split, 10 test nodes per class, 2-hop neighbourhoods. */
    public static final String CORA = "cora";
    public static final List<String> BUILT_IN = List.of(CORA);
    /** The hops of the default sets: the receptive field of the zoo's two-layer graph models. */
    public static final int DEFAULT_HOPS = 2;
    public static final int DEFAULT_PER_CLASS = 10;
    public static final String MANIFEST = "manifest.json";

    private static final String RESOURCE_ROOT = "/org/metamerbench/datasets/graphs/";
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private GraphSets() {
    }

    private interface Source {
        byte[] read(String file) throws IOException;

        String describe(String file);
    }

    /** Loads the set in {@code dir}. */
    public static GraphStimulusSet load(Path dir) throws IOException {
        return load(new Source() {
            @Override
            public byte[] read(String file) throws IOException {
                Path p = dir.resolve(file);
                if (!Files.isRegularFile(p)) {
                    throw new DatasetIntegrityException(p + ": file of the set is missing");
                }
                return Files.readAllBytes(p);
            }

            @Override
            public String describe(String file) {
                return dir.resolve(file).toString();
            }
        }, dir);
    }

    /** Loads a built-in set by name. */
    public static GraphStimulusSet loadBuiltin(String name) throws IOException {
        if (!org.metamerbench.api.harness.SafeName.isSafe(name)) { // a resource path is made of it
            throw new IOException("no built-in graph set named '" + name + "'; built-in graph sets: "
                    + String.join(", ", BUILT_IN));
        }
        String root = RESOURCE_ROOT + name + "/";
        if (GraphSets.class.getResource(root + MANIFEST) == null) {
            throw new IOException("no built-in graph set named '" + name + "'; built-in graph sets: "
                    + String.join(", ", BUILT_IN));
        }
        return load(new Source() {
            @Override
            public byte[] read(String file) throws IOException {
                try (InputStream in = GraphSets.class.getResourceAsStream(root + file)) {
                    if (in == null) {
                        throw new DatasetIntegrityException("built-in graph set " + name + ": " + file + " is missing");
                    }
                    return in.readAllBytes();
                }
            }

            @Override
            public String describe(String file) {
                return "built-in graph set " + name + ": " + file;
            }
        }, null);
    }

    /** A built-in set's name, or a folder holding a set. */
    public static GraphStimulusSet resolve(String nameOrFolder) throws IOException {
        Path p = Path.of(nameOrFolder);
        return Files.isDirectory(p) ? load(p) : loadBuiltin(nameOrFolder);
    }

    /** Whether {@code nameOrFolder} names a built-in graph set or a folder whose manifest is a graph set's. */
    public static boolean isGraphSet(String nameOrFolder) {
        if (BUILT_IN.contains(nameOrFolder)) {
            return true;
        }
        Path manifest = Path.of(nameOrFolder).resolve(MANIFEST);
        try {
            return Files.isRegularFile(manifest) && GraphSetManifest.FORMAT.equals(JSON.readTree(manifest.toFile())
                    .path("format").asText());
        } catch (IOException e) {
            return false; // not readable: the loader of the set that it claims to be says why
        }
    }

    private static GraphStimulusSet load(Source src, Path dir) throws IOException {
        GraphSetManifest m;
        try {
            m = JSON.readValue(src.read(MANIFEST), GraphSetManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DatasetIntegrityException(src.describe(MANIFEST) + ": not a graph set manifest: "
                    + e.getOriginalMessage());
        }
        if (!GraphSetManifest.FORMAT.equals(m.format())) {
            throw new DatasetIntegrityException(src.describe(MANIFEST) + ": format '" + m.format() + "', expected '"
                    + GraphSetManifest.FORMAT + "'");
        }
        List<String> names = m.files() == null ? List.of() : m.files().stream().map(GraphSetManifest.FileEntry::name)
                .toList();
        if (!names.equals(GraphFiles.FILES)) {
            throw new DatasetIntegrityException(src.describe(MANIFEST) + ": files " + names + ", expected "
                    + GraphFiles.FILES);
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (GraphSetManifest.FileEntry f : m.files()) {
            byte[] b = src.read(f.name());
            if (!Hashing.sha256(b).equals(f.sha256())) {
                throw new DatasetIntegrityException(src.describe(f.name()) + ": SHA-256 " + Hashing.sha256(b)
                        + " does not match the manifest's " + f.sha256());
            }
            bytes.put(f.name(), b);
        }
        String expected = GraphSetManifest.computeSetHash(m.hops(), m.classLabels(), m.files(), m.stimuli(),
                m.nullPool());
        if (!expected.equals(m.sha256())) {
            throw new DatasetIntegrityException(src.describe(MANIFEST) + ": set SHA-256 " + m.sha256() + " does not "
                    + "match its contents (" + expected + ")");
        }
        Graph g = GraphFiles.read(dir != null ? dir : Path.of("built-in graph set " + m.name()), bytes);
        for (List<GraphSetManifest.Node> nodes : List.of(m.stimuli(), m.nullPool())) {
            for (GraphSetManifest.Node s : nodes) {
                if (s.node() < 0 || s.node() >= g.nodeCount() || g.label(s.node()) != s.label()) {
                    throw new DatasetIntegrityException(src.describe(MANIFEST) + ": " + s.id() + " (node " + s.node()
                            + ", label " + s.label() + ") is not a labelled node of the graph with that label");
                }
            }
        }
        return new GraphStimulusSet(m, g);
    }

    /**
     * The set of graph {@code g} (read from {@code graphDir}): the graph in canonical form, the stimuli ({@code
     * perClass} test-split nodes per class, seeded) and the null pool (the training split), written into the empty
     * folder {@code out}. Read the graph first ({@link GraphFiles#read}): bad files are refused before anything is
     * written.
     */
    public static GraphStimulusSet build(Graph g, Path graphDir, Path out, String name, int hops, int perClass,
            long seed, Map<String, String> source) throws IOException {
        org.metamerbench.api.harness.SafeName.check("graph set name", name);
        if (hops < 1 || hops > 8) {
            throw new IllegalArgumentException("hops must be 1 to 8, not " + hops);
        }
        int[] stimuli = GraphStimulusSet.select(g, Graph.Split.TEST, perClass, seed);
        int[] pool = GraphStimulusSet.select(g, Graph.Split.TRAIN, 0, seed);
        if (stimuli.length == 0 || pool.length < 2) {
            throw new IOException(graphDir + ": the graph needs labelled test nodes (stimuli) and at least two labelled "
                    + "training nodes (the null pool); it has " + stimuli.length + " and " + pool.length);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < g.classCount(); c++) {
            classes.add("class " + c);
        }
        Map<String, byte[]> files = GraphFiles.canonical(g);
        List<GraphSetManifest.FileEntry> entries = new ArrayList<>();
        files.forEach((f, b) -> entries.add(new GraphSetManifest.FileEntry(f, Hashing.sha256(b), b.length)));
        List<GraphSetManifest.Node> s = nodes(g, stimuli);
        List<GraphSetManifest.Node> p = nodes(g, pool);
        GraphSetManifest m = new GraphSetManifest(GraphSetManifest.FORMAT, name, name + ": " + s.size()
                + " test nodes (" + perClass + " per class) with their " + hops + "-hop neighbourhoods; null pool: the "
                + p.size() + " training nodes", source, Map.of("stimuli", perClass + " per class from the test split, "
                + "each class's nodes shuffled with seed " + seed, "null_pool", "every labelled training-split node"),
                hops, classes, new GraphSetManifest.GraphSummary(g.nodeCount(), g.edgeCount(), g.featureCount(),
                g.binary(), g.nonZeroFeatures()), entries, s, p,
                GraphSetManifest.computeSetHash(hops, classes, entries, s, p));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AtomicFiles.write(out, out.resolve(f.getKey()), f.getValue());
        }
        AtomicFiles.write(out, out.resolve(MANIFEST), JSON.writeValueAsBytes(m));
        return new GraphStimulusSet(m, g);
    }

    private static List<GraphSetManifest.Node> nodes(Graph g, int[] nodes) {
        List<GraphSetManifest.Node> out = new ArrayList<>();
        for (int v : nodes) {
            out.add(new GraphSetManifest.Node(GraphSetManifest.Node.idOf(v), v, g.label(v)));
        }
        return List.copyOf(out);
    }
}
