package org.metamerbench.runner.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.GraphTables;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunRecord;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.scoring.GraphSummary;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.zoo.ZooProvider;

/**
 * A small graph run end to end: the zoo's gcn-s1 generates, a submitted graph model that fails fails its own jobs
 * and nothing else, every table is written and sealed, acceptance is the stated rule, only built-in models score, and
 * a folder that holds a run is never written over.
 */
class GraphRunTest {
    @TempDir
    static Path root;
    static GraphRun.Outcome outcome;
    static ModelRegistry registry;

    static GraphRun.Config config(String runId, List<String> generators) {
        return new GraphRun.Config("test", generators, List.of("gcn-s1", "gcn-s2", "sage", "broken"),
                List.of("layer1", "final"), "cora", 7, new GraphSynthesisConfig(GraphSynthesisConfig.Kind.STRUCTURE,
                GraphSynthesisConfig.Loss.NORMALISED, 2, 5, 1.0, 8, 1.0, 4, 600), 1, 50, true, root, runId);
    }

    @BeforeAll
    static void run() throws IOException {
        registry = ModelRegistry.of(List.of(new ZooProvider()), List.of(new Broken()));
        List<String> log = new ArrayList<>();
        outcome = GraphRun.execute(config("r1", List.of("gcn-s1", "broken")), registry, log::add);
    }

    @Test
    void theGeneratorsJobsAreScoredAndTheFailingPluginFailsOnlyItsOwn() throws IOException {
        Map<String, String> status = outcome.jobs().stream().collect(Collectors.toMap(j -> j.generator() + " x "
                + j.stage(), RunRecord.Job::status));
        assertEquals(Map.of("gcn-s1 x layer1", "ok", "gcn-s1 x final", "ok", "broken x layer1", "failed",
                "broken x final", "failed"), status);
        assertTrue(outcome.failures().get("broken").contains("broken on purpose"));
        RunResults r = RunResults.load(outcome.runDir()).requireSealed();
        assertEquals("graph", r.publishedModality());
        org.metamerbench.runner.engine.RunVerification.Result v = org.metamerbench.runner.engine.RunVerification
                .verify(outcome.runDir(), registry, m -> { });
        assertTrue(v.agrees(), "a plugin that failed in the run and fails again is no finding: " + v.findings());
        assertEquals(List.of("gcn-s1", "gcn-s2", "sage"), r.panel(), "a submitted model never scores");
        assertEquals(2, outcome.scores().size());
        RunRecord rec = RunRecord.read(outcome.runDir());
        assertEquals("complete", rec.status());
        assertEquals("structure", rec.config().graph().kind());
        assertFalse(rec.config().graph().deviations().isEmpty());
        // kinship is judged on the stimuli, the 140 pool nodes and the 500 validation nodes
        assertTrue(rec.panel().kinship().pairs().stream().filter(p -> p.generator().equals("gcn-s1"))
                .allMatch(p -> p.trials() == 7 + 140 + 500), rec.panel().kinship().pairs().toString());
        assertTrue(rec.jobsOrEmpty().stream().filter(j -> j.status().equals("ok")).allMatch(j ->
                j.synthesisLoop().startsWith("disjoint union")));
    }

