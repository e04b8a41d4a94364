package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.cli.Main;
import org.metamerbench.runner.PackageFixtures;

/**
 * The fixture packages of model-plugins/packages dropped into a plugin folder: the TorchScript model
 * generates metamers and is scored alongside the zoo; the ONNX model observes.
 */
class ModelPackagesRunTest {

    @Test
    void aTorchScriptPackageIsScoredAlongsideTheZooAndAnOnnxPackageObserves(@TempDir Path tmp) throws IOException {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(PackageFixtures.DIR.resolve("tiny-cnn-torchscript.zip"), plugins.resolve("tiny-cnn-torchscript.zip"));
        Files.copy(PackageFixtures.DIR.resolve("tiny-cnn-onnx.zip"), plugins.resolve("tiny-cnn-onnx.zip"));
        Path out = tmp.resolve("results");
        int rc = Main.execute("run", "--plugins", plugins.toString(), "--models", "tiny-cnn-torchscript,cnn-s1",
                "--observers", "tiny-cnn-torchscript,cnn-s1,mlp,tiny-cnn-onnx", "--stages", "conv1_relu,final",
                "--stimuli", "10", "--schedule-stages", "2", "--steps", "20", "--bootstrap",
                "50", "--out", out.toString(), "--run-id", "pkg");
        assertEquals(0, rc);
        Path run = out.resolve("pkg");
        List<MetamerRow> metamers = CsvTable.read(run.resolve("metamers.csv"), MetamerRow.HEADER).stream()
                .map(r -> {
                    try {
                        return MetamerRow.from(r);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertEquals(20, metamers.stream().filter(m -> m.generator().equals("tiny-cnn-torchscript")).count(),
                "10 metamers at each of its two stages");
        assertTrue(metamers.stream().filter(m -> m.generator().equals("tiny-cnn-torchscript")
                && m.stage().equals("conv1_relu")).allMatch(m -> m.finalLoss() < 0.5), "synthesis works through DJL");
        List<CsvTable.Row> rec = CsvTable.read(run.resolve("recognition.csv"), RecognitionRow.HEADER);
        assertTrue(rec.stream().anyMatch(r -> r.get("observer").equals("tiny-cnn-onnx")
                && r.get("generator").equals("cnn-s1")), "the ONNX model observes the zoo's metamers");
        assertTrue(rec.stream().anyMatch(r -> r.get("observer").equals("cnn-s1")
                && r.get("generator").equals("tiny-cnn-torchscript")), "the zoo observes the package's metamers");
        JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        for (JsonNode m : json.get("models")) {
            if (m.get("id").asText().equals("tiny-cnn-onnx")) {
                assertTrue(!m.get("can_generate").asBoolean());
            }
        }
        assertTrue(Files.readString(run.resolve("report.html")).contains("observer only: no input gradients"));
        assertEquals(2, Main.execute("run", "--plugins", plugins.toString(), "--models", "tiny-cnn-onnx", "--out",
                out.toString(), "--run-id", "onnx-cannot-generate"), "asking an observer-only model to generate");
    }
}
