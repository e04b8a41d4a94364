package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.experiment.ExperimentPlan;

/** Names that become paths (run ids, stage names, experiment names) cannot leave their folder. */
class SafeNamesTest {
    @TempDir
    Path tmp;

    @Test
    void aRunIdThatLeavesTheResultsFolderIsRefusedAndNothingIsWritten() throws IOException {
        Path out = tmp.resolve("results");
        Object[] r = ZooVariant.capture(() -> Main.execute("run", "--run-id", "../escaped", "--out", out.toString(),
                "--models", "mlp", "--stages", "final", "--stimuli", "10", "--steps", "1"));
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("run id '../escaped' is not a safe name"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("escaped")), "nothing outside the results folder");
        assertFalse(Files.exists(out.resolve("..").resolve("escaped")));
    }

    @Test
    void aPackageWhoseStageNameLeavesItsFolderIsSkippedNamingTheField() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (OutputStream os = Files.newOutputStream(plugins.resolve("evil.zip")); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("metamer-model.json"));
            z.write(("{\"format_version\": 1, \"id\": \"evil\", \"format\": \"torchscript\", \"file\": \"model.pt\","
                    + "\"input\": {\"shape\": [1, 28, 28]}, \"classes\": [\"a\", \"b\"], \"stages\": ["
                    + "{\"name\": \"input\", \"shape\": [1, 28, 28]}, {\"name\": \"../../outside\", \"output\": 0, "
                    + "\"shape\": [4]}, {\"name\": \"final\", \"output\": 1, \"shape\": [2]}]}")
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("model.pt"));
            z.write(new byte[] {1, 2, 3});
        }
        ModelRegistry registry = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        assertFalse(registry.contains("evil"));
        String problem = String.join("\n", registry.problems());
        assertTrue(problem.contains("evil.zip") && problem.contains("'stages[1].name' ('../../outside') is not a safe name"),
                problem);
    }

    @Test
    void anExperimentWhoseNameLeavesTheHumanDataFolderIsRefusedWhenRead() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("exp"));
        Files.writeString(dir.resolve(ExperimentPlan.FILE), "{\"format\": \"" + ExperimentPlan.FORMAT
                + "\", \"experiment\": \"../../x\", \"classes\": [], \"participants\": {}, \"practice\": []}");
        IOException e = assertThrows(IOException.class, () -> ExperimentPlan.read(dir));
        assertTrue(e.getMessage().contains("field 'experiment' ('../../x') is not a safe name"), e.getMessage());
    }
}
