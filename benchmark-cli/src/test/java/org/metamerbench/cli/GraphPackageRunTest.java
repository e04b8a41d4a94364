package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.RunRecord;
import org.metamerbench.runner.PackageFixtures;
import org.metamerbench.scoring.RunResults;

/**
 * A model author's graph model from outside the repository: a GCN trained in PyTorch and packaged as TorchScript,
 * dropped into the plugin folder, makes metamers in a graph run and observes the others' in a JVM of its own, and
 * never scores: only built-in models are the panel.
 */
class GraphPackageRunTest {
    @Test
    void aGraphPackageGeneratesAndObservesInAGraphRun(@TempDir Path tmp) throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(PackageFixtures.DIR.resolve("graph/tiny-gcn-torchscript.zip"),
                plugins.resolve("tiny-gcn-torchscript.zip"));
        Path out = tmp.resolve("results");
        Object[] ran = ZooVariant.capture(() -> Main.execute("run", "--profile", "graph", "--plugins",
                plugins.toString(), "--models", "tiny-gcn,gcn-s1", "--stages", "layer1,final", "--stimuli", "7",
                "--schedule-stages", "2", "--steps", "5", "--bootstrap", "50", "--out", out.toString(), "--run-id",
                "pkg"));
        assertEquals(0, ran[0], (String) ran[1]);
        RunResults r = RunResults.load(out.resolve("pkg")).requireSealed();
        RunRecord rec = r.record();
        assertTrue(rec.jobs().stream().filter(j -> j.generator().equals("tiny-gcn"))
                .allMatch(j -> j.status().equals("ok")), rec.jobs().toString());
        assertEquals(2 * 7, r.metamers().stream().filter(m -> m.generator().equals("tiny-gcn")).count());
        assertTrue(r.recognition().stream().anyMatch(x -> x.observer().equals("tiny-gcn")
                && x.generator().equals("gcn-s1")), "the package observes the zoo's metamers");
        assertFalse(r.panel().contains("tiny-gcn"), "a plugin never scores: " + r.panel());
        assertTrue(rec.modelsOrEmpty().stream().anyMatch(m -> m.id().equals("tiny-gcn")
                && m.provider().startsWith("package:")), "the record names the package");
    }
}
