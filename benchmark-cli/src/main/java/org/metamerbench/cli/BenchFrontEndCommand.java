package org.metamerbench.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metamerbench.auditory.CochlearFrontEnd;
import org.metamerbench.auditory.ErbFilterBank;
import org.metamerbench.auditory.FrontEndCost;
import org.metamerbench.runner.engine.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What cochlear front ends of several sizes cost in a synthesis step, beside their size against the waveform's. */
@Command(name = "bench-front-end", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times a synthesis step through cochlear front ends of several sizes (the forward pass and the "
                + "backward pass to the waveform, for a batch of clips; medians of several repeats after a warm-up) "
                + "and prints each one's channels, frames, values per waveform sample and frequency resolution, with "
                + "its time as a ratio to the reduced front end's measured in the same run."})
final class BenchFrontEndCommand implements Callable<Integer> {
    @Option(names = "--clips", description = "Clips per step (default: ${DEFAULT-VALUE})")
    int clips = 10;

    @Option(names = "--repeats", description = "Steps timed; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats = 5;

    @Option(names = "--sizes", split = ",", paramLabel = "NAME", description = "Front ends to time (default: all: "
            + "reduced, n40-sf3-200hz, n50-sf4-100hz, n50-sf4-200hz, n50-sf4-200hz-full, published)")
    List<String> sizes;

    /** The sizes measured: the reduced and the published front ends and, at 1 s and 16 kHz, steps between them. */
    static Map<String, CochlearFrontEnd> candidates() {
        Map<String, CochlearFrontEnd> out = new LinkedHashMap<>();
        out.put("reduced", CochlearFrontEnd.REDUCED);
        out.put("n40-sf3-200hz", new CochlearFrontEnd(new ErbFilterBank(16_000, 16_000, 40, 50, 8_000, 3), 200, 8));
        out.put("n50-sf4-100hz", new CochlearFrontEnd(new ErbFilterBank(16_000, 16_000, 50, 50, 8_000, 4), 100, 8));
        out.put("n50-sf4-200hz", new CochlearFrontEnd(new ErbFilterBank(16_000, 16_000, 50, 50, 8_000, 4), 200, 8));
        out.put("n50-sf4-200hz-full", new CochlearFrontEnd(new ErbFilterBank(16_000, 16_000, 50, 50, 8_000, 4), 200,
                1));
        out.put("published", CochlearFrontEnd.PUBLISHED);
        return out;
    }

    @Override
    public Integer call() {
        Map<String, CochlearFrontEnd> all = candidates();
        List<String> names = sizes == null ? List.copyOf(all.keySet()) : sizes;
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("--sizes: no front end '" + n + "'; they are " + all.keySet());
            }
        }
        FrontEndCost reference = FrontEndCost.measure(CochlearFrontEnd.REDUCED, clips, repeats);
        System.out.printf(Locale.ROOT, "%-20s %8s %7s %9s %12s %9s %10s %9s %9s%n", "front end", "channels", "frames",
                "samples", "values/sample", "ERB step", "step ms", "ms/clip", "/reduced");
        for (String n : names) {
            CochlearFrontEnd fe = all.get(n);
            FrontEndCost c = n.equals("reduced") ? reference : FrontEndCost.measure(fe, clips, repeats);
            System.out.printf(Locale.ROOT, "%-20s %8d %7d %9d %12.2f %9.3f %10.1f %9.2f %9.2f%n", n, c.channels(),
                    c.frames(), fe.filters().samples(), c.valuesPerSample(), c.spacingErb(), c.stepMs(),
                    c.stepMs() / clips, c.stepMs() / reference.stepMs());
        }
        System.out.printf(Locale.ROOT, "(%d clips a step, medians of %d steps after a warm-up, %d engine threads; "
                + "published: 2 s at 20 kHz; the others 1 s at 16 kHz; a step is the front end's forward pass and its "
                + "backward pass to the waveform)%n", clips, repeats, Machine.engineThreads());
        return 0;
    }
}
