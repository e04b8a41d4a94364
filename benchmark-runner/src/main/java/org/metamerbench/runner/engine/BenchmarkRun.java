package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageScore;

/**
 * One benchmark run, from its parts: {@link RunPlan} (what to do), {@link RunFolder} (where, held while
 * running), {@link Observe} (the panel on the natural stimuli), {@link JobRunner} for each job
 * (generator x stage: {@link Synthesise}, {@link Judge}, {@link Observe}, each job writing its own
 * {@link JobOutput}), {@link RunMerge} (the tables, once) and {@link RunRecordWriter} (run.json). A job that
 * fails is recorded with its reason and the run goes on.
 */
public final class BenchmarkRun {

    /** Receives progress. */
    public interface Listener {
        default void planned(long totalSteps) {
        }

        default void stepped(long steps) {
        }

        default void message(String text) {
        }

        /** Something the run tells once and the user should keep (e.g. that it finishes a stopped run). */
        default void notice(String text) {
            message(text);
        }

        /** Something the user must see (a damaged cache entry, a refused model); by default a message. */
        default void warning(String text) {
            message(text);
        }
    }

    /** What happened to one job. */
    public record JobStatus(String generator, String stage, String status, String reason, double seconds,
            boolean cached, boolean fakeRelu, String loop) {
        /** A job as run.json recorded it: every field as RunRecordWriter wrote it, none filled in. */
        static JobStatus recorded(org.metamerbench.results.RunRecord.Job j) {
            return new JobStatus(j.generator(), j.stage(), j.status(), j.reason(), j.seconds(), j.fromCache(),
                    j.fakeRelu(), j.synthesisLoop());
        }
    }

    /** What a run produced. */
    public record Outcome(Path runDir, List<StageScore> scores, List<ModelScore> modelScores, List<JobStatus> jobs,
            Map<String, Double> naturalAccuracy, double chance, double seconds, Map<String, String> modelFailures,
            org.metamerbench.scoring.Kinship kinship) {
        /**
         * The outcome of a finished run as its folder holds it (a merged run's): the scores computed from its
         * tables with its own bootstrap settings, as the run computed them. A merged run has no wall time of
         * its own (its record holds the shards' seconds summed): its seconds are NaN.
         */
        public static Outcome stored(RunResults r) {
            Bootstrap bootstrap = new Bootstrap(r.bootstrapSamples(), r.seed());
            List<JobStatus> jobs = r.record().jobsOrEmpty().stream().map(JobStatus::recorded).toList();
            Map<String, String> failures = new LinkedHashMap<>();
            r.record().refusedOrEmpty().forEach(m -> failures.put(m.id(), m.reason()));
            r.models().stream().filter(m -> m.failure() != null && !m.failure().isEmpty())
                    .forEach(m -> failures.put(m.id(), m.failure()));
            return new Outcome(r.dir(), Scoring.score(r.stageData(), bootstrap), r.modelScores(bootstrap), jobs,
                    r.naturalAccuracy(), r.chance(), r.seconds(), Map.copyOf(failures), r.kinship());
        }
    }

    private final RunConfig cfg;
    private final ModelRegistry registry;
    private final Listener listener;
    private final Shard shard;

    private BenchmarkRun(RunConfig cfg, ModelRegistry registry, Listener listener, Shard shard) {
        this.cfg = cfg;
        this.registry = registry;
        this.listener = listener;
        this.shard = shard;
    }

    public static Outcome execute(RunConfig cfg, ModelRegistry registry, Listener listener) throws IOException {
        return execute(cfg, registry, listener, Shard.WHOLE);
    }

    /**
     * Runs one shard of the plan into {@code <results>/<run-id>-shard-i-of-N} (the whole run for
     * {@link Shard#WHOLE}). A shard stops before the merge, its status {@value Shard#DONE}; {@link ShardMerge}
     * joins the shards' folders into the run.
     */
    public static Outcome execute(RunConfig cfg, ModelRegistry registry, Listener listener, Shard shard)
            throws IOException {
        return new BenchmarkRun(cfg, registry, listener, shard).execute();
    }

    /**
     * The folder of a complete run of {@code cfg} (same settings, the same engine thread count, its seal intact),
     * to read instead of running it again; null where none has completed. A complete run of other settings under
     * the same id is refused, naming what differs.
     */
    public static Path completed(RunConfig cfg) throws IOException {
        return RunFolder.complete(cfg.resultsRoot(), cfg.runId(), RunRecordWriter.config(cfg));
    }

