package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunLock;
import org.metamerbench.results.RunRecord;

/**
 * A run's folder, held for the run's lifetime. A new run id gets a new folder; the folder of a run that
 * was stopped (killed, or its machine went down: its run.json says running or scoring and nobody holds
 * its {@link RunLock}) is taken up again by the same command, which then finishes it: the jobs whose
 * sealed {@link JobOutput} still matches their generator and metamers are kept, the others run again.
 * A shard folder whose shard finished ({@link Shard#DONE}, its seal intact) with the same settings is
 * handed back as it is, so that running a finished shard again (a scheduler's retry of a task whose
 * answer was lost with its worker) changes nothing and answers what the shard recorded. A running or
 * complete run, a stopped run with other settings, and a folder that is not a run are refused.
 */
final class RunFolder implements AutoCloseable {
    private final Path dir;
    private final RunLock lock;
    private final State state;

    /** What the claimed folder held. */
    enum State {
        /** Nothing yet. */
        NEW,
        /** A stopped run (or shard) to finish. */
        STOPPED,
        /** A shard that finished, to leave as it is. */
        FINISHED_SHARD
    }

    private RunFolder(Path dir, RunLock lock, State state) {
        this.dir = dir;
        this.lock = lock;
        this.state = state;
    }

    /**
     * Creates or takes up {@code resultsRoot/runId} for a run with {@code config} (the "config" object of
     * run.json), holding its lock until {@link #close}.
     */
    static RunFolder claim(Path resultsRoot, String runId, RunRecord.Config config) throws IOException {
        return claim(resultsRoot, runId, config, false);
    }

    /**
     * As {@link #claim(Path, String, RunRecord.Config)}, for a shard's folder when {@code shard}: a finished
     * shard with the same settings and an intact seal is taken as {@link State#FINISHED_SHARD}.
     */
    static RunFolder claim(Path resultsRoot, String runId, RunRecord.Config config, boolean shard)
            throws IOException {
        Path dir = AtomicFiles.createFolder(resultsRoot, resultsRoot.resolve(runId));
        RunLock lock = RunLock.tryAcquire(dir);
        if (lock == null) {
            throw new IOException("run " + runId + " is running (" + dir + " is held by another process); wait for "
                    + "it to finish, or choose another --run-id");
        }
        try {
            return new RunFolder(dir, lock, check(dir, runId, config, shard));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What the folder holds that a run may take: nothing yet, a stopped run, a finished shard; refuses otherwise. */
    private static State check(Path dir, String runId, RunRecord.Config config, boolean shard) throws IOException {
        Path runJson = dir.resolve(ResultFiles.RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            List<String> other;
            try (Stream<Path> s = Files.list(dir)) {
                other = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RunLock.FILE)).toList();
            }
            if (!other.isEmpty()) {
                throw new IOException("run folder " + dir + " is not empty and holds no run (e.g. " + other.get(0)
                        + "); choose another --run-id");
            }
            return State.NEW;
        }
        RunRecord recorded;
        try {
            recorded = RunRecord.read(dir);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; not readable as a run record; choose another --run-id");
        }
        String status = recorded.status();
        if (status.equals("complete")) {
            throw new IOException("run " + runId + " is complete (" + dir + "); choose another --run-id");
        }
        boolean finishedShard = shard && status.equals(Shard.DONE);
        if (!finishedShard && !status.equals("running") && !status.equals("scoring")) {
            throw new IOException(runJson + ": status '" + status + "' is not a run's; choose another --run-id");
        }
        List<String> differences = settingsDiffer(recorded, config);
        if (!differences.isEmpty()) {
            throw new IOException("run " + runId + " was stopped, and it can be finished only with the settings it "
                    + "was started with; these differ: " + String.join("; ", differences) + ". Run the same command "
                    + "again, or choose another --run-id");
        }
        if (finishedShard) {
            // a damaged seal: the shard is finished again, keeping the jobs whose own sealed files still match
            return ResultFiles.sealProblem(dir) == null ? State.FINISHED_SHARD : State.STOPPED;
        }
        return State.STOPPED;
    }

    /**
     * A complete run in {@code resultsRoot/runId} with {@code config}'s settings, its seal intact, to take up as it is;
     * null where the folder holds no record or a run not complete. Refuses a complete run of other settings, or
     * one whose tables no longer match its seal, naming what differs.
     */
    static Path complete(Path resultsRoot, String runId, RunRecord.Config config) throws IOException {
        Path dir = AtomicFiles.inside(resultsRoot, resultsRoot.resolve(runId));
        if (!Files.isRegularFile(dir.resolve(ResultFiles.RUN_JSON))) {
            return null;
        }
        RunRecord recorded = RunRecord.read(dir);
        if (!recorded.status().equals("complete")) {
            return null;
        }
        List<String> differences = settingsDiffer(recorded, config);
        if (!differences.isEmpty()) {
            throw new IOException("run " + runId + " (" + dir + ") is complete with other settings: " + String.join(
                    "; ", differences) + "; choose another results folder");
        }
        String seal = ResultFiles.sealProblem(dir);
        if (seal != null) {
            throw new IOException("run " + runId + " (" + dir + ") is complete, but " + seal + "; remove the folder "
                    + "to run it again");
        }
        return dir;
    }

    /** What differs between a recorded run's settings and {@code config}, the engine's thread count included. */
    private static List<String> settingsDiffer(RunRecord recorded, RunRecord.Config config) {
        // Compared as stored: both as run.json holds them.
        List<String> differences = differences(RunRecord.tree(recorded.config()), RunRecord.tree(config));
        Integer recordedThreads = recorded.machine() == null ? null : recorded.machine().engineThreads();
        int threads = recordedThreads == null ? Machine.engineThreads() : recordedThreads;
        if (threads != Machine.engineThreads()) {
            differences.add("engine_threads was " + threads + ", now " + Machine.engineThreads() + " (set "
                    + "-Dai.djl.pytorch.num_threads=" + threads + ": metamers are equal bit for bit only at the same "
                    + "count)");
        }
        return differences;
    }

    private static List<String> differences(JsonNode was, JsonNode now) {
        List<String> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        was.fieldNames().forEachRemaining(fields::add);
        now.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                fields.add(f);
            }
        });
        for (String f : fields) {
            if (!was.path(f).equals(now.path(f))) {
                out.add(f + " was " + (was.has(f) ? was.get(f) : "absent") + ", now " + (now.has(f) ? now.get(f)
                        : "absent"));
            }
        }
        return out;
    }

    Path dir() {
        return dir;
    }

    /** Whether this run takes up a stopped one. */
    boolean resumed() {
        return state == State.STOPPED;
    }

    /** Whether the folder holds a finished shard with this run's settings, to leave as it is. */
    boolean finishedShard() {
        return state == State.FINISHED_SHARD;
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
