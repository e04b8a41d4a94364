package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.runner.engine.Shard;

/**
 * Where the jobs of a planned run are computed: the one interface of the harness's executors. In this JVM
 * ({@link #inProcess}: the whole run, or one shard of it for a batch scheduler's array task), as K worker processes
 * on this machine ({@link #workers}), or as the tasks of a Spark job ({@code SparkExecutor}, module benchmark-spark).
 * An executor of the whole run leaves the merged, scored and sealed run folder, equal to the one-process run's at
 * the same engine thread count; {@link RunReport} then prints its table and writes its report.
 */
public interface RunExecutor {
    /**
     * What every executor is given: the run's settings and models (what {@link #inProcess} runs), and the run as
     * planned for the executors that start shard processes or tasks: its id, results root, jobs, and the options
     * every shard gets ({@code planned} is null where none is started).
     */
    record Request(RunConfig config, ModelRegistry registry, ShardedRun.Planned planned) {
    }

    /** What an execution left: its folder (the whole run's, or one shard's) and the outcome. */
    record Executed(Path folder, boolean whole, BenchmarkRun.Outcome outcome) {
        /** Whether a job of it failed (and was recorded). */
        public boolean anyFailed() {
            return outcome.jobs().stream().anyMatch(j -> !j.status().equals("ok"));
        }
    }

    /** Computes the jobs of {@code run} and returns what was left; throws why, if they could not be finished. */
    Executed execute(Request run) throws IOException, InterruptedException;

    /** The jobs of {@code slice} (the whole plan, or one shard) in this JVM, with a progress bar. */
    static RunExecutor inProcess(Shard slice) {
        return run -> {
            BenchmarkRun.Outcome o = RunCommand.execute(run.config(), run.registry(), slice);
            return new Executed(o.runDir(), slice.whole(), o);
        };
    }

    /** {@code k} worker processes of {@code threads} engine threads each, shard i of k each, then the merge. */
    static RunExecutor workers(int k, int threads) {
        return run -> WorkerRun.run(run.planned(), k, threads);
    }
}
