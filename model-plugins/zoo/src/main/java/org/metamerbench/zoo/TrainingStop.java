package org.metamerbench.zoo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A request to stop training at the next batch boundary, after a checkpoint. {@code train} requests it from its
 * shutdown hook (SIGTERM, Ctrl-C) and waits for the checkpoint; the training thread then stays parked in Java, out
 * of the engine, while the JVM exits: PyTorch's native state is torn down at exit, and a thread still inside a
 * backward pass then calls into freed code (the SIGSEGV in {@code at::accelerator::getAccelerator} of a killed
 * {@code train}).
 */
public final class TrainingStop {
    private volatile boolean requested;
    private volatile boolean parkAfterSaving;
    private volatile Path checkpoint;
    private volatile boolean training;
    private final CountDownLatch saved = new CountDownLatch(1);

    /** Asks the trainer to checkpoint and stop; {@code park}: its thread then never returns (the JVM is exiting). */
    public void request(boolean park) {
        parkAfterSaving = park;
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /**
     * Waits for the checkpoint; the path it was written to, or null if none came within the time or no trainer is
     * in its loop (loading data, testing the trained model: nothing to save).
     */
    public Path awaitCheckpoint(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (training && System.nanoTime() < end) {
            if (saved.await(50, TimeUnit.MILLISECONDS)) {
                return checkpoint;
            }
        }
        return saved.getCount() == 0 ? checkpoint : null;
    }

    /** The trainer enters ({@code true}) or leaves its loop over batches. */
    void training(boolean inLoop) {
        training = inLoop;
    }

    /** Called by the trainer once the checkpoint is on disk. */
    void saved(Path file) {
        checkpoint = file;
        saved.countDown();
        while (parkAfterSaving) {
            LockSupport.park(this);
        }
    }
}
