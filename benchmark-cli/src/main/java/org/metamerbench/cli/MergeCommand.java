package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metamerbench.runner.engine.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Joins the shards of a run into the run. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Join the folders of a run's shards (`run --shard i/N`, e.g. one per SLURM array task or "
                + "Kubernetes indexed job) into the run: checks they are the N shards of one plan, copies each "
                + "job's verified output, writes the tables, scores, run.json and the report. Runs no model.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "The shards' folders, <run-id>-shard-i-of-N")
    List<Path> shards;

    @Option(names = {"--out", "-o"}, paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--run-id", description = "Name of the merged run's folder (default: the shards' run id)")
    String runId;

    @picocli.CommandLine.Mixin
    HumanOptions human = new HumanOptions();

    @Override
    public Integer call() throws Exception {
        long t = System.nanoTime();
        Path dir = ShardMerge.merge(shards, out, runId);
        RunExecutor.Executed merged = ShardedRun.stored(dir);
        System.out.printf(java.util.Locale.ROOT, "merged %d shards into %s (%.1f s)%n", shards.size(),
                dir.toAbsolutePath(), (System.nanoTime() - t) / 1e9);
        return RunReport.finish(merged, human);
    }
}
