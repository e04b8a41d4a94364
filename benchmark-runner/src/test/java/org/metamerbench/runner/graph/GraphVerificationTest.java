package org.metamerbench.runner.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.GraphTables;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.StoredGraph;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunVerification;
import org.metamerbench.zoo.ZooProvider;

/**
 * A graph run's tables are recomputed from its stored graphs: an untouched run agrees, and a folder edited and sealed
 * again (a verdict flipped, a metamer replaced by its reference, an edge dropped) is caught, naming what differs.
 */
class GraphVerificationTest {
    @TempDir
    static Path root;
    static Path run;
    static ModelRegistry registry;

    @BeforeAll
    static void makeRun() throws IOException {
        registry = ModelRegistry.of(List.of(new ZooProvider()), List.of());
        GraphRun.Config cfg = new GraphRun.Config("test", List.of("gcn-s1"), List.of("gcn-s1", "gcn-s2", "sage"),
                List.of("layer1", "final"), "cora", 7, new GraphSynthesisConfig(GraphSynthesisConfig.Kind.STRUCTURE,
                GraphSynthesisConfig.Loss.NORMALISED, 2, 5, 1.0, 8, 1.0, 4, 600), 1, 50, false, root, "v");
        run = GraphRun.execute(cfg, registry, m -> { }).runDir();
    }

    /** A copy of the run, edited by {@code edit} and sealed again, as whoever edits a folder can. */
    private static Path edited(String name, Edit edit) throws IOException {
        Path copy = root.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        edit.apply(copy);
        ResultFiles.seal(copy);
        return copy;
    }

    private interface Edit {
        void apply(Path dir) throws IOException;
    }

    @Test
    void anUntouchedRunAgreesWithTheRecomputation() throws IOException {
        RunVerification.Result v = RunVerification.verify(run, registry, m -> { });
        assertTrue(v.agrees(), v.findings().toString());
        assertEquals(14, v.metamers(), "7 stimuli x 2 stages judged again");
        assertEquals(3 * 7 + 2 * 3 * 7, v.answers(), "natural answers and recognition by 3 observers");
        assertFalse(StoredGraph.read(run).isEmpty());
    }

    @Test
    void aFlippedVerdictIsFound() throws IOException {
        Path d = edited("flipped", dir -> {
            Path csv = dir.resolve(ResultFiles.METAMERS_CSV);
            List<String> lines = new ArrayList<>(Files.readAllLines(csv));
            String last = lines.get(1);
            lines.set(1, last.endsWith("true") ? last.substring(0, last.length() - 4) + "false"
                    : last.substring(0, last.length() - 5) + "true");
            Files.write(csv, lines);
        });
        RunVerification.Result v = RunVerification.verify(d, registry, m -> { });
        assertFalse(v.agrees());
        assertTrue(v.findings().stream().anyMatch(f -> f.startsWith("metamers.csv: gcn-s1 x ")
                && f.contains("in the table") && f.contains("recomputed")), v.findings().toString());
    }

    @Test
    void aMetamerReplacedByItsReferenceIsFound() throws IOException {
        Path d = edited("reference-as-metamer", dir -> {
            Map<StoredGraph.Key, StoredGraph> graphs = StoredGraph.read(dir);
            List<List<Object>> rows = new ArrayList<>();
            for (Map.Entry<StoredGraph.Key, StoredGraph> e : graphs.entrySet()) {
                StoredGraph.Key k = e.getKey();
                StoredGraph g = k.graph().equals(StoredGraph.METAMER) && k.stage().equals("final")
                        ? graphs.get(StoredGraph.Key.reference(k.stimulus())) : e.getValue();
                rows.addAll(g.rows(k, true));
            }
            CsvTable.write(dir, dir.resolve(GraphTables.GRAPHS_CSV), GraphTables.GRAPHS_HEADER, rows);
        });
        RunVerification.Result v = RunVerification.verify(d, registry, m -> { });
        assertFalse(v.agrees());
        // a copy of the reference matches it exactly: its statistics are 1, not those the table holds
        assertTrue(v.findings().stream().anyMatch(f -> f.startsWith("metamers.csv: gcn-s1 x final")),
                v.findings().toString());
    }

    @Test
    void aMetamerThatIsNoSynthesisOutputIsFound() throws IOException {
        Path d = edited("edge-dropped", dir -> {
            Map<StoredGraph.Key, StoredGraph> graphs = StoredGraph.read(dir);
            List<List<Object>> rows = new ArrayList<>();
            boolean done = false;
            for (Map.Entry<StoredGraph.Key, StoredGraph> e : graphs.entrySet()) {
                StoredGraph g = e.getValue();
                if (!done && e.getKey().graph().equals(StoredGraph.METAMER) && !g.edges().isEmpty()) {
                    int[] edge = g.edges().get(0);
                    float[] a = g.adjacency().clone();
                    a[edge[0] * g.nodes() + edge[1]] = 0f;
                    a[edge[1] * g.nodes() + edge[0]] = 0f;
                    g = new StoredGraph(g.nodes(), g.featureCount(), g.features(), a);
                    done = true;
                }
                rows.addAll(g.rows(e.getKey(), true));
            }
            CsvTable.write(dir, dir.resolve(GraphTables.GRAPHS_CSV), GraphTables.GRAPHS_HEADER, rows);
        });
        RunVerification.Result v = RunVerification.verify(d, registry, m -> { });
        assertFalse(v.agrees());
        assertTrue(v.findings().stream().anyMatch(f -> f.startsWith("graph_metamers.csv: gcn-s1 x ")
                && f.contains("edges; the synthesis keeps the reference's")), v.findings().toString());
    }
}
