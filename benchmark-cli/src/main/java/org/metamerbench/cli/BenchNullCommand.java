package org.metamerbench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.bench.NullMemoryBenchmark;
import org.metamerbench.runner.bench.NullMemoryBenchmark.Measured;
import org.metamerbench.runner.bench.SynthesisBenchmark.Timing;
import org.metamerbench.runner.engine.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Peak memory and time of the null distribution of a large stage under memory bounds. */
@Command(name = "bench-null", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the peak resident memory and time of one stage's null distribution for a pool of "
                + "--pool images of --units activations (seeded ReLU-like values, no model) under each --memory "
                + "bound, each run in a JVM of its own, next to the same JVM computing a 2-image pool. Prints "
                + "medians of several runs."})
public final class BenchNullCommand implements Callable<Integer> {
    /** Heap beyond the computation's Java share given to a measuring JVM (and allowed for in the ratio). */
    static final long HEADROOM = 256L << 20;

    @Option(names = "--pool", description = "Images in the pool (default: ${DEFAULT-VALUE})")
    int pool = 2000;

    @Option(names = "--units", description = "Units of the stage (default: ${DEFAULT-VALUE} = 64 x 112 x 112)")
    int units = 64 * 112 * 112;

    @Option(names = "--memory", split = ",", paramLabel = "SIZE", description = "Bounds (--null-memory) to measure "
            + "(default: 4g)")
    List<String> memory = List.of("4g");

    @Option(names = "--repeats", description = "Runs per bound; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats = 3;

    @Option(names = "--jvm", split = " ", paramLabel = "OPTION", description = "Options of the measuring JVMs, "
            + "e.g. \"-Xmx2g\" (default: a heap of the bound's Java share plus 256 MiB)")
    List<String> jvm;

    @Option(names = "--measure-here", hidden = true)
    boolean here;

    @Override
    public Integer call() throws Exception {
        if (here) {
            NullMemoryBenchmark.measureHere(pool, units, NullBlocks.parseSize(memory.get(0)));
            return 0;
        }
        System.out.println("machine: " + org.metamerbench.results.RunRecord.tree(Machine.describe()));
        Measured base = NullMemoryBenchmark.measureInChild(2, units, Long.MAX_VALUE, List.of());
        List<String> lines = new ArrayList<>();
        double fewestBlocksSeconds = Double.NaN;
        for (String m : memory) {
            long bound = NullBlocks.parseSize(m);
            NullBlocks plan = NullBlocks.plan(pool, units, bound);
            double[] rss = new double[repeats];
            double[] secs = new double[repeats];
            double spearman = Double.NaN;
            List<String> options = jvm != null ? jvm : List.of("-Xmx" + ((plan.heapBytes() + HEADROOM) >> 20) + "m",
                    "-XX:MaxDirectMemorySize=" + ((plan.directBytes() + (64L << 20)) >> 20) + "m");
            for (int r = 0; r < repeats; r++) {
                Measured x = NullMemoryBenchmark.measureInChild(pool, units, bound, options);
                rss[r] = x.peakRssBytes() - base.peakRssBytes();
                secs[r] = x.seconds();
                if (r > 0 && x.spearmanMax() != spearman) {
                    throw new IllegalStateException("two runs at " + m + " gave different null maxima: " + spearman
                            + " and " + x.spearmanMax());
                }
                spearman = x.spearmanMax();
                System.err.printf(Locale.ROOT, "  %s run %d: %.1f s, peak %s above the baseline%n", m, r + 1, secs[r],
                        NullBlocks.format((long) rss[r]));
            }
            Timing t = Timing.of(secs);
            Timing mem = Timing.of(rss);
            if (Double.isNaN(fewestBlocksSeconds)) {
                fewestBlocksSeconds = t.median();
            }
            lines.add(String.format(Locale.ROOT, "%9s %7d %9d %10d %10s %10s %11s %8.2f %8.1f %8.2fx  %s",
                    NullBlocks.format(bound), plan.blocks(), plan.rowsPerBlock(), plan.rowsComputed(),
                    NullBlocks.format(plan.heapBytes()), NullBlocks.format(plan.directBytes()),
                    NullBlocks.format((long) mem.median()), mem.median() / (plan.countedBytes() + HEADROOM), t.median(),
                    t.median() / fewestBlocksSeconds, String.join(" ", options)));
        }
        System.out.printf(Locale.ROOT, "%nNull distribution of %,d images x %,d units (%,d ordered pairs), median of %d "
                + "runs, each in its own JVM. heap, direct: the memory the plan counts; peak - base: peak RSS above a "
                + "JVM with the engine computing a 2-image pool (%s); c+256M: the counted memory and 256 MiB of heap "
                + "headroom.%n%n", pool, units, (long) pool * (pool - 1), repeats,
                NullBlocks.format(base.peakRssBytes()));
        System.out.printf(Locale.ROOT, "%9s %7s %9s %10s %10s %10s %11s %8s %8s %9s  %s%n", "bound", "blocks",
                "per block", "rows made", "heap", "direct", "peak - base", "/ c+256M", "seconds", "x first", "JVM");
        lines.forEach(System.out::println);
        return 0;
    }
}
