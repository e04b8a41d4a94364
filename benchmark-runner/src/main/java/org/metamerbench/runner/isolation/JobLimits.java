package org.metamerbench.runner.isolation;

/**
 * What a forked job may use: wall time, heap (-Xmx) and resident memory (heap and native memory together,
 * measured as {@link JobWatch} does).
 */
public record JobLimits(int timeoutSeconds, int heapMib, int memoryMib) {
    /** Resident memory a job may use beyond its heap by default: the engine's native libraries and buffers. */
    public static final int DEFAULT_NATIVE_MIB = 1024;

    public static JobLimits defaults() {
        return new JobLimits(1800, 2048);
    }

    /** Limits with the default resident-memory bound: the heap and {@link #DEFAULT_NATIVE_MIB}. */
    public JobLimits(int timeoutSeconds, int heapMib) {
        this(timeoutSeconds, heapMib, heapMib + DEFAULT_NATIVE_MIB);
    }

    public JobLimits {
        if (timeoutSeconds < 1 || heapMib < 64) {
            throw new IllegalArgumentException("job limits: timeout >= 1 s and heap >= 64 MiB");
        }
        if (memoryMib <= heapMib) {
            throw new IllegalArgumentException("job limits: --job-memory (" + memoryMib + " MiB) must exceed "
                    + "--job-heap (" + heapMib + " MiB): the resident memory holds the heap and native memory");
        }
    }

    /** The limits as a line for a user. */
    public String describe() {
        return "wall time " + timeoutSeconds + " s, heap " + heapMib + " MiB, resident memory " + memoryMib + " MiB"
                + (JobWatch.residentMemoryBounded() ? "" : " (not enforced: this machine has no /proc to measure it)");
    }
}
