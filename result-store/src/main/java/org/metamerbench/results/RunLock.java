package org.metamerbench.results;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a running run holds on its folder ({@value #FILE}, an operating-system file lock). The
 * system releases it when the process ends, however it ends, so a folder whose run.json says
 * "running" or "scoring" while nobody holds the lock belongs to a run that was stopped.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".run.lock";
    /** The status a stopped run is given. */
    public static final String STOPPED = "stopped";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code runDir} (an existing folder), or returns null if a process holds it. */
    public static RunLock tryAcquire(Path runDir) throws IOException {
        return tryAcquire(runDir, FILE);
    }

    /**
     * Takes the lock file {@code name} of folder {@code dir} (another folder's lock, e.g. an experiment server's), or
     * returns null if a process holds it.
     */
    public static RunLock tryAcquire(Path dir, String name) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new RunLock(ch, l);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null; // this process holds it
        }
    }

    /** Whether a process holds the lock of {@code runDir}. */
    public static boolean held(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(FILE))) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The recorded status, or {@value #STOPPED} where it says running or scoring and no process holds the lock. */
    public static String effectiveStatus(Path runDir, String recorded) {
        if ((recorded.equals("running") || recorded.equals("scoring")) && !held(runDir)) {
            return STOPPED;
        }
        return recorded;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
