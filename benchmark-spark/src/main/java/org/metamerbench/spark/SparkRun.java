package org.metamerbench.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.metamerbench.cli.RunExecutor;
import org.metamerbench.cli.ShardedRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The driver of a run on Apache Spark: plans the run, runs its shards as the tasks of one Spark job
 * ({@link SparkExecutor}: one partition per shard, by default one shard per job of the plan), then merges them on
 * the driver and writes the report. Tasks write their shard folders under {@code --out}, which must be a file system that
 * the driver and every executor see at the same path (NFS, Lustre, a mounted bucket).
 *
 * <p>Submit with {@code spark-submit --class org.metamerbench.spark.SparkRun metamer-bench-spark.jar
 * [--tasks N] <run options>}; docs/clusters.md gives the whole line.
 */
@Command(name = "metamer-bench-spark", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark as Spark tasks: every option of `metamer-bench run` (except --shard and "
                + "--workers) plus --tasks. --out must be on storage that the driver and all executors share."})
public final class SparkRun implements Callable<Integer> {
    @Option(names = "--tasks", paramLabel = "N", description = "Spark tasks (shards of the plan); default: one per "
            + "job of the plan (generator x stage)")
    Integer tasks;

    @Unmatched
    List<String> runOptions = new ArrayList<>();

    private final SparkConf conf;

    /** A driver whose Spark settings come from spark-submit (or {@code conf}, for tests and embedding). */
    public SparkRun(SparkConf conf) {
        this.conf = conf;
    }

    public static void main(String[] args) {
        System.exit(execute(new SparkConf(), args));
    }

    /** Runs the command line with the given Spark settings and returns its exit code. */
    public static int execute(SparkConf conf, String... args) {
        return new CommandLine(new SparkRun(conf)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                    return e instanceof java.io.IOException || e instanceof IllegalArgumentException ? 2 : 1;
                }).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        RunExecutor.Request request = ShardedRun.request(runOptions);
        return ShardedRun.report(new SparkExecutor(conf, tasks).execute(request), runOptions);
    }
}
