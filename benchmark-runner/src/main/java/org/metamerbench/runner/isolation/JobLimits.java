package org.metamerbench.runner.isolation;

/** What a forked job may use: wall time and heap. */
public record JobLimits(int timeoutSeconds, int heapMib) {
    public static JobLimits defaults() {
        return new JobLimits(1800, 2048);
    }

    public JobLimits {
        if (timeoutSeconds < 1 || heapMib < 64) {
            throw new IllegalArgumentException("job limits: timeout >= 1 s and heap >= 64 MiB");
        }
    }
}
