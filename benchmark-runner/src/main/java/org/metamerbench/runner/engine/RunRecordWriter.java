package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.api.harness.StopRule;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.RunRecord;
import org.metamerbench.runner.HarnessInfo;
import org.metamerbench.runner.acceptance.NullPairs;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.scoring.StageData;

/**
 * Writes a run's record, run.json ({@link RunRecord}): its status, the harness, every setting, the stimulus set
 * and null pool with their hashes, the reference panel, each model with its content hash and task, the models
 * left out, each job's status, and the machine. Written when the run starts, when it scores, and when it is
 * complete.
 */
public final class RunRecordWriter {
    private final RunPlan plan;
    private final ModelRegistry registry;
    private final ModelPool models;
    private final Path runDir;
    private final Instant startedAt;
    private final boolean resumed;
    private final Shard shard;
    private Kinship kinship;

    RunRecordWriter(RunPlan plan, ModelRegistry registry, ModelPool models, Path runDir, Instant startedAt,
            boolean resumed, Shard shard) {
        this.plan = plan;
        this.registry = registry;
        this.models = models;
        this.runDir = runDir;
        this.startedAt = startedAt;
        this.resumed = resumed;
        this.shard = shard;
    }

    /** The comparison of generators with the panel, written with every later record. */
    void kinship(Kinship k) {
        this.kinship = k;
    }

    /** Writes run.json with {@code status}, the jobs so far and, once complete, the run's seconds; returns it. */
    RunRecord write(String status, List<BenchmarkRun.JobStatus> jobs, double seconds) throws IOException {
        RunRecord r = record(status, jobs, seconds);
        r.write(runDir);
        return r;
    }

    private RunRecord record(String status, List<BenchmarkRun.JobStatus> jobs, double seconds) {
        RunConfig cfg = plan.config();
        StimulusSet set = plan.set();
        StimulusSet pool = plan.pool();
        boolean finished = !Double.isNaN(seconds);
        RunRecord.Harness harness = new RunRecord.Harness(HarnessInfo.version(), HarnessInfo.gitCommit(),
                SynthesisCache.ALGORITHM, cfg.nullPairs().algorithm());
        RunRecord.StimulusSetEntry stim = new RunRecord.StimulusSetEntry(set.name(), set.sha256(), set.size(),
                plan.ids().size(), set.modality(), set.sampleRate() > 0 ? set.sampleRate() : null,
                List.copyOf(set.classLabels()), List.copyOf(plan.ids()));
        return new RunRecord(RunRecord.FORMAT, cfg.runId(), status, startedAt.toString(), resumed,
                shard.whole() ? null : new RunRecord.ShardOf(shard.index(), shard.count()),
                finished ? Instant.now().toString() : null, finished ? Math.round(seconds * 10) / 10.0 : null, harness,
                config(cfg), stim, locations(cfg), new RunRecord.NullPool(pool.name(), pool.sha256(), pool.size()),
                panel(cfg), models(), plan.refused().entrySet().stream().map(e -> new RunRecord.Refused(e.getKey(),
                e.getValue())).toList(), plan.jobs().stream().map(j -> new RunRecord.PlannedJob(j.generator(),
                j.stage())).toList(), jobs.stream().map(RunRecordWriter::job).toList(), Machine.describe(), null);
    }

    /**
     * Where a set given as a folder was found, for the commands that read the run later (shards of one run may
     * find it at other paths, so this is kept apart from what the shards must agree on).
     */
    private static RunRecord.Locations locations(RunConfig cfg) {
        return new RunRecord.Locations(folder(cfg.stimulusSet()), folder(cfg.nullPool()));
    }

    private static String folder(String set) {
        Path p = Path.of(set);
        return Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : null;
    }

    private RunRecord.Panel panel(RunConfig cfg) {
        String name;
        String rule;
        if (cfg.referencePanel().isEmpty()) {
            name = "built-in reference panel";
            rule = "recognition is scored by the built-in models of this harness only (the generator "
                    + "itself and its family excluded: panel.kinship); models from the plugin folder observe, and their recognition is stored and "
                    + "shown, but never enters a score";
        } else {
            name = "declared reference panel";
            rule = "recognition is scored by the models named with --reference-panel (the generator "
                    + "itself and its family excluded: panel.kinship), not by the built-in panel: scores compare only with runs of the same panel "
                    + "(its hash is part of the protocol)";
        }
        List<RunRecord.Observer> observers = new ArrayList<>();
        List<String> panelHashes = new ArrayList<>();
        for (String id : plan.referencePanel()) {
            String h = registry.get(id).contentHash();
            observers.add(new RunRecord.Observer(id, h));
            panelHashes.add(id + "@" + h);
        }
        return new RunRecord.Panel(name, rule, List.copyOf(observers), Hashing.sha256(String.join("\n", panelHashes)),
                kinship == null ? null : kinship.entry());
    }

