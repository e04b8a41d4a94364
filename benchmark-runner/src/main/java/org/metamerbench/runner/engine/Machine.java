package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.metamerbench.results.RunRecord;

/** A description of the machine a run or benchmark ran on, for the record. */
public final class Machine {
    private Machine() {
    }

    /** The machine and engine of this process, as run.json records them. */
    public static RunRecord.Machine describe() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        return new RunRecord.Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vendor") + " "
                + System.getProperty("java.version"), "DJL " + ai.djl.engine.Engine.getDjlVersion() + ", PyTorch "
                + engine.getVersion() + ", " + engine.defaultDevice(), engineThreads(),
                org.metamerbench.runner.acceptance.NullBlocks.format(nullMemoryBytes()));
    }

    /** The system property that bounds the null distribution's memory ({@code run --null-memory}). */
    public static final String NULL_MEMORY = "metamerbench.null-memory";

    /** The memory bound of a null distribution's computation: {@value #NULL_MEMORY}, else 4 GiB. */
    public static long nullMemoryBytes() {
        String v = System.getProperty(NULL_MEMORY);
        return v == null ? org.metamerbench.runner.acceptance.NullBlocks.DEFAULT_MEMORY
                : org.metamerbench.runner.acceptance.NullBlocks.parseSize(v);
    }

    /**
     * The engine's intra-op thread count ({@code -Dai.djl.pytorch.num_threads}, else one per core). The
     * order of the engine's floating-point sums depends on it, so metamers are equal bit for bit only
     * between processes with the same count: caches are keyed on it, and a stopped run or a run's
     * shards must be finished with the count they started with.
     */
    public static int engineThreads() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** The JVM's limit on direct buffers ({@code -XX:MaxDirectMemorySize}; by default its heap size). */
    public static long maxDirectMemory() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hs = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long v = Long.parseLong(hs.getVMOption("MaxDirectMemorySize").getValue());
            return v > 0 ? v : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    static String cpuModel() {
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) {
                return Files.readAllLines(info).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
