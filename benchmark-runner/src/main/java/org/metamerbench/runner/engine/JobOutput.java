package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.acceptance.NullDistribution;

/**
 * What one job leaves in its run's folder, {@code jobs/<generator>/<stage>/}: its part of each table
 * (the same columns as the run's), and {@code job.json} with its status, timing and the hashes of its
 * generator, its observer panel and its metamers; the folder is sealed by a checksum file written last. The merge joins
 * the parts in plan order; a stopped run taken up again keeps the parts of the jobs that finished.
 */
record JobOutput(String status, String reason, double seconds, boolean cached, boolean fakeRelu, String loop,
        String generatorSha256, String panelSha256, String metamersSha256, Map<String, String> observerFailures) {

    static final String DIR = "jobs";
    static final String JOB_JSON = "job.json";
    static final List<String> FILES = List.of(ResultFiles.METAMERS_CSV, ResultFiles.RECOGNITION_CSV,
            ResultFiles.LOSS_CURVES_CSV, ResultFiles.NULL_CSV, JOB_JSON);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns of the null-distribution table. */
    static List<String> nullHeader() {
        List<String> h = new ArrayList<>(List.of("generator", "stage", "statistic", "pool_size", "pairs",
                "zero_pairs"));
        for (double q : NullDistribution.QUANTILES) {
            h.add(q == 1.0 ? "max" : "q" + q);
        }
        return h;
    }

    static Path dir(Path runDir, RunPlan.Job job) {
        return runDir.resolve(DIR).resolve(job.generator()).resolve(job.stage());
    }

    boolean ok() {
        return status.equals("ok");
    }

    BenchmarkRun.JobStatus status(RunPlan.Job job) {
        return new BenchmarkRun.JobStatus(job.generator(), job.stage(), status, reason, seconds, cached, fakeRelu,
                loop);
    }

    /** Writes the job's folder afresh, then seals it. */
    void write(Path runDir, RunPlan.Job job, List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<? extends List<?>> curves, List<? extends List<?>> nulls) throws IOException {
        Path root = runDir.resolve(DIR);
        Path d = dir(runDir, job);
        AtomicFiles.deleteTree(root, d);
        AtomicFiles.createFolder(root, d);
        CsvTable.write(d, d.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER,
                metamers.stream().map(MetamerRow::toRow).toList());
        CsvTable.write(d, d.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER,
                recognition.stream().map(RecognitionRow::toRow).toList());
        CsvTable.write(d, d.resolve(ResultFiles.LOSS_CURVES_CSV), ResultFiles.LOSS_CURVES_HEADER, curves);
        CsvTable.write(d, d.resolve(ResultFiles.NULL_CSV), nullHeader(), nulls);
        ObjectNode o = JSON.createObjectNode();
        o.put("generator", job.generator()).put("stage", job.stage()).put("status", status).put("reason", reason)
                .put("seconds", seconds).put("from_cache", cached).put("fake_relu", fakeRelu)
                .put("synthesis_loop", loop).put("generator_sha256", generatorSha256).put("panel_sha256", panelSha256)
                .put("metamers_sha256", metamersSha256);
        ObjectNode f = o.putObject("observer_failures");
        observerFailures.forEach(f::put);
        AtomicFiles.write(d, d.resolve(JOB_JSON), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        CacheEntry.seal(d, FILES);
    }

    /**
     * The record of a job that finished in an earlier process, or null if there is none, it is not
     * sealed, or it does not match its checksums (then it is removed, and {@code warning} says so).
     */
    static JobOutput read(Path runDir, RunPlan.Job job, Consumer<String> warning) {
        Path d = dir(runDir, job);
        CacheEntry.State state = CacheEntry.check(d, FILES);
        if (!state.usable()) {
            if (state.problem() != null) {
                warning.accept("job " + job + " of the stopped run: " + state.problem() + "; running it again");
            }
            return null;
        }
        try {
            JsonNode o = JSON.readTree(d.resolve(JOB_JSON).toFile());
            Map<String, String> failures = new LinkedHashMap<>();
            o.path("observer_failures").fields().forEachRemaining(e -> failures.put(e.getKey(), e.getValue().asText()));
            return new JobOutput(o.path("status").asText(), o.path("reason").asText(), o.path("seconds").asDouble(),
                    o.path("from_cache").asBoolean(), o.path("fake_relu").asBoolean(), o.path("synthesis_loop").asText(),
                    o.path("generator_sha256").asText(), o.path("panel_sha256").asText(),
                    o.path("metamers_sha256").asText(), failures);
        } catch (IOException e) {
            warning.accept("job " + job + " of the stopped run cannot be read (" + e.getMessage() + "); running it "
                    + "again");
            return null;
        }
    }

    /** The parts of one table, in plan order, for the merge. */
    static List<Path> parts(Path runDir, List<RunPlan.Job> jobs, String table) {
        List<Path> out = new ArrayList<>();
        for (RunPlan.Job j : jobs) {
            Path p = dir(runDir, j).resolve(table);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
