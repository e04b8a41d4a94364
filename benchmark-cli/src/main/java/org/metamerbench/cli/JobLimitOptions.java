package org.metamerbench.cli;

import org.metamerbench.runner.isolation.JobLimits;
import picocli.CommandLine.Option;

/** The limits of a plugin's job JVM, for the commands that run plugin code (run, validate). */
final class JobLimitOptions {
    @Option(names = "--job-timeout", paramLabel = "S", description = "Wall-time limit of one plugin job (synthesis of "
            + "one model x stage, one observer's classification, or `validate`'s checks), in its own JVM "
            + "(default: ${DEFAULT-VALUE})")
    int jobTimeout = JobLimits.defaults().timeoutSeconds();

    @Option(names = "--job-heap", paramLabel = "MIB", description = "Heap limit of a plugin job's JVM "
            + "(default: ${DEFAULT-VALUE})")
    int jobHeap = JobLimits.defaults().heapMib();

    @Option(names = "--job-memory", paramLabel = "MIB", description = "Resident-memory limit of a plugin job's JVM: "
            + "heap and native memory together, measured every 0.2 s, the job killed above it (default: --job-heap + "
            + JobLimits.DEFAULT_NATIVE_MIB + ")")
    Integer jobMemory;

    JobLimits limits() {
        return jobMemory == null ? new JobLimits(jobTimeout, jobHeap) : new JobLimits(jobTimeout, jobHeap, jobMemory);
    }

    /** The limits as options of a child command. */
    java.util.List<String> asOptions() {
        JobLimits l = limits();
        return java.util.List.of("--job-timeout", Integer.toString(l.timeoutSeconds()), "--job-heap",
                Integer.toString(l.heapMib()), "--job-memory", Integer.toString(l.memoryMib()));
    }
}
