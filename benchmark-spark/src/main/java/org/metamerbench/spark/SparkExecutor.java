package org.metamerbench.spark;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.metamerbench.cli.RunExecutor;
import org.metamerbench.cli.ShardedRun;

/**
 * The executor of a run on Apache Spark ({@link RunExecutor}): the plan's shards as the tasks of one Spark job (one
 * partition per shard; by default one shard per job of the plan), each run in an executor's JVM into the shared
 * results root ({@link ShardTask}), then merged on the driver.
 */
final class SparkExecutor implements RunExecutor {
    private final SparkConf conf;
    private final Integer tasks;

    /** {@code tasks}: the number of shards, or null for one per job of the plan. */
    SparkExecutor(SparkConf conf, Integer tasks) {
        this.conf = conf;
        this.tasks = tasks;
    }

    @Override
    public Executed execute(Request request) throws IOException {
        ShardedRun.Planned run = request.planned();
        int n = tasks != null ? tasks : run.jobs();
        if (n < 1) {
            throw new IllegalArgumentException("--tasks must be at least 1 (the plan has " + run.jobs() + " jobs)");
        }
        n = Math.min(n, Math.max(1, run.jobs()));
        conf.setIfMissing("spark.app.name", "metamer-bench " + run.runId());
        List<Integer> failedJobs;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setJobDescription("metamer-bench run " + run.runId() + ": " + run.jobs() + " jobs in " + n + " tasks");
            System.out.printf("run %s: %d jobs of the plan as %d Spark tasks on %s, results under %s%n", run.runId(),
                    run.jobs(), n, sc.master(), run.out());
            failedJobs = sc.parallelize(IntStream.rangeClosed(1, n).boxed().toList(), n).map(new ShardTask(run, n))
                    .collect();
        }
        System.out.printf("%d tasks finished; %d with a failed job%n", failedJobs.size(),
                failedJobs.stream().filter(failed -> failed > 0).count());
        return ShardedRun.merge(run, n);
    }
}
