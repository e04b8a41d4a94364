package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.ResultFiles;

/** `datasets build --from`: a lab's folder of pictures becomes a stimulus set and null pool that `run` uses. */
class DatasetsBuildTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderOfPngsWithALabelsFileBecomesASetThatARunUses() throws IOException {
        // 3 pictures per class, taken from the built-in null pool and written as PNG files with labels.csv.
        StimulusSet source = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_NULL_POOL);
        Path in = tmp.resolve("lab");
        StringBuilder csv = new StringBuilder("file,label\n");
        int[] taken = new int[10];
        for (int i = 0; i < source.size() && java.util.Arrays.stream(taken).anyMatch(t -> t < 3); i++) {
            int c = source.label(i);
            if (taken[c] < 3) {
                String f = "pictures/" + source.id(i) + ".png";
                GrayPng.write(in, in.resolve(f), source.image(i).toFloatArray(), 28, 28);
                csv.append(f).append(",\"").append(source.classLabels().get(c)).append("\"\n");
                taken[c]++;
            }
        }
        // labels.csv lists the classes in the zoo's order (first appearance decides).
        StringBuilder ordered = new StringBuilder("file,label\n");
        String[] lines = csv.toString().split("\n");
        for (String label : source.classLabels()) {
            for (int k = 1; k < lines.length; k++) {
                if (lines[k].endsWith(",\"" + label + "\"")) {
                    ordered.append(lines[k]).append('\n');
                }
            }
        }
        Files.writeString(in.resolve("labels.csv"), ordered.toString());
        Path out = tmp.resolve("sets");
        Object[] r = ZooVariant.capture(() -> Main.execute("datasets", "build", "--from", in.toString(), "--name",
                "lab-set", "--channels", "1", "--size", "28x28", "--per-class", "1", "--pool-per-class", "2",
                "--out", out.toString()));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("lab-set: 10 stimuli, 10 classes"), (String) r[1]);
        assertTrue(Files.readString(out.resolve("lab-set-pool/near-duplicates.csv")).startsWith("a,b,pearson"));
        StimulusSet set = StimulusSetLoader.load(out.resolve("lab-set"));
        assertEquals(source.classLabels(), set.classLabels());
        assertArrayEquals(new int[] {1, 28, 28}, set.sampleShape());

        r = ZooVariant.capture(() -> Main.execute("run", "--stimulus-set", out.resolve("lab-set").toString(),
                "--null-pool", out.resolve("lab-set-pool").toString(), "--models", "cnn-s1", "--stages", "final",
                "--observers", "cnn-s1,mlp", "--stimuli", "10", "--schedule-stages", "1", "--steps", "5",
                "--bootstrap", "20", "--out", tmp.resolve("results").toString(), "--run-id", "lab"));
        assertEquals(0, r[0], (String) r[1]);
        JsonNode run = new ObjectMapper().readTree(tmp.resolve("results/lab").resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("lab-set", run.at("/stimulus_set/name").asText());
        assertEquals(set.sha256(), run.at("/stimulus_set/sha256").asText());
        assertEquals("lab-set-pool", run.at("/null_pool/name").asText());
        assertEquals("complete", run.path("status").asText());
    }
}
