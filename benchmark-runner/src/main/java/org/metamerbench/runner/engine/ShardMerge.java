package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunRecord;
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
    /** A part of run.json that must be equal in every shard: its field name, and how to take it. */
    private record Same(String field, Function<RunRecord, Object> part) {
    }

    /** The parts of run.json that must be equal in every shard (a model's failure may differ between them). */
    private static final List<Same> SAME = List.of(new Same("run_id", RunRecord::runId),
            new Same("format", RunRecord::format), new Same("harness", RunRecord::harness),
            new Same("config", RunRecord::config), new Same("stimulus_set", RunRecord::stimulusSet),
            new Same("null_pool", RunRecord::nullPool), new Same("panel", RunRecord::panel),
            new Same("models", r -> r.modelsOrEmpty().stream().map(RunRecord.Model::withoutFailure).toList()),
            new Same("refused_models", RunRecord::refusedOrEmpty), new Same("plan", RunRecord::planOrEmpty),
            new Same("machine/engine_threads", r -> r.machine() == null ? null : r.machine().engineThreads()));

    private ShardMerge() {
    }

    /** Merges {@code shards} into {@code resultsRoot/runId} (the shards' run id if null); returns its folder. */
    public static Path merge(List<Path> shards, Path resultsRoot, String runId) throws IOException {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard folders given");
        }
        Map<Integer, Path> byIndex = new TreeMap<>();
        Map<Integer, RunRecord> records = new TreeMap<>();
        RunRecord first = null;
        Path firstDir = null;
        int count = -1;
        for (Path dir : shards) {
            RunRecord r = read(dir);
            if (!Shard.DONE.equals(r.status())) {
                throw new IOException(dir + ": status '" + r.status() + "', not '" + Shard.DONE
                        + "' (a shard must finish before the merge; run its command again to finish it)");
            }
            int index = r.shard() == null ? -1 : r.shard().index();
            int n = r.shard() == null ? -1 : r.shard().count();
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
                for (Same same : SAME) {
                    if (!Objects.equals(same.part().apply(r), same.part().apply(first))) {
                        throw new IOException(dir + " and " + firstDir + " are not shards of one run: their '"
                                + same.field() + "' differs" + (same.field().endsWith("engine_threads")
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
        String id = SafeName.check("run id", runId != null ? runId : first.runId());
        List<RunPlan.Job> plan = new ArrayList<>();
        for (RunRecord.PlannedJob j : first.planOrEmpty()) {
            plan.add(new RunPlan.Job(plan.size(), SafeName.check("generator", j.generator()),
                    SafeName.check("stage", j.stage())));
        }
        byte[] natural = Files.readAllBytes(byIndex.get(1).resolve(ResultFiles.NATURAL_CSV));
        double seconds = 0;
        for (int i = 1; i <= count; i++) {
            Path dir = byIndex.get(i);
            if (!Arrays.equals(natural, Files.readAllBytes(dir.resolve(ResultFiles.NATURAL_CSV)))) {
                throw new IOException(dir + ": its observers classified the natural stimuli differently from "
                        + byIndex.get(1) + "'s");
            }
            seconds += records.get(i).seconds() == null ? 0 : records.get(i).seconds();
        }
        RunFolder folder = RunFolder.claim(resultsRoot, id, first.config());
        if (folder.resumed()) {
            folder.close();
            throw new IOException("run " + id + " is a stopped run; merge into another --run-id");
        }
        boolean merged = false;
        try {
            Path out = folder.dir();
            List<RunRecord.Job> jobs = new ArrayList<>();
            copyTree(byIndex.get(1).resolve(ResultFiles.IMAGES_DIR).resolve("references"), out,
                    out.resolve(ResultFiles.IMAGES_DIR).resolve("references"));
            AtomicFiles.write(out, out.resolve(ResultFiles.NATURAL_CSV), natural);
            List<NaturalRow> naturalRows = new ArrayList<>();
            for (CsvTable.Row r : CsvTable.read(out.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER)) {
                naturalRows.add(NaturalRow.from(r));
            }
            for (RunPlan.Job job : plan) {
                Shard owner = new Shard(job.index() % count + 1, count);
                Path dir = byIndex.get(owner.index());
                jobs.add(copyJob(dir, out, job, records.get(owner.index())));
            }
            RunMerge.Tables tables = RunMerge.tables(out, plan);
            List<RunRecord.MergedShard> from = new ArrayList<>();
            byIndex.forEach((i, d) -> from.add(new RunRecord.MergedShard(i + "/" + records.get(i).shard().count(),
                    d.toAbsolutePath().toString(), records.get(i).seconds() == null ? 0 : records.get(i).seconds(),
                    records.get(i).machine() == null || records.get(i).machine().cores() == null ? 0
                    : records.get(i).machine().cores())));
            RunRecord record = withFailures(first, records.values()).merged("scoring", List.copyOf(jobs),
                    List.copyOf(from), first.finished(), first.seconds());
            record.write(out);
            RunResults stored = RunMerge.results(out, record, tables, naturalRows);
            Bootstrap bootstrap = new Bootstrap(stored.bootstrapSamples(), stored.seed());
            List<StageScore> scores = Scoring.score(stored.stageData(), bootstrap);
            RunMerge.scores(out, scores, stored.chance());
            record.merged("complete", record.jobs(), record.mergedFrom(), Instant.now().toString(),
                    Math.round(seconds * 10) / 10.0).write(out);
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

    private static RunRecord read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ResultFiles.RUN_JSON), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + ": no run.json; not a shard folder");
        }
        try {
            return RunRecord.read(dir);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (not readable as a run record)");
        }
    }

    /** Copies one job's folder, metamers and pictures, after checking its seal and its metamers' hash. */
    private static RunRecord.Job copyJob(Path shard, Path out, RunPlan.Job job, RunRecord shardRecord)
            throws IOException {
        RunRecord.Job status = null;
        for (RunRecord.Job j : shardRecord.jobsOrEmpty()) {
            if (j.generator().equals(job.generator()) && j.stage().equals(job.stage())) {
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

    /** {@code record} with each model failed that failed in any shard (the first shard's reason is kept). */
    private static RunRecord withFailures(RunRecord record, Collection<RunRecord> shards) {
        List<RunRecord.Model> models = new ArrayList<>();
        for (RunRecord.Model m : record.modelsOrEmpty()) {
            String failure = m.failure();
            for (RunRecord r : shards) {
                for (RunRecord.Model other : r.modelsOrEmpty()) {
                    if (failure == null && other.id().equals(m.id()) && other.failure() != null) {
                        failure = other.failure();
                    }
                }
            }
            models.add(new RunRecord.Model(m.id(), m.version(), m.contentSha256(), m.logitsStage(), m.cardStages(),
                    m.task(), m.provider(), m.generator(), m.observer(), m.canGenerate(), m.lineage(), m.stages(),
                    failure));
        }
        return new RunRecord(record.format(), record.runId(), record.status(), record.started(), record.resumed(),
                record.shard(), record.finished(), record.seconds(), record.harness(), record.config(),
                record.stimulusSet(), record.locations(), record.nullPool(), record.panel(), List.copyOf(models),
                record.refusedModels(), record.plan(), record.jobs(), record.machine(), record.mergedFrom());
    }
}
