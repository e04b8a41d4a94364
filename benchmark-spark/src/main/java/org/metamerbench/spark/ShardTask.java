package org.metamerbench.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.metamerbench.cli.ShardedRun;
import org.metamerbench.runner.engine.BenchmarkRun;

/**
 * One Spark task: shard i of N of a planned run, run in the executor's JVM into the shared results root; its value
 * is the number of the shard's jobs that failed (and were recorded). A shard that does not finish throws, which
 * fails the task, so that Spark runs it again (up to {@code spark.task.maxFailures}); the new attempt finishes the
 * stopped shard, keeping its finished jobs.
 */
final class ShardTask implements Function<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String out;
    private final ArrayList<String> shardOptions;
    private final int count;

    ShardTask(ShardedRun.Planned run, int count) {
        this.runId = run.runId();
        this.out = run.out().toString();
        this.shardOptions = new ArrayList<>(run.shardOptions());
        this.count = count;
    }

    @Override
    public Integer call(Integer shard) {
        ShardedRun.Planned run = new ShardedRun.Planned(runId, Path.of(out), -1, List.copyOf(shardOptions));
        TaskContext task = TaskContext.get();
        System.err.printf("metamer-bench: run %s, shard %d of %d (Spark stage %d, partition %d, attempt %d)%n", runId,
                shard, count, task == null ? -1 : task.stageId(), task == null ? -1 : task.partitionId(),
                task == null ? 0 : task.attemptNumber());
        BenchmarkRun.Outcome outcome;
        try {
            outcome = ShardedRun.runShard(run, shard, count);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("run " + runId + ", shard " + shard + " of " + count + ": "
                    + e.getMessage(), e);
        }
        return (int) outcome.jobs().stream().filter(j -> !j.status().equals("ok")).count();
    }
}
