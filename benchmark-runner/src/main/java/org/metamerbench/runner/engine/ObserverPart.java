package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;

/**
 * One observer job's output: one observer's classes of one synthesis job's metamers, in
 * {@code observations/<generator>/<stage>/<observer>/} ({@value #CSV} and {@value #JSON}, sealed). The
 * part holds for the metamers and the observer it was made from (their hashes in {@value #JSON}); a run
 * that was stopped while its panel observed a job keeps the parts that hold and runs only the others. Once
 * the job's own folder is sealed (with every observer's rows), its parts are removed.
 */
final class ObserverPart {
    /** What an observer's part is keyed on: the metamers' file hash and how the observer saw them. */
    static String observedSha(String metamersSha256, String observedAs) {
        return org.metamerbench.results.Hashing.sha256(metamersSha256 + "\n" + observedAs);
    }

    static final String DIR = "observations";
    static final String CSV = "classes.csv";
    static final String JSON = "part.json";
    static final List<String> FILES = List.of(CSV, JSON);
    static final List<String> HEADER = List.of("stimulus", "predicted");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ObserverPart() {
    }

    static Path jobDir(Path runDir, RunPlan.Job job) {
        return runDir.resolve(DIR).resolve(job.generator()).resolve(job.stage());
    }

    static Path dir(Path runDir, RunPlan.Job job, String observer) {
        return jobDir(runDir, job).resolve(observer);
    }

    /** Writes and seals observer {@code observer}'s classes {@code predicted} of the metamers of {@code job}. */
    static void write(Path runDir, RunPlan.Job job, String observer, String observerSha256, String metamersSha256,
            List<String> ids, int[] predicted) throws IOException {
        Path root = runDir.resolve(DIR);
        Path d = dir(runDir, job, observer);
        AtomicFiles.deleteTree(root, d);
        AtomicFiles.createFolder(root, d);
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(List.of(ids.get(i), predicted[i]));
        }
        CsvTable.write(d, d.resolve(CSV), HEADER, rows);
        ObjectNode o = MAPPER.createObjectNode();
        o.put("generator", job.generator()).put("stage", job.stage()).put("observer", observer)
                .put("observer_sha256", observerSha256).put("metamers_sha256", metamersSha256);
        AtomicFiles.write(d, d.resolve(JSON), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        CacheEntry.seal(d, FILES);
    }

    /**
     * The classes of a part made earlier for these metamers and this observer, in stimulus order; null if
     * there is none, it is not sealed, or it does not hold (a damaged part is removed and {@code warning}
     * says so).
     */
    static int[] read(Path runDir, RunPlan.Job job, String observer, String observerSha256, String metamersSha256,
            List<String> ids, Consumer<String> warning) {
        Path d = dir(runDir, job, observer);
        CacheEntry.State state = CacheEntry.check(d, FILES);
        if (!state.usable()) {
            if (state.problem() != null) {
                warning.accept("observer part " + d + ": " + state.problem() + "; classifying again");
            }
            return null;
        }
        try {
            JsonNode o = MAPPER.readTree(d.resolve(JSON).toFile());
            if (!o.path("observer_sha256").asText().equals(observerSha256)
                    || !o.path("metamers_sha256").asText().equals(metamersSha256)) {
                return null;
            }
            List<CsvTable.Row> rows = CsvTable.read(d.resolve(CSV), HEADER);
            if (rows.size() != ids.size()) {
                return null;
            }
            int[] predicted = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                if (!rows.get(i).get("stimulus").equals(ids.get(i))) {
                    return null;
                }
                predicted[i] = Math.toIntExact(rows.get(i).getLong("predicted"));
            }
            return predicted;
        } catch (IOException | ArithmeticException e) {
            warning.accept("observer part " + d + ": " + e.getMessage() + "; classifying again");
            return null;
        }
    }

    /** Removes the parts of {@code job}, once its own folder holds their rows. */
    static void remove(Path runDir, RunPlan.Job job) throws IOException {
        Path root = runDir.resolve(DIR);
        AtomicFiles.deleteTree(root, jobDir(runDir, job));
        for (Path empty : List.of(root.resolve(job.generator()), root)) {
            try {
                java.nio.file.Files.deleteIfExists(empty);
            } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
                return; // other jobs' parts
            }
        }
    }
}
