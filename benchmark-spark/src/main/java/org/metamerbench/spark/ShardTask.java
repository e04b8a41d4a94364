package org.metamerbench.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.metamerbench.cli.ShardedRun;
import org.metamerbench.runner.engine.BenchmarkRun;

/**
 * One Spark task: shard i of N of a planned run, run in the executor's JVM into the shared results root with the
 * settings and models the driver planned with (given typed, as {@link ShardedRun.Planned#toJson}); its value
 * is the number of the shard's jobs that failed (and were recorded). A shard that does not finish throws, which
 * fails the task, so that Spark runs it again (up to {@code spark.task.maxFailures}); the new attempt finishes the
 * stopped shard, keeping its finished jobs.
 */
final class ShardTask implements Function<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    private final String planned;
    private final int count;

    ShardTask(ShardedRun.Planned run, int count) {
        this.planned = run.toJson();
        this.count = count;
    }

    @Override
    public Integer call(Integer shard) throws java.io.IOException {
        ShardedRun.Planned run = ShardedRun.Planned.fromJson(planned);
        String runId = run.runId();
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