    @Test
    void everyMetamerIsJudgedByTheStatedRuleAndObservedByThePanel() throws IOException {
        List<MetamerRow> rows = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(outcome.runDir().resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER)) {
            rows.add(MetamerRow.from(r));
        }
        assertEquals(14, rows.size(), "7 stimuli x 2 stages of gcn-s1");
        for (MetamerRow m : rows) {
            assertEquals(m.classMatch() && m.passesSpearman() && m.passesPearson() && m.passesSnr(), m.accepted(),
                    m.stimulusId());
            assertTrue(m.finalLoss() >= 0 && m.nullSpearman() > 0.5, "the null of Cora pool nodes is high");
        }
        List<CsvTable.Row> rec = CsvTable.read(outcome.runDir().resolve(ResultFiles.RECOGNITION_CSV),
                org.metamerbench.results.RecognitionRow.HEADER);
        assertEquals(14 * 3, rec.size(), "gcn-s1 itself and the two other open observers");
        List<GraphSummary> g = GraphSummary.of(outcome.runDir());
        assertEquals(2, g.size());
        for (GraphSummary s : g) {
            assertEquals(7, s.stimuli());
            assertEquals(1.0, s.featureCosine(), 1e-12, "structure metamers keep the features");
            assertEquals(0.0, s.hamming(), 0);
            assertTrue(s.edgeJaccard() < 1 && s.wlSimilarity() > 0 && s.spectralDistance() > 0);
            assertTrue(s.dimensionShare() > 0.99 && s.dimensionShare() < 1, "a 16-unit stage of a 1433-feature "
                    + "neighbourhood: " + s.dimensionShare());
        }
        for (CsvTable.Row r : CsvTable.read(outcome.runDir().resolve(GraphTables.DIMENSION_CSV),
                GraphTables.DIMENSION_HEADER)) {
            GraphTables.DimensionRow d = GraphTables.DimensionRow.from(r);
            int units = d.stage().equals("layer1") ? 16 : 7;
            assertTrue(d.rank() >= 1 && d.rank() <= units, d.stimulus() + " rank " + d.rank());
            assertEquals(d.nodes() * 1433, d.inputDimensions());
        }
    }

    @Test
    void aFolderThatHoldsARunIsNotWrittenOver() throws IOException {
        Path runJson = outcome.runDir().resolve(ResultFiles.RUN_JSON);
        byte[] before = Files.readAllBytes(runJson);
        IOException e = assertThrows(IOException.class, () -> GraphRun.execute(config("r1", List.of("gcn-s1")),
                registry, s -> { }));
        assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
        assertEquals(new String(before), Files.readString(runJson));
        assertTrue(RunResults.load(outcome.runDir()).sealed());
    }

    @Test
    void aModelThatIsNotAGraphModelIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphRun.execute(
                config("r2", List.of("cnn-s1")), registry, s -> { }));
        assertTrue(e.getMessage().contains("'cnn-s1' is not a graph model"), e.getMessage());
        assertFalse(Files.exists(root.resolve("r2").resolve(ResultFiles.RUN_JSON)));
    }

    @Test
    void aRunIdThatWouldLeaveTheResultsFolderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> config("../outside", List.of("gcn-s1")));
        assertFalse(Files.exists(root.resolveSibling("outside")));
    }

    @Test
    void stimuliAreTakenClassByClass() throws IOException {
        org.metamerbench.datasets.graph.GraphStimulusSet set = org.metamerbench.datasets.graph.GraphSets.loadBuiltin(
                "cora");
        List<Integer> seven = GraphRun.choose(set, 7);
        Set<Integer> classes = seven.stream().map(i -> set.stimuli().get(i).label()).collect(Collectors.toSet());
        assertEquals(7, classes.size(), "one of each of Cora's 7 classes");
        assertEquals(set.stimuli().size(), GraphRun.choose(set, 0).size());
    }

    /** A submitted graph model whose every forward pass fails. */
    static final class Broken implements ModelProvider {
        static final ModelCard CARD = ModelCard.builder("broken").version("sha-of-nothing").modality(Modality.GRAPH)
                .inputShape(1433).hops(2).classLabels(List.of("a", "b", "c", "d", "e", "f", "g"))
                .stage("input", false, 1433).stage("layer1", false, 16).stage("final", false, 7)
                .capability(Capability.INPUT_GRADIENT).build();

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<ModelCard> models() {
            return List.of(CARD);
        }

        @Override
        public Model open(String id) {
            throw new ModelException("graph only");
        }

        @Override
        public GraphModel openGraph(String id) {
            return new DifferentiableGraphModel() {
                @Override
                public ModelCard card() {
                    return CARD;
                }

                @Override
                public Map<String, Tensor> activations(GraphInput g, List<String> stages) {
                    throw new ModelException("broken on purpose");
                }

                @Override
                public GraphGradient vjp(GraphInput g, String stage, DifferentiableModel.Upstream upstream) {
                    throw new ModelException("broken on purpose");
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
