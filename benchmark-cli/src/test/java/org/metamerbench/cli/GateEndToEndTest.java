package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.zoo.ZooProvider;
import org.w3c.dom.Document;

/**
 * The gate on real runs. A plugin model "probe" first ships the adversarially trained CNN's weights
 * (the baseline), then a deliberately degraded variant: the same architecture trained without
 * adversarial training, whose late-stage metamers other models recognise far less often.
 */
class GateEndToEndTest {
    @TempDir
    static Path tmp;
    static Path results;
    static Path baselineRun;
    static Path unchangedRun;
    static Path degradedRun;

    static Path run(String runId, String probeWeights) throws IOException {
        Path zoo = ZooVariant.write(tmp.resolve("zoo-" + runId), "probe", probeWeights);
        RunConfig cfg = new RunConfig("test", List.of("probe"), List.of("probe", "cnn-s2", "cnn-deep", "mlp"),
                List.of("fc1_relu", "final"), "fashion-mnist-test-100", 30, "fashion-mnist-train-2000", 8, 80, true, false, 1,
                100, 1.0, 200, results, runId, true);
        BenchmarkRun.Outcome o = BenchmarkRun.execute(cfg, ModelRegistry.of(List.of(new ZooProvider()), List.of(new ZooProvider(zoo))),
                new BenchmarkRun.Listener() { });
        assertTrue(o.jobs().stream().allMatch(j -> j.status().equals("ok")), o.jobs().toString());
        return o.runDir();
    }

    @BeforeAll
    static void runs() throws IOException {
        results = tmp.resolve("results");
        baselineRun = run("baseline", "cnn-adv-l2");
        unchangedRun = run("unchanged", "cnn-adv-l2");
        degradedRun = run("degraded", "cnn-s1");
    }

    private static Object[] gate(Path baseline, Path candidate, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("gate", "--baseline", baseline.toString(), "--candidate",
                candidate.toString()));
        args.addAll(List.of(extra));
        return ZooVariant.capture(() -> Main.execute(args.toArray(String[]::new)));
    }

    private static Path baselineFile() {
        Path file = tmp.resolve("baseline.json");
        if (!Files.exists(file)) {
            Object[] r = ZooVariant.capture(() -> Main.execute("baseline", baselineRun.toString(), "--out",
                    file.toString()));
            assertEquals(0, r[0], (String) r[1]);
        }
        return file;
    }

    @Test
    void anUnchangedRunPasses() {
        Object[] r = gate(baselineFile(), unchangedRun);
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("PASS"), (String) r[1]);
    }

    @Test
    void aDegradedVariantFailsNamingModelAndStage() throws Exception {
        Path junit = tmp.resolve("gate.xml");
        Path md = tmp.resolve("gate.md");
        Object[] r = gate(baselineFile(), degradedRun, "--junit", junit.toString(), "--markdown", md.toString());
        String out = (String) r[1];
        assertEquals(1, r[0], out);
        assertTrue(out.contains("FAIL probe / final / recognisability")
                || out.contains("FAIL probe / fc1_relu / recognisability"), out);
        assertTrue(out.contains("FAIL probe / (model) / recognisability"), out);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertTrue(doc.getElementsByTagName("failure").getLength() >= 2);
        assertTrue(Files.readString(md).contains("**regression**"));
    }

    @Test
    void aCorruptBaselineIsUnusableInputWithAClearMessage() throws IOException {
        Path bad = tmp.resolve("corrupt.json");
        String good = Files.readString(baselineFile());
        Files.writeString(bad, good.substring(0, good.length() - 40));
        Object[] r = gate(bad, unchangedRun);
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains(bad + ": not valid JSON"), (String) r[1]);

        Object[] missing = gate(tmp.resolve("no-such-baseline.json"), unchangedRun);
        assertEquals(2, missing[0]);
        assertTrue(((String) missing[1]).contains("no-such-baseline.json"), (String) missing[1]);

        Object[] notARun = gate(baselineFile(), tmp.resolve("nowhere"));
        assertEquals(2, notARun[0]);
        assertTrue(((String) notARun[1]).contains("nowhere"), (String) notARun[1]);
    }
}
