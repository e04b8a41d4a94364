package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One deterministic slice of a run's plan, for batch schedulers: shard {@code index} of {@code count}
 * (1-based) runs the jobs whose plan position p has {@code p % count == index - 1}, so the slices are
 * disjoint, cover the plan, and spread each generator's stages over the shards. The whole run is
 * shard 1 of 1.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(1, 1);
    /** The status of a shard whose jobs are all done, waiting for the merge. */
    public static final String DONE = "shard-complete";

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": needs 1 <= i <= N");
        }
    }

    /** Parses {@code i/N}, e.g. {@code 2/8}. */
    public static Shard parse(String text) {
        String[] p = text.split("/", -1);
        if (p.length != 2 || !p[0].matches("[0-9]{1,6}") || !p[1].matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("--shard '" + text + "': expected i/N, e.g. 2/8 (1 <= i <= N)");
        }
        return new Shard(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    public boolean whole() {
        return count == 1;
    }

    boolean includes(RunPlan.Job job) {
        return job.index() % count == index - 1;
    }

    /** The folder of this shard of run {@code runId}. */
    public String folder(String runId) {
        return whole() ? runId : runId + "-shard-" + index + "-of-" + count;
    }

    /**
     * The jobs whose results are sealed in run folder {@code runDir} (a shard's or a whole run's): for a
     * progress display only; the merge checks each job's files itself.
     */
    public static long finishedJobs(Path runDir) throws IOException {
        Path jobs = runDir.resolve(JobOutput.DIR);
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        try (Stream<Path> s = Files.find(jobs, 3, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals(CacheEntry.CHECKSUMS))) {
            return s.count();
        }
    }

    /** Whether {@code runDir} holds a finished shard (its run.json says {@link #DONE}). */
    public static boolean done(Path runDir) {
        try {
            return Files.isRegularFile(runDir.resolve(org.metamerbench.results.ResultFiles.RUN_JSON))
                    && DONE.equals(org.metamerbench.results.RunRecord.read(runDir).status());
        } catch (IOException e) {
            return false; // not readable: the shard's own run says why when it is started again
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
