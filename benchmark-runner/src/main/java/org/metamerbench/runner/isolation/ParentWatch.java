package org.metamerbench.runner.isolation;

import java.time.Instant;
import java.util.Optional;

/**
 * Ends a child JVM of the harness (a forked plugin job, a worker of {@code run --workers}) when the process that
 * started it has ended, however it ended: a SIGKILL runs no shutdown hook in the parent, so the child watches. The
 * parent passes its pid and start instant in the system property {@link #PROPERTY} ({@link ChildJvm#command}); the
 * child polls every {@link #POLL_MILLIS} ms and halts with {@link #ORPHANED} once no process with that pid and start
 * instant is alive (the start instant guards against a reused pid).
 */
public final class ParentWatch {
    /** {@code pid@startEpochMillis} of the parent. */
    public static final String PROPERTY = "metamer.bench.parent";
    /** The exit status of a child whose parent has ended. */
    public static final int ORPHANED = 143;
    static final long POLL_MILLIS = 500;

    private ParentWatch() {
    }

    /** The value of {@link #PROPERTY} that names this process as the parent. */
    public static String self() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + "@" + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Starts the watch when this JVM was started by the harness with {@link #PROPERTY}; else does nothing. */
    public static void startIfChild() {
        String parent = System.getProperty(PROPERTY);
        if (parent == null || parent.isBlank()) {
            return;
        }
        String[] parts = parent.split("@", 2);
        long pid = Long.parseLong(parts[0]);
        long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0L;
        Thread t = new Thread(() -> {
            while (true) {
                if (!alive(pid, started)) {
                    System.err.println("the process that started this one (pid " + pid + ") has ended; stopping");
                    Runtime.getRuntime().halt(ORPHANED);
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    static boolean alive(long pid, long startedEpochMillis) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        if (startedEpochMillis == 0) {
            return true;
        }
        return p.get().info().startInstant().map(i -> i.toEpochMilli() == startedEpochMillis).orElse(true);
    }
}
