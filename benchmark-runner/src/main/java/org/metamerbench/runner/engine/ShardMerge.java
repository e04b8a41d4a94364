package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageScore;

/**
 * Joins the folders of a run's shards ({@code run --shard i/N}) into the run: it checks that they are
 * the N shards of one plan (same settings, stimuli, models and their content hashes, harness; each
 * index once; each done), copies each shard's jobs (each verified against its seal and its metamers'
 * hash) with their metamers and pictures, and writes the tables once, the scores and run.json, exactly
 * as a run on one machine does. Nothing runs a model.
 */
public final class ShardMerge {
    /** The parts of run.json that must be equal in every shard. */
    private static final List<String> SAME = List.of("/run_id", "/format", "/harness", "/config", "/stimulus_set",
            "/null_pool", "/panel", "/models", "/refused_models", "/plan", "/machine/engine_threads");

    private ShardMerge() {
    }

    /** Merges {@code shards} into {@code resultsRoot/runId} (the shards' run id if null); returns its folder. */
    public static Path merge(List<Path> shards, Path resultsRoot, String runId) throws IOException {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard folders given");
        }
        Map<Integer, Path> byIndex = new TreeMap<>();
        Map<Integer, JsonNode> records = new TreeMap<>();
        JsonNode first = null;
        Path firstDir = null;
        int count = -1;
        for (Path dir : shards) {
            JsonNode r = read(dir);
            if (!r.path("status").asText().equals(Shard.DONE)) {
                throw new IOException(dir + ": status '" + r.path("status").asText() + "', not '" + Shard.DONE
                        + "' (a shard must finish before the merge; run its command again to finish it)");
            }
            int index = r.at("/shard/index").asInt(-1);
            int n = r.at("/shard/count").asInt(-1);
            if (index < 1 || n < 1 || index > n) {
                throw new IOException(dir + "/run.json: field 'shard' is missing or invalid");
            }
            if (first == null) {
                first = r;
                firstDir = dir;
                count = n;
            } else {
                if (n != count) {
                    throw new IOException(dir + " is shard " + index + " of " + n + ", " + firstDir + " one of "
                            + count);
                }
                for (String field : SAME) {
                    if (!withoutFailures(r.at(field)).equals(withoutFailures(first.at(field)))) {
                        throw new IOException(dir + " and " + firstDir + " are not shards of one run: their '"
                                + field.substring(1) + "' differs" + (field.endsWith("engine_threads")
                                ? " (run every shard with the same -Dai.djl.pytorch.num_threads: metamers are equal "
                                + "bit for bit only at the same count)" : ""));
                    }
                }
            }
            if (byIndex.put(index, dir) != null) {
                throw new IOException("shard " + index + " of " + count + " is given twice: " + byIndex.get(index)
                        + " and " + dir);
            }
            records.put(index, r);
        }
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                throw new IOException("shard " + i + " of " + count + " is missing (given: " + byIndex.keySet() + ")");
            }
        }
        String id = SafeName.check("run id", runId != null ? runId : first.path("run_id").asText());
        List<RunPlan.Job> plan = new ArrayList<>();
        for (JsonNode j : first.path("plan")) {
            plan.add(new RunPlan.Job(plan.size(), SafeName.check("generator", j.path("generator").asText()),
                    SafeName.check("stage", j.path("stage").asText())));
        }
        byte[] natural = Files.readAllBytes(byIndex.get(1).resolve(ResultFiles.NATURAL_CSV));
        double seconds = 0;
        for (int i = 1; i <= count; i++) {
            Path dir = byIndex.get(i);
            if (!Arrays.equals(natural, Files.readAllBytes(dir.resolve(ResultFiles.NATURAL_CSV)))) {
                throw new IOException(dir + ": its observers classified the natural stimuli differently from "
                        + byIndex.get(1) + "'s");
            }
            seconds += records.get(i).path("seconds").asDouble();
        }
        RunFolder folder = RunFolder.claim(resultsRoot, id, first.path("config"));
        if (folder.resumed()) {
            folder.close();
            throw new IOException("run " + id + " is a stopped run; merge into another --run-id");
        }
        boolean merged = false;
        try {
            Path out = folder.dir();
            ArrayNode jobs = RunRecord.JSON.createArrayNode();
            copyTree(byIndex.get(1).resolve(ResultFiles.IMAGES_DIR).resolve("references"), out,
                    out.resolve(ResultFiles.IMAGES_DIR).resolve("references"));
            AtomicFiles.write(out, out.resolve(ResultFiles.NATURAL_CSV), natural);
            for (RunPlan.Job job : plan) {
                Shard owner = new Shard(job.index() % count + 1, count);
                Path dir = byIndex.get(owner.index());
                jobs.add(copyJob(dir, out, job, records.get(owner.index())));
            }
            RunMerge.tables(out, plan);
            ObjectNode record = first.deepCopy();
            record.remove("shard");
            record.put("status", "scoring");
            record.set("jobs", jobs);
            ArrayNode from = record.putArray("merged_from");
            byIndex.forEach((i, d) -> from.addObject().put("shard", i + "/" + records.get(i).at("/shard/count").asInt())
                    .put("folder", d.toAbsolutePath().toString()).put("seconds", records.get(i).path("seconds")
                    .asDouble()).put("cores", records.get(i).at("/machine/cores").asInt()));
            mergeFailures(record, records);
            writeRecord(out, record);
            RunResults stored = RunResults.load(out);
            Bootstrap bootstrap = new Bootstrap(record.at("/config/bootstrap_samples").asInt(),
                    record.at("/config/seed").asLong());
            List<StageScore> scores = Scoring.score(stored.stageData(), bootstrap);
            RunMerge.scores(out, scores, stored.chance());
            record.put("status", "complete");
            record.put("finished", Instant.now().toString());
            record.put("seconds", Math.round(seconds * 10) / 10.0);
            writeRecord(out, record);
            ResultFiles.seal(out);
            merged = true;
            return out;
        } finally {
            folder.close();
            if (!merged) { // a refused merge leaves nothing behind: the corrected one starts from an empty folder
                AtomicFiles.deleteTree(resultsRoot, folder.dir());
            }
        }
    }

    /** A part of run.json without the models' failures, which may differ between shards. */
    private static JsonNode withoutFailures(JsonNode node) {
        if (!node.isArray()) {
            return node;
        }
        ArrayNode copy = ((ArrayNode) node).deepCopy();
        copy.forEach(m -> {
            if (m.isObject()) {
                ((ObjectNode) m).remove("failure");
            }
        });
        return copy;
    }

    private static JsonNode read(Path dir) throws IOException {
        Path f = dir.resolve(ResultFiles.RUN_JSON);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + ": no run.json; not a shard folder");
        }
        try {
            return RunRecord.JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": not readable as a run record");
        }
    }

    /** Copies one job's folder, metamers and pictures, after checking its seal and its metamers' hash. */
    private static JsonNode copyJob(Path shard, Path out, RunPlan.Job job, JsonNode shardRecord) throws IOException {
        JsonNode status = null;
        for (JsonNode j : shardRecord.path("jobs")) {
            if (j.path("generator").asText().equals(job.generator()) && j.path("stage").asText().equals(job.stage())) {
                status = j;
            }
        }
        if (status == null) {
            throw new IOException(shard + ": job " + job + " is missing from its run.json");
        }
        JobOutput o = JobOutput.read(shard, job, w -> { });
        if (o == null) {
            throw new IOException(shard + ": the output of job " + job + " is missing or does not match its "
                    + "checksums");
        }
        copyTree(JobOutput.dir(shard, job), out, JobOutput.dir(out, job));
        if (o.ok()) {
            Path idx = ResultFiles.metamerArray(shard, job.generator(), job.stage());
            if (!Files.isRegularFile(idx, LinkOption.NOFOLLOW_LINKS) || !Hashing.sha256(idx).equals(o.metamersSha256())) {
                throw new IOException(idx + ": the metamers do not match job " + job + "'s record");
            }
            Path to = ResultFiles.metamerArray(out, job.generator(), job.stage());
            AtomicFiles.write(out, to, Files.readAllBytes(idx));
            copyTree(shard.resolve(ResultFiles.IMAGES_DIR).resolve(job.generator()).resolve(job.stage()), out,
                    out.resolve(ResultFiles.IMAGES_DIR).resolve(job.generator()).resolve(job.stage()));
        }
        return status;
    }

    /** Copies the regular files under {@code from} to {@code to} (inside {@code root}); a link is refused. */
    private static void copyTree(Path from, Path root, Path to) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(from + ": missing");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(f + ": not a regular file (a link?); refusing to merge it");
            }
            AtomicFiles.write(root, to.resolve(from.relativize(f).toString()), Files.readAllBytes(f));
        }
    }

    /** A model that failed in any shard failed in the run (the first shard's reason is kept). */
    private static void mergeFailures(ObjectNode record, Map<Integer, JsonNode> records) {
        for (JsonNode m : record.path("models")) {
            if (m.has("failure")) {
                continue;
            }
            for (JsonNode r : records.values()) {
                for (JsonNode other : r.path("models")) {
                    if (other.path("id").asText().equals(m.path("id").asText()) && other.has("failure")) {
                        ((ObjectNode) m).put("failure", other.path("failure").asText());
                        break;
                    }
                }
                if (m.has("failure")) {
                    break;
                }
            }
        }
    }

    private static void writeRecord(Path out, ObjectNode record) throws IOException {
        AtomicFiles.write(out, out.resolve(ResultFiles.RUN_JSON), RunRecord.JSON.writeValueAsBytes(record));
    }
}