    private List<RunRecord.Model> models() {
        Map<String, String> openFailures = models.failures();
        List<RunRecord.Model> out = new ArrayList<>();
        for (String id : plan.panel()) {
            ModelRegistry.Entry e = registry.get(id);
            List<String> cardStages = e.card().stageNames();
            org.metamerbench.api.Lineage l = e.card().lineage();
            out.add(new RunRecord.Model(id, e.card().version(), e.contentHash(), cardStages.get(cardStages.size() - 1),
                    List.copyOf(cardStages), plan.tasks().get(id).describe(), e.provider().name(),
                    plan.stages().containsKey(id), true, e.card().canGenerate(), new RunRecord.Lineage(l.recipe(),
                    l.seed(), l.trainingData(), l.initialisedFrom()), List.copyOf(plan.stages().getOrDefault(id,
                    List.of())), openFailures.get(id)));
        }
        return List.copyOf(out);
    }

    private static RunRecord.Job job(BenchmarkRun.JobStatus j) {
        return new RunRecord.Job(j.generator(), j.stage(), j.status(), j.reason(), Math.round(j.seconds() * 100)
                / 100.0, j.cached(), j.fakeRelu(), j.loop());
    }

    /**
     * The settings of the run that {@code record} describes, as {@link #config} wrote them: what
     * {@link RunVerification} plans the run again from. A set given as a folder is read where the run found it.
     */
    static RunConfig configOf(RunRecord record, Path resultsRoot) throws IOException {
        RunRecord.Config c = record.config();
        if (c == null) {
            throw new IOException("run.json: field 'config' is missing");
        }
        String pairs = c.nullPairs();
        NullPairs nullPairs = Arrays.stream(NullPairs.values()).filter(p -> p.description().equals(pairs))
                .findFirst().orElseThrow(() -> new IOException("run.json: config.null_pairs '" + pairs
                        + "' is not a pairing this harness knows"));
        RunRecord.Locations at = record.locations() == null ? new RunRecord.Locations(null, null) : record.locations();
        return new RunConfig(c.profile(), list(c.generators()), list(c.observers()), list(c.stages()),
                at.stimulusSet() != null ? at.stimulusSet() : c.stimulusSet(), c.stimulusCount(),
                at.nullPool() != null ? at.nullPool() : c.nullPool(), c.scheduleStages(), c.iterationsPerStage(),
                c.fakeRelu(), c.fakeReluThroughMaxPool(), c.seed(), c.batchSize(), c.nullQuantile(),
                c.bootstrapSamples(), resultsRoot, record.runId(), false, list(c.referencePanel()), c.observeFloat(),
                nullPairs, stopRule(c.stopping()));
    }

    /** The rule run.json records; a run recorded before the rule existed took the fixed budget. */
    private static StopRule stopRule(RunRecord.Stopping s) throws IOException {
        if (s == null || "fixed".equals(s.rule())) {
            return StopRule.FIXED;
        }
        if (!"adaptive".equals(s.rule()) || s.window() == null || s.threshold() == null) {
            throw new IOException("run.json: config.stopping " + s + " is not a stopping rule this harness knows");
        }
        try {
            return new StopRule(true, s.window(), s.threshold());
        } catch (IllegalArgumentException e) {
            throw new IOException("run.json: config.stopping: " + e.getMessage());
        }
    }

    /** The "stopping" part of run.json's config. */
    public static RunRecord.Stopping stopping(StopRule rule) {
        return rule.adaptive() ? new RunRecord.Stopping(rule.name(), rule.window(), rule.threshold(), rule.describe())
                : new RunRecord.Stopping(rule.name(), null, null, rule.describe());
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    /** The "config" part of run.json: every setting that decides the run's results. */
    static RunRecord.Config config(RunConfig cfg) {
        return new RunRecord.Config(cfg.profile(), cfg.generators(), cfg.observers(), cfg.stages(), cfg.stimulusSet(),
                cfg.stimulusCount(), cfg.nullPool(), cfg.referencePanel().isEmpty() ? null : cfg.referencePanel(),
                cfg.scheduleStages(), cfg.iterationsPerStage(), cfg.totalSteps(), 1.0, cfg.fakeRelu(),
                cfg.fakeRelu() ? (cfg.fakeReluThroughMaxPool()
                        ? "deviation: stages ending in a ReLU, and max pooling straight after a ReLU"
                        : "published: stages ending in a ReLU") : "none",
                cfg.fakeReluThroughMaxPool(), cfg.seed(), cfg.batchSize(), cfg.nullPairs().description(),
                cfg.nullQuantile(), (cfg.nullQuantile() == 1.0 ? "published: each statistic above the null maximum"
                        : "deviation: each statistic above the null quantile " + cfg.nullQuantile())
                        + " (at a threshold equal to the statistic's upper bound, the metamer must reach the bound)",
                cfg.observeFloat(), StageData.MIN_ACCEPTED_SHARE, cfg.bootstrapSamples(), cfg.useCache(), null,
                stopping(cfg.stopping()));
    }
}
