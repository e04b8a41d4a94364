package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.runner.engine.RunPlan;
import org.metamerbench.runner.engine.Shard;
import org.metamerbench.runner.engine.ShardMerge;
import picocli.CommandLine;

/**
 * A run as N shards that an executor ({@link RunExecutor}) runs wherever it runs tasks, then one merge: the part
 * that the sharding executors share ({@code run --workers}: processes on this machine; {@code metamer-bench-spark}:
 * Spark tasks on a cluster). Each shard is {@code run --shard i/N} with the same options and run id, into the
 * same results root, so every executor gives the tables of the one-process run.
 */
public final class ShardedRun {
    private ShardedRun() {
    }

    /** The options of {@code run} that the executor sets itself for each shard. */
    private static final List<String> OWN = List.of("--workers", "--worker-threads", "--shard", "--run-id", "--out",
            "-o");

    /**
     * A planned run: its settings (results root absolute, run id chosen once for every shard), where its models come
     * from, the number of jobs in its plan, and the options of {@code run} that every shard process gets. A task is
     * given it typed ({@link #toJson}), not as a command line.
     */
    public record Planned(RunConfig config, ModelSource models, int jobs, List<String> shardOptions) {
        public Planned {
            if (!config.resultsRoot().isAbsolute()) {
                throw new IllegalArgumentException("a planned run's results root must be absolute: "
                        + config.resultsRoot());
            }
            shardOptions = List.copyOf(shardOptions);
        }

        public String runId() {
            return config.runId();
        }

        /** The results root (absolute) that every shard writes under. */
        public Path out() {
            return config.resultsRoot();
        }

        /** The folder of shard {@code i} of {@code count}. */
        public Path folder(int i, int count) {
            return out().resolve(new Shard(i, count).folder(runId()));
        }

        /** This plan as JSON, as a task is given it; {@link #fromJson} reads it back exactly. */
        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a planned run could not be written as JSON", e);
            }
        }

        /** The plan {@link #toJson} wrote; a missing or malformed field is an error that names it. */
        public static Planned fromJson(String json) throws IOException {
            return JSON.readValue(json, Planned.class);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind
            .ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /**
     * Plans the run that {@code run}'s options {@code runOptions} describe (without the word "run"): discovers the
     * models and makes the plan, as the run would, to count its jobs; the request an executor is given. Runs no
     * model.
     */
    public static RunExecutor.Request request(List<String> runOptions) throws IOException {
        RunCommand cmd = parse(runOptions);
        if (cmd.shard != null || !cmd.workers.equals("1")) {
            throw new IllegalArgumentException("--shard and --workers are chosen by the executor; leave them out");
        }
        String id = cmd.runId();
        RunConfig cfg = cmd.config(id).under(cmd.out.toAbsolutePath());
        ModelSource models = cmd.pluginOptions.source();
        ModelRegistry registry = models.registry();
        RunPlan plan = RunPlan.make(cfg, registry, w -> System.err.println("warning: " + w));
        return new RunExecutor.Request(cfg, registry, new Planned(cfg, models, plan.jobs().size(),
                shardOptions(runOptions)));
    }

    /**
     * Runs shard {@code i} of {@code count} of a planned run in this JVM, with the plan's settings and models, and
     * returns its outcome (its failed jobs recorded in it); a shard that does not finish throws why.
     */
    public static BenchmarkRun.Outcome runShard(Planned run, int i, int count) throws IOException {
        Main.configureBackends();
        return RunCommand.execute(run.config(), run.models().registry(), new Shard(i, count));
    }

    /**
     * Merges the {@code count} finished shards of a run into {@code out/runId} and removes the shards' folders (and
     * their logs); returns the merged run.
     */
    public static RunExecutor.Executed merge(Planned run, int count) throws IOException {
        List<Path> folders = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            folders.add(run.folder(i, count));
        }
        Path merged = ShardMerge.merge(folders, run.out(), run.runId());
        for (Path f : folders) {
            AtomicFiles.deleteTree(run.out(), f);
            Files.deleteIfExists(run.out().resolve(f.getFileName() + ".log"));
        }
        return stored(merged);
    }

    /** A merged, stored run as an executor leaves it. */
    static RunExecutor.Executed stored(Path runDir) throws IOException {
        return new RunExecutor.Executed(runDir, true, BenchmarkRun.Outcome.stored(RunResults.load(runDir)));
    }

    /** Prints the table of an executed whole run and writes its report, with {@code run}'s human-data options. */
    public static int report(RunExecutor.Executed executed, List<String> runOptions) {
        return RunReport.finish(executed, human(runOptions));
    }

    /** The human-data options of {@code run}'s options. */
    static HumanOptions human(List<String> runOptions) {
        return parse(runOptions).human;
    }

    /** {@code run}'s options without those that the executor sets for each shard. */
    static List<String> shardOptions(List<String> runOptions) {
        List<String> common = new ArrayList<>();
        for (int i = 0; i < runOptions.size(); i++) {
            String a = runOptions.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (OWN.contains(name)) {
                if (!a.contains("=")) {
                    i++;
                }
                continue;
            }
            common.add(a);
        }
        return common;
    }

    private static RunCommand parse(List<String> runOptions) {
        Main.configureBackends();
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(runOptions.toArray(String[]::new));
        return cmd;
    }
}
