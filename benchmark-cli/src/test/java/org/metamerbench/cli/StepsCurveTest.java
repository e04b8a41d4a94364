package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.ResultFiles;

/** {@code steps-curve}: a budget's run is read again only when it was made with the same settings. */
class StepsCurveTest {
    @TempDir
    Path out;

    private Object[] curve(String models) {
        return curve("--models", models, "--stimuli", "10");
    }

    private Object[] curve(String... options) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        PrintStream cap = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(cap);
        System.setErr(cap);
        try {
            List<String> args = new java.util.ArrayList<>(List.of("steps-curve", "--schedule-stages", "1", "--steps",
                    "4", "-o", out.toString(), "--csv", out.resolve("curve.csv").toString()));
            args.addAll(List.of(options));
            int rc = Main.execute(args.toArray(String[]::new));
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void aBudgetsRunOfOtherSettingsIsRefusedNotReadAsThisCurve() throws IOException {
        Object[] first = curve("mlp");
        assertEquals(0, first[0], (String) first[1]);
        Path runJson = out.resolve("steps-curve-fixed-seed1-K1xN4").resolve(ResultFiles.RUN_JSON);
        String recorded = Files.readString(runJson);
        List<String> rows = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(1 + 3, rows.size(), "mlp's three stages at one budget: " + rows);
        assertTrue(rows.stream().skip(1).allMatch(r -> r.startsWith("mlp,")), rows.toString());

        // The same settings again: the complete run is read, not run again.
        Object[] again = curve("mlp");
        assertEquals(0, again[0], (String) again[1]);
        assertEquals(recorded, Files.readString(runJson), "the run was not made again");
        assertEquals(rows, Files.readAllLines(out.resolve("curve.csv")));

        // Other generators under the same run id: refused, naming what differs; nothing stored changes.
        Object[] other = curve("cnn-s1");
        assertNotEquals(0, other[0]);
        String message = (String) other[1];
        assertTrue(message.contains("is complete with other settings") && message.contains("cnn-s1"), message);
        assertEquals(recorded, Files.readString(runJson));
        assertEquals(rows, Files.readAllLines(out.resolve("curve.csv")), "the curve was not overwritten");

        // The same settings over a table changed after its run: refused, not read.
        Path metamers = runJson.resolveSibling(ResultFiles.METAMERS_CSV);
        String table = Files.readString(metamers);
        int last = table.lastIndexOf(',');
        Files.writeString(metamers, table.substring(0, last + 1) + (table.substring(last + 1).startsWith("true")
                ? "false\n" : "true\n")); // the last metamer's verdict flipped
        Object[] tampered = curve("mlp");
        assertNotEquals(0, tampered[0]);
        assertTrue(((String) tampered[1]).contains("is complete, but"), (String) tampered[1]);
        assertEquals(rows, Files.readAllLines(out.resolve("curve.csv")));
    }

    @Test
    void aProfilesCurveTakesItsSetsAndStages() throws IOException {
        Object[] audio = curve("--profile", "audio", "--models", "word50-cnn-s1");
        assertEquals(0, audio[0], (String) audio[1]);
        List<String> rows = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(List.of("word50-cnn-s1,cochleagram", "word50-cnn-s1,pool3", "word50-cnn-s1,fc1_relu",
                "word50-cnn-s1,final"), rows.stream().skip(1).map(r -> r.split(",")[0] + "," + r.split(",")[1])
                .toList(), "the audio profile's four stages");
        assertTrue(rows.stream().skip(1).allMatch(r -> r.split(",")[3].equals("10")), "its 10 clips: " + rows);
        com.fasterxml.jackson.databind.JsonNode run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                out.resolve("steps-curve-fixed-seed1-K1xN4").resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals(org.metamerbench.datasets.StimulusSetLoader.SPOKEN_WORDS_V2, run.at("/stimulus_set/name").asText());

        Object[] graph = curve("--profile", "graph");
        assertNotEquals(0, graph[0]);
        assertTrue(((String) graph[1]).contains("--profile graph"), (String) graph[1]);
    }
}
