package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.runner.engine.RunPlan;
import org.metamerbench.runner.engine.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the benchmark: metamers, acceptance, recognition, scores, result folder. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Synthesises model metamers for each generator x stage, accepts or rejects them, has every "
                + "model in the panel classify them, and writes results/<run-id>/ with scores.",
                "Profiles: quick (a demonstration in a few minutes), full (the leaderboard protocol), audio (spoken "
                + "words) and graph (graph metamers of Cora nodes)."})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--profile", description = "quick, full (Fashion-MNIST), audio (spoken words) or graph (Cora) "
            + "(default: ${DEFAULT-VALUE})")
    Profile profile = Profile.QUICK;

    @Option(names = "--models", split = ",", paramLabel = "ID", description = "Generators (default: the profile's)")
    List<String> models;

    @Option(names = "--observers", split = ",", paramLabel = "ID", description = "Observer panel (default: every model)")
    List<String> observers = List.of();

    @Option(names = "--stages", split = ",", paramLabel = "STAGE", description = "Stages to match (default: the "
            + "profile's; quick and full: all past the input)")
    List<String> stages;

    @Option(names = "--stimuli", paramLabel = "N", description = "Class-balanced number of stimuli (default: the profile's)")
    Integer stimuli;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per schedule stage (default: the profile's)")
    Integer steps;

    @Option(names = "--stopping", paramLabel = "RULE", description = "When a stimulus's synthesis ends: adaptive "
            + "(a schedule stage ends once the stimulus's loss stops improving, and synthesis once the iterate is "
            + "accepted there; see docs/measurements.md) or fixed (every step of the published budget). Default: the "
            + "profile's")
    String stopping;

    @Option(names = "--stop-threshold", paramLabel = "F", description = "The adaptive rule's threshold: a schedule "
            + "stage has stopped improving when the best loss fell by less than this fraction of itself over one "
            + "window (default: ${DEFAULT-VALUE})")
    double stopThreshold = org.metamerbench.api.harness.StopRule.DEFAULT_THRESHOLD;

    @Option(names = "--stop-window", paramLabel = "STEPS", description = "The adaptive rule's window (default: a "
            + "tenth of a schedule stage, at least 5 steps)")
    Integer stopWindow;

    @Option(names = "--schedule-stages", paramLabel = "K", description = "Schedule stages; the step size halves after each (default: the profile's)")
    Integer scheduleStages;

    @Option(names = "--reference-panel", split = ",", paramLabel = "ID", description = "Observers whose recognition "
            + "is scored instead of the built-in models (for a stimulus set no built-in model shares; recorded, and "
            + "part of the protocol a leaderboard or gate compares)")
    List<String> referencePanel = List.of();

    @Option(names = "--seed", description = "Seed of the starting noise (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--batch-size", paramLabel = "N", description = "Stimuli optimised together (default: ${DEFAULT-VALUE})")
    int batchSize = 100;

    @Option(names = "--no-fake-relu", negatable = true, description = "Backward pass through a matched stage's final "
            + "ReLU as in the forward pass, instead of the identity (default: fake ReLU on, as published)")
    boolean fakeRelu = true;

    @Option(names = "--fake-relu-through-max-pool", description = "Also treat the ReLU before a max-pooling stage as "
            + "the identity in the backward pass (a deviation from the published method, recorded in run.json)")
    boolean fakeReluThroughMaxPool;

    @Option(names = "--observe-float", description = "Observers classify the float metamers as synthesised, instead "
            + "of the metamers as a person is shown them, the 8-bit PNG or the 16-bit WAV (the published code's "
            + "observers read the saved files; a deviation, recorded in run.json and part of the protocol)")
    boolean observeFloat;

    @Option(names = "--null-quantile", paramLabel = "Q", description = "Acceptance threshold: 1 = null maximum, the "
            + "published rule; 0.9999, 0.999, 0.99 are a stated deviation (default: ${DEFAULT-VALUE})")
    double nullQuantile = 1.0;

    @Option(names = "--null-pairs", paramLabel = "all|disjoint", description = "Pairs of null-pool images in the "
            + "null distribution: all = every ordered pair (default); disjoint = the pool shuffled with --seed and cut "
            + "into pairs, each image in one, as the published code draws them (recorded in run.json and part of the "
            + "protocol)", converter = NullPairsConverter.class)
    org.metamerbench.runner.acceptance.NullPairs nullPairs = org.metamerbench.runner.acceptance.NullPairs.ALL;

    /** Reads {@code --null-pairs}. */
    static final class NullPairsConverter implements picocli.CommandLine.ITypeConverter<
            org.metamerbench.runner.acceptance.NullPairs> {
        @Override
        public org.metamerbench.runner.acceptance.NullPairs convert(String value) {
            return org.metamerbench.runner.acceptance.NullPairs.parse(value);
        }
    }

    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap samples for standard errors (default: ${DEFAULT-VALUE})")
    int bootstrap = 1000;

    @Option(names = "--stimulus-set", paramLabel = "NAME|DIR", description = "(default: the profile's: "
            + StimulusSetLoader.DEFAULT_STIMULUS_SET + ", or " + StimulusSetLoader.SPOKEN_WORDS_V2 + " for the audio profile)")
    String stimulusSet;

    @Option(names = "--null-pool", paramLabel = "NAME|DIR", description = "(default: the profile's: "
            + StimulusSetLoader.DEFAULT_NULL_POOL + ", or " + StimulusSetLoader.SPOKEN_WORDS_V2_POOL + " for the audio profile)")
    String nullPool;

    @Option(names = {"--out", "-o"}, paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--run-id", description = "Name of the run folder (default: date-time-profile)")
    String runId;

    @Option(names = "--no-cache", negatable = true, description = "Reuse and store finished work in <out>/.cache "
            + "(default: on)")
    boolean cache = true;


    @Option(names = "--shard", paramLabel = "i/N", description = "Run only shard i of N of the plan (1 <= i <= N; "
            + "e.g. SLURM --array=1-N with $SLURM_ARRAY_TASK_ID/N) into <out>/<run-id>-shard-i-of-N; join the N "
            + "folders with `merge`")
    String shard;

    @Option(names = "--workers", paramLabel = "K|auto", description = "Run the plan as K worker processes at once "
            + "on this machine (each a shard with its share of the engine threads), then merge; auto measures 1, "
            + "2, 4, ... workers on one job of the plan first and takes the fastest (default: 1, one process "
            + "using every core)")
    String workers = "1";

    @Option(names = "--worker-threads", paramLabel = "T", description = "Engine threads of each worker (default: "
            + "cores / K, at least 1)")
    Integer workerThreads;

    @Option(names = "--null-memory", paramLabel = "SIZE", description = "Memory for a null distribution (e.g. "
            + "512m, 8g): a pool whose activations at a stage need more is computed in blocks, recomputing "
            + "activations (default: 4g)")
    void nullMemory(String size) {
        org.metamerbench.runner.acceptance.NullBlocks.parseSize(size); // refused here, before the run starts
        System.setProperty(org.metamerbench.runner.engine.Machine.NULL_MEMORY, size);
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    HumanOptions human = new HumanOptions();

    @picocli.CommandLine.Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @picocli.CommandLine.Mixin
    GraphOptions graph = new GraphOptions();

    /** The run's id: {@code --run-id}, else the date, time and profile. */
    String runId() {
        return runId != null ? runId
                : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                        + profile.name().toLowerCase(Locale.ROOT);
    }

    /** The run these options describe, under the id {@code id}. */
    RunConfig config(String id) {
        return new RunConfig(profile.name().toLowerCase(Locale.ROOT),
                models != null ? models : profile.generators, observers, stages != null ? stages : profile.stages,
                stimulusSet != null ? stimulusSet : profile.stimulusSet, stimuli != null ? stimuli : profile.stimuli,
                nullPool != null ? nullPool : profile.nullPool,
                scheduleStages != null ? scheduleStages : profile.scheduleStages,
                steps != null ? steps : profile.iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize,
                nullQuantile, bootstrap, out, id, cache, referencePanel, observeFloat, nullPairs,
                stopRule(steps != null ? steps : profile.iterationsPerStage));
    }

    /** {@code --stopping}, else the profile's rule, for a schedule of {@code iterationsPerStage} steps per stage. */
    org.metamerbench.api.harness.StopRule stopRule(int iterationsPerStage) {
        org.metamerbench.api.harness.StopRule rule = org.metamerbench.api.harness.StopRule.named(
                stopping != null ? stopping : profile.stopping, iterationsPerStage);
        if (!rule.adaptive()) {
            if (stopWindow != null || stopThreshold != org.metamerbench.api.harness.StopRule.DEFAULT_THRESHOLD) {
                throw new IllegalArgumentException("--stop-window and --stop-threshold are the adaptive rule's; "
                        + "this run takes the fixed budget");
            }
            return rule;
        }
        return new org.metamerbench.api.harness.StopRule(true, stopWindow != null ? stopWindow : rule.window(),
                stopThreshold);
    }

    @Override
    public Integer call() throws Exception {
        String id = runId();
        ModelRegistry registry = pluginOptions.registry();
        if (GraphOptions.isGraph(profile, stimulusSet)) {
            return graph.run(this, id, registry);
        }
        RunConfig cfg = config(id);
        RunExecutor executor = null;
        ShardedRun.Planned planned = null;
        if (!workers.equals("1")) {
            if (shard != null) {
                throw new IllegalArgumentException("--workers and --shard do not go together: a worker is a shard");
            }
            RunPlan plan = RunPlan.make(cfg, registry, w -> { });
            int cores = Runtime.getRuntime().availableProcessors();
            int k;
            Integer threads = workerThreads;
            if (workers.equals("auto")) {
                if (workerThreads != null) {
                    throw new IllegalArgumentException("--workers auto chooses the engine threads itself: leave out "
                            + "--worker-threads");
                }
                WorkerChoice.Choice c = WorkerChoice.choose(plan, out, id, pluginOptions, cores);
                System.out.print(WorkerChoice.describe(c));
                k = c.workers();
                threads = c.threads();
            } else {
                try {
                    k = Integer.parseInt(workers);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--workers '" + workers + "': a number of workers, or auto");
                }
                if (k < 1) {
                    throw new IllegalArgumentException("--workers must be at least 1");
                }
            }
            if (k > 1) {
                // The command line as typed holds the subcommand's name first: the workers get only its options.
                List<String> typed = spec.commandLine().getParseResult().originalArgs();
                List<String> options = typed.subList(typed.indexOf("run") + 1, typed.size());
                planned = new ShardedRun.Planned(cfg.under(out.toAbsolutePath()), pluginOptions.source(),
                        plan.jobs().size(), ShardedRun.shardOptions(options));
                executor = RunExecutor.workers(k, threads != null ? threads : Math.max(1, cores / k));
            }
        }
        Shard slice = shard == null ? Shard.WHOLE : Shard.parse(shard);
        if (!slice.whole() && runId == null) {
            throw new IllegalArgumentException("--shard needs --run-id: every shard of a run uses the same one");
        }
        if (executor == null) {
            executor = RunExecutor.inProcess(slice);
        }
        RunExecutor.Executed done = executor.execute(new RunExecutor.Request(cfg, registry, planned));
        if (!done.whole()) {
            BenchmarkRun.Outcome outcome = done.outcome();
            System.out.printf("shard %s of run %s: %d jobs, %d failed, %.0f s: %s%njoin the shards with: "
                    + "metamer-bench merge %s-shard-*-of-%d --out %s%n", slice, id, outcome.jobs().size(),
                    outcome.jobs().stream().filter(j -> !j.status().equals("ok")).count(), outcome.seconds(),
                    outcome.runDir().toAbsolutePath(), out.resolve(id), slice.count(), out);
            return done.anyFailed() ? RunReport.FAILED_JOBS : 0;
        }
        return RunReport.finish(done, human);
    }

    /** Runs the plan's jobs of {@code slice} in this JVM with a progress bar; the outcome records failed jobs. */
    static BenchmarkRun.Outcome execute(RunConfig cfg, ModelRegistry registry, Shard slice) throws IOException {
        BenchmarkRun.Outcome outcome;
        ProgressBar[] bar = new ProgressBar[1];
        try {
            outcome = BenchmarkRun.execute(cfg, registry, new BenchmarkRun.Listener() {
                @Override
                public void planned(long totalSteps) {
                    bar[0] = Progress.bar("metamers", totalSteps);
                    bar[0].setExtraMessage(" (stimulus-steps)");
                }

                @Override
                public void stepped(long n) {
                    bar[0].stepBy(n);
                }

                @Override
                public void message(String text) {
                    bar[0].setExtraMessage(" " + text);
                }

                @Override
                public void notice(String text) {
                    System.err.println(text);
                }

                @Override
                public void warning(String text) {
                    System.err.println("warning: " + text);
                }
            }, slice);
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        return outcome;
    }
}
