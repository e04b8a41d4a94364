package org.metamerbench.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.bench.SynthesisBenchmark.Timing;
import org.metamerbench.runner.engine.Machine;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What isolating a plugin model costs: the same activations calls on the same batch, in this JVM and through the
 * forked model of a run, timed call by call.
 */
@Command(name = "bench-fork", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times --calls activation calls of a plugin model on one batch of --batch seeded inputs, in "
                + "this JVM and isolated (as a run calls it), and prints the first call, the median of the others "
                + "and their ratio. The two must give the same values bit for bit."})
public final class BenchForkCommand implements Callable<Integer> {
    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = "--model", required = true, description = "A plugin model of --plugins")
    String model;

    @Option(names = "--stage", description = "Stage whose activations are asked for (default: the model's last)")
    String stage;

    @Option(names = "--batch", description = "Inputs per call (default: ${DEFAULT-VALUE})")
    int batch = 10;

    @Option(names = "--calls", description = "Calls per path; the first is reported apart (default: ${DEFAULT-VALUE})")
    int calls = 10;

    @Override
    public Integer call() throws Exception {
        if (calls < 2 || batch < 1) {
            throw new IllegalArgumentException("--calls must be at least 2 and --batch at least 1");
        }
        System.out.println("machine: " + org.metamerbench.results.RunRecord.tree(Machine.describe()));
        Measured here = measure(plugins.registry(false), "in this JVM");
        Measured forked = measure(plugins.registry(true), "isolated");
        boolean same = Arrays.equals(here.values, forked.values);
        System.out.printf(Locale.ROOT, "%n%s at %s, a batch of %d, %d calls per path (medians of calls 2..%d)%n%n",
                model, here.stage, batch, calls, calls);
        System.out.printf(Locale.ROOT, "%-12s %12s %12s %12s %12s%n", "path", "open (s)", "first (s)",
                "median (s)", "x in-JVM");
        for (Measured m : List.of(here, forked)) {
            System.out.printf(Locale.ROOT, "%-12s %12.3f %12.3f %12.4f %11.1fx%n", m.path, m.openSeconds,
                    m.firstSeconds, m.later.median(), m.later.median() / here.later.median());
        }
        System.out.printf(Locale.ROOT, "%nper-call cost of isolation (median difference): %.4f s; the same values in "
                + "both: %s%n", forked.later.median() - here.later.median(), same ? "yes" : "NO");
        return same ? 0 : 1;
    }

    private record Measured(String path, String stage, double openSeconds, double firstSeconds, Timing later,
            float[] values) {
    }

    private Measured measure(ModelRegistry registry, String path) {
        if (!registry.contains(model)) {
            throw new IllegalArgumentException("--model " + model + ": not offered by " + plugins.plugins);
        }
        long t0 = System.nanoTime();
        try (Model m = registry.open(model)) {
            double open = (System.nanoTime() - t0) / 1e9;
            ModelCard card = m.card();
            String at = stage != null ? stage : card.stageNames().get(card.stageNames().size() - 1);
            Tensor input = input(card);
            double first = 0;
            double[] later = new double[calls - 1];
            float[] values = null;
            for (int c = 0; c < calls; c++) {
                long s = System.nanoTime();
                Tensor out = m.activations(input, List.of(at)).get(at);
                double secs = (System.nanoTime() - s) / 1e9;
                if (c == 0) {
                    first = secs;
                    values = out.toFloatArray();
                } else {
                    later[c - 1] = secs;
                }
                System.err.printf(Locale.ROOT, "  %s call %d: %.4f s%n", path, c + 1, secs);
            }
            return new Measured(path, at, open, first, Timing.of(later), values);
        }
    }

    /** {@code batch} inputs of the card's shape, uniform in its value range, seeded. */
    private Tensor input(ModelCard card) {
        int[] shape = new int[card.inputShape().length + 1];
        shape[0] = batch;
        System.arraycopy(card.inputShape(), 0, shape, 1, card.inputShape().length);
        float[] v = new float[Math.toIntExact(Tensor.elementCount(shape))];
        Random r = new Random(1);
        float lo = card.valueRange().lo();
        float hi = card.valueRange().hi();
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return Tensor.wrap(shape, v);
    }
}