    /** The outcome of a shard that finished before, as its run.json recorded it. */
    private static Outcome finishedShard(Path runDir, RunPlan plan) throws IOException {
        org.metamerbench.results.RunRecord r = org.metamerbench.results.RunRecord.read(runDir);
        List<JobStatus> jobs = r.jobsOrEmpty().stream().map(JobStatus::recorded).toList();
        double seconds = r.seconds() == null ? Double.NaN : r.seconds();
        return new Outcome(runDir, List.of(), List.of(), jobs, Map.of(), 1.0 / plan.set().classLabels().size(),
                seconds, Map.of(), null);
    }

    private Outcome execute() throws IOException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        RunPlan plan = RunPlan.make(cfg, registry, listener::warning);
        List<RunPlan.Job> mine = plan.jobs().stream().filter(shard::includes).toList();
        listener.planned(plan.totalSteps(mine));
        try (RunFolder folder = RunFolder.claim(cfg.resultsRoot(), shard.folder(cfg.runId()),
                RunRecordWriter.config(cfg), !shard.whole());
                ModelPool models = new ModelPool(registry, listener::message)) {
            if (folder.finishedShard()) {
                listener.notice("shard " + shard + " of run " + cfg.runId() + " has finished before; it is left as "
                        + "it is");
                return finishedShard(folder.dir(), plan);
            }
            if (folder.resumed()) {
                listener.notice("run " + cfg.runId() + " was stopped; finishing it (jobs that finished before are "
                        + "kept)");
            }
            Path runDir = folder.dir();
            // a stopped run is not sealed; a seal left from an earlier end no longer describes what is written now
            java.nio.file.Files.deleteIfExists(runDir.resolve(org.metamerbench.results.Seal.FILE));
            Path cacheRoot = cfg.useCache() ? cfg.resultsRoot().resolve(".cache") : null;
            NullCache nullCache = new NullCache(cacheRoot == null ? null : cacheRoot.resolve("null"),
                    listener::warning);
            SynthesisCache synthesisCache = new SynthesisCache(cacheRoot == null ? null : cacheRoot.resolve("synthesis"),
                    listener::warning);
            RunRecordWriter record = new RunRecordWriter(plan, registry, models, runDir, startedAt, folder.resumed(), shard);
            record.write("running", List.of(), Double.NaN);
            for (int i = 0; i < plan.ids().size(); i++) {
                plan.writeReference(runDir, plan.ids().get(i),
                        plan.stimuli().sample(i).toFloatArray());
            }

            Observe.Natural natural = Observe.natural(plan, models);
            org.metamerbench.scoring.Kinship kinship = Observe.kinship(plan, registry, models, natural);
            record.kinship(kinship);
            JobRunner runner = new JobRunner(plan, registry, models, natural, runDir, folder.resumed(), nullCache,
                    synthesisCache, listener);
            List<JobStatus> jobs = new ArrayList<>();
            for (RunPlan.Job job : mine) {
                jobs.add(runner.run(job).status(job));
            }
            if (!shard.whole()) {
                RunMerge.natural(runDir, natural.rows());
                double total = (System.nanoTime() - started) / 1e9;
                record.write(Shard.DONE, jobs, total);
                ResultFiles.seal(runDir);
                return new Outcome(runDir, List.of(), List.of(), List.copyOf(jobs), Map.of(), 1.0 / plan.set()
                        .classLabels().size(), total, Map.copyOf(models.failures()), kinship);
            }

            RunMerge.Tables tables = RunMerge.tables(runDir, plan.jobs());
            RunMerge.natural(runDir, natural.rows());
            RunResults stored = RunMerge.results(runDir, record.write("scoring", jobs, Double.NaN), tables,
                    natural.rows());
            Bootstrap bootstrap = new Bootstrap(cfg.bootstrapSamples(), cfg.seed());
            List<StageScore> scores = Scoring.score(stored.stageData(), bootstrap);
            double chance = stored.chance();
            RunMerge.scores(runDir, scores, chance);
            double total = (System.nanoTime() - started) / 1e9;
            record.write("complete", jobs, total);
            ResultFiles.seal(runDir); // last: from now on every reader checks the tables against it
            Map<String, String> failures = new LinkedHashMap<>(plan.refused());
            failures.putAll(models.failures());
            return new Outcome(runDir, scores, stored.modelScores(bootstrap), List.copyOf(jobs),
                    stored.naturalAccuracy(), chance, total, Map.copyOf(failures), stored.kinship());
        }
    }
}
