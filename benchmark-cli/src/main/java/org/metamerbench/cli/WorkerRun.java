package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.RunRecord;
import org.metamerbench.runner.engine.Shard;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * A run as K worker processes at once on this machine: worker i runs shard i of K of the plan with its
 * share of the engine threads, and the shards are merged as `merge` does. On a small machine several
 * one-thread jobs can beat one job on every thread (see docs/measurements.md); results are equal
 * bit for bit to a one-process run with the same engine thread count.
 */
final class WorkerRun {
    private WorkerRun() {
    }

    /**
     * Runs the planned run as {@code k} shard processes with {@code threads} engine threads each and merges them
     * ({@link RunExecutor#workers}).
     */
    static RunExecutor.Executed run(ShardedRun.Planned planned, int k, int threads) throws IOException,
            InterruptedException {
        Path out = planned.out();
        String runId = planned.runId();
        List<Process> workers = new ArrayList<>();
        AtomicFiles.createFolder(out.toAbsolutePath().getParent(), out.toAbsolutePath());
        Path merged = out.resolve(runId).resolve(org.metamerbench.results.ResultFiles.RUN_JSON);
        if (Files.isRegularFile(merged) && "complete".equals(RunRecord.read(merged.getParent()).status())) {
            // stopped after the merge, before or while the report was written: the report is written again
            System.out.println("run " + runId + " is merged; writing its report");
            return ShardedRun.stored(out.resolve(runId));
        }
        for (int i = 1; i <= k; i++) {
            Shard shard = new Shard(i, k);
            if (Shard.done(planned.folder(i, k))) { // finished before this process was stopped: kept as it is
                workers.add(null);
                System.out.printf("worker %d of %d: shard finished before, kept%n", i, k);
                continue;
            }
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(planned.shardOptions());
            args.addAll(List.of("--shard", shard.toString(), "--run-id", runId, "--out", out.toString()));
            List<String> cmd = ChildJvm.command(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads,
                    "-Dai.djl.pytorch.num_interop_threads=1"), Main.class.getName(), args);
            Path log = out.resolve(shard.folder(runId) + ".log");
            workers.add(ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())));
            System.out.printf("worker %d of %d: %d engine threads, log %s%n", i, k, threads, log);
        }
        // Stopping this process stops its workers (ChildJvm's hook; after a SIGKILL their ParentWatch); their
        // shards are finished by the same command again.
        int failed = 0;
        try (ProgressBar bar = Progress.bar("jobs", planned.jobs())) {
            boolean[] reported = new boolean[k];
            int running = k;
            while (running > 0) {
                long done = 0;
                for (int i = 1; i <= k; i++) {
                    done += Shard.finishedJobs(planned.folder(i, k));
                }
                bar.stepTo(done);
                for (int i = 0; i < k; i++) {
                    Process p = workers.get(i);
                    if (!reported[i] && (p == null || !p.isAlive())) {
                        reported[i] = true;
                        running--;
                        int code = p == null ? 0 : p.exitValue();
                        bar.setExtraMessage(String.format(" worker %d of %d finished (exit %d)", i + 1, k, code));
                        // finished is what the shard's own record says, not what its exit code is taken to mean
                        if (!Shard.done(planned.folder(i + 1, k))) {
                            failed++;
                        }
                    }
                }
                if (running > 0) {
                    Thread.sleep(1000);
                }
            }
        }
        if (failed > 0) {
            throw new IOException(failed + " of " + k + " workers failed; see their logs in " + out + "; run the "
                    + "same command again to finish the run");
        }
        return ShardedRun.merge(planned, k);
    }
}
