package org.metamerbench.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.SyntheticRun;
import org.w3c.dom.Document;

/** The gate on constructed result folders; the runner's tests gate real runs. */
class GateTest {
    @TempDir
    Path root;

    private Path run(String id, double lateRecognition, int stimuli, long seed) throws IOException {
        return new SyntheticRun()
                .generator("model-a", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 0.9, 0.9},
                        new double[] {0.9, lateRecognition, lateRecognition})
                .generator("model-b", List.of("conv1_relu", "final"), new double[] {1, 0.9}, new double[] {0.9, 0.3})
                .observer("other").stimuli(stimuli).seed(seed).write(root, id);
    }

    private Baseline baseline(Path run) throws IOException {
        Path file = root.resolve(run.getFileName() + ".json");
        Baseline.of(RunResults.load(run)).write(file);
        return Baseline.read(file);
    }

    @Test
    void theSameRunPasses() throws IOException {
        Path a = run("a", 0.7, 40, 1);
        Gate.Result r = Gate.compare(baseline(a), RunResults.load(a), Gate.Tolerances.defaults());
        assertFalse(r.failed(), GateReport.table(r, true));
        assertEquals(3 * 2 + 2 * 2 + 2, r.comparisons().size(), "2 metrics per stage, and one per model");
    }

    @Test
    void aLargeSignificantDropFailsNamingModelAndStage() throws IOException {
        Path base = run("base", 0.8, 60, 1);
        Path worse = run("worse", 0.15, 60, 1);
        Gate.Result r = Gate.compare(baseline(base), RunResults.load(worse), Gate.Tolerances.defaults());
        assertTrue(r.failed());
        List<String> failed = r.failures().stream().map(Gate.Comparison::name).toList();
        assertTrue(failed.contains("model-a / fc1_relu / recognisability"), failed.toString());
        assertTrue(failed.contains("model-a / final / recognisability"), failed.toString());
        assertTrue(failed.contains("model-a / (model) / recognisability"), failed.toString());
        assertTrue(failed.stream().noneMatch(f -> f.startsWith("model-b")), "model-b did not change: " + failed);
        String table = GateReport.table(r, false);
        assertTrue(table.contains("REGRESSION") && table.contains("fc1_relu") && table.contains("FAIL"), table);
    }

    @Test
    void aDropWithinTheToleranceOrNotSignificantPasses() throws IOException {
        Path base = run("base", 0.8, 60, 1);
        Path worse = run("worse", 0.15, 60, 1);
        Gate.Tolerances wide = new Gate.Tolerances(0.95, 0.10, 0.05, 2000, 1);
        assertFalse(Gate.compare(baseline(base), RunResults.load(worse), wide).failed(), "within a wide tolerance");
        // With 4 stimuli a drop of this size is not distinguishable from resampling noise.
        Path fewBase = run("few-base", 0.75, 4, 3);
        Path fewWorse = run("few-worse", 0.5, 4, 3);
        Gate.Result few = Gate.compare(baseline(fewBase), RunResults.load(fewWorse), Gate.Tolerances.defaults());
        assertTrue(few.comparisons().stream().anyMatch(c -> c.drop() > c.tolerance() && c.pValue() >= 0.05
                && !c.failed()),
                "some drop beyond the tolerance is not significant on 4 stimuli: " + GateReport.table(few, true));
    }

    @Test
    void junitXmlAndMarkdownAreWritten() throws Exception {
        Path base = run("base", 0.8, 60, 1);
        Path worse = run("worse", 0.15, 60, 1);
        Gate.Result r = Gate.compare(baseline(base), RunResults.load(worse), Gate.Tolerances.defaults());
        Path xml = root.resolve("gate.xml");
        GateReport.writeJUnit(r, xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(r.comparisons().size(), doc.getElementsByTagName("testcase").getLength());
        assertEquals(r.failures().size(), doc.getElementsByTagName("failure").getLength());
        assertEquals(Integer.toString(r.failures().size()), doc.getDocumentElement().getAttribute("failures"));
        Path md = root.resolve("gate.md");
        GateReport.writeMarkdown(r, md);
        String text = Files.readString(md);
        assertTrue(text.startsWith("<!-- written by metamer-bench gate -->\n## metamer-bench gate: FAIL"), text);
        assertTrue(text.contains("| model-a | fc1_relu | recognisability |"));
    }

    @Test
    void corruptOrIncomparableBaselinesAreUnusableInput() throws IOException {
        Path a = run("a", 0.7, 20, 1);
        Path file = root.resolve("base.json");
        Baseline.of(RunResults.load(a)).write(file);
        String good = Files.readString(file);

        Files.writeString(file, good.substring(0, good.length() / 2));
        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());

        Files.writeString(file, good.replaceFirst("\"accepted\" : \\[ 1", "\"accepted\" : [ 7"));
        e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().contains("stages[0].accepted[0]"), e.getMessage());

        Files.writeString(file, good.replace("\"protocol\"", "\"protocol_\""));
        e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().contains("'protocol' is missing"), e.getMessage());

        Files.writeString(file, good);
        Path other = new SyntheticRun().generator("model-a", List.of("final"), new double[] {1}, new double[] {0.5})
                .stimulusSetSha("d".repeat(64)).write(root, "other");
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Gate.compare(Baseline.read(file), RunResults.load(other), Gate.Tolerances.defaults()));
        assertTrue(x.getMessage().contains("d".repeat(64)), x.getMessage());
    }
}
