package org.metamerbench.runner.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.metamerbench.api.ModelException;

/**
 * Waits for a child JVM within its {@link JobLimits}: its wall time, and its resident memory (heap, the engine's
 * native memory, anything a plugin allocates outside the heap), the sum of the resident set sizes of the process
 * and its descendants read from {@code /proc/PID/status} every {@link #POLL_MILLIS} ms. A child past either limit
 * is killed with its descendants. Where {@code /proc} cannot be read (not Linux) resident memory is not bounded,
 * and {@link #residentMemoryBounded()} says so.
 */
public final class JobWatch {
    static final long POLL_MILLIS = 200;

    private JobWatch() {
    }

    /** Whether this machine lets the harness measure and bound a child's resident memory. */
    public static boolean residentMemoryBounded() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /**
     * Waits until {@code p} ends and returns its exit status; a {@link ModelException} naming {@code what} and the
     * limit when it ran past its wall time or resident memory (it is then killed).
     */
    public static int await(Process p, JobLimits limits, String what) {
        Watch watch = new Watch(p, limits, what);
        try {
            while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                watch.check();
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new ModelException(what + ": interrupted");
        }
        return p.exitValue();
    }

    /**
     * The limits of one piece of a child's work, counted from the watch's making: {@link #check} kills the child
     * and throws a {@link ModelException} that names {@code what} and the limit once it is past its wall time or
     * its resident memory. Call it every {@link #POLL_MILLIS} ms or so.
     */
    static final class Watch {
        private final Process p;
        private final JobLimits limits;
        private final String what;
        private final long deadline;
        private final boolean bounded = residentMemoryBounded();

        Watch(Process p, JobLimits limits, String what) {
            this.p = p;
            this.limits = limits;
            this.what = what;
            this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.timeoutSeconds());
        }

        void check() {
            if (bounded) {
                long rss = residentBytes(p.toHandle());
                if (rss > (long) limits.memoryMib() << 20) {
                    kill(p);
                    throw new ModelException(String.format(java.util.Locale.ROOT, "%s: exceeded its resident "
                            + "memory limit of %d MiB (measured %d MiB; job killed; --job-memory)", what,
                            limits.memoryMib(), rss >> 20));
                }
            }
            if (System.nanoTime() > deadline) {
                kill(p);
                throw new ModelException(what + ": timed out after " + limits.timeoutSeconds() + " s (job killed)");
            }
        }
    }

    /** Kills {@code p} and its descendants and waits for them (at most 10 s). */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The resident memory of a process and its descendants, in bytes (0 for those that cannot be read). */
    static long residentBytes(ProcessHandle h) {
        long total = rss(h.pid());
        for (ProcessHandle d : (Iterable<ProcessHandle>) h.descendants()::iterator) {
            total += rss(d.pid());
        }
        return total;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended, or /proc is not there
        }
        return 0;
    }
}
