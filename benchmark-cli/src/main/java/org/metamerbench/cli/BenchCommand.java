package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.results.CsvTable;
import org.metamerbench.packages.PackageProvider;
import org.metamerbench.runner.bench.PytorchLoop;
import org.metamerbench.runner.bench.SynthesisBenchmark;
import org.metamerbench.runner.bench.SynthesisBenchmark.Row;
import org.metamerbench.runner.bench.SynthesisBenchmark.Timing;
import org.metamerbench.runner.engine.Machine;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Synthesis speed per model and batch size against the engine's matrix-product ceiling. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures synthesis steps/s and achieved GFLOP/s for each generator at batch sizes 1, 10 "
                + "and 100, next to the GFLOP/s of one large float32 matrix product through the same engine in the "
                + "same run. Prints medians of several runs."})
public final class BenchCommand implements Callable<Integer> {
    /** The columns of {@code --csv}. */
    static final List<String> CSV_HEADER = List.of("model", "stage", "batch", "steps_per_s_median", "steps_per_s_min",
            "steps_per_s_max", "gflops", "matmul_gflops", "fraction_of_ceiling");

    @Option(names = "--models", split = ",", paramLabel = "ID", description = "Models (default: every generator)")
    List<String> models;

    @Option(names = "--stage", description = "Stage to synthesise at (default: ${DEFAULT-VALUE}: the whole network)")
    String stage = "final";

    @Option(names = "--batches", split = ",", description = "Batch sizes (default: 1,10,100)")
    List<Integer> batches = SynthesisBenchmark.defaultBatches();

    @Option(names = "--steps", description = "Fewest steps per timed run (default: ${DEFAULT-VALUE})")
    int steps = 20;

    @Option(names = "--seconds", description = "Shortest timed run, in seconds (default: ${DEFAULT-VALUE})")
    double seconds = 1.0;

    @Option(names = "--repeats", description = "Timed runs per cell; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats = 5;

    @Option(names = "--matmul-size", description = "n of the n x n matrix product (default: ${DEFAULT-VALUE})")
    int matmulSize = 2048;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV")
    Path csv;

    @Option(names = "--loop", description = "The loop timed in the main table: engine (the whole step inside the "
            + "engine, where the model offers it) or harness (the harness's loop over the vector-Jacobian product) "
            + "(default: ${DEFAULT-VALUE})")
    String loop = "engine";

    @Option(names = "--pytorch", paramLabel = "PACKAGE", description = "A TorchScript model package (zip): also time "
            + "the same loop in plain PyTorch on its file (a script run with --python), the engine loop and the "
            + "harness loop on it, and print their ratios")
    Path pytorchPackage;

    @Option(names = "--python", paramLabel = "EXE", description = "Python with PyTorch for --pytorch (default: "
            + "${DEFAULT-VALUE}, Debian's python3-torch)")
    String python = "/usr/bin/python3";

    @picocli.CommandLine.Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = pluginOptions.registry(false);
        List<String> ids = models != null ? models
                : registry.cards().stream().filter(ModelCard::canGenerate).map(ModelCard::id).toList();
        if (!loop.equals("engine") && !loop.equals("harness")) {
            throw new IllegalArgumentException("--loop '" + loop + "': engine or harness");
        }
        System.out.println("machine: " + org.metamerbench.results.RunRecord.tree(Machine.describe()));
        Timing ceiling = SynthesisBenchmark.matmulGflops(matmulSize, repeats);
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            try (Model m = registry.open(id)) {
                if (!(m instanceof DifferentiableModel dm)) {
                    System.out.println(id + ": observer only, skipped");
                    continue;
                }
                long fwd = m.card().forwardFlops(stage).orElse(-1);
                for (int b : batches) {
                    Timing t = SynthesisBenchmark.stepsPerSecond(dm, stage, b, steps, seconds, repeats,
                            loop.equals("engine"));
                    rows.add(new Row(id, stage, b, t, fwd < 0 ? Double.NaN : SynthesisBenchmark.flopsPerStep(fwd, b)));
                    System.err.printf(Locale.ROOT, "  %s batch %d: %.1f steps/s%n", id, b, t.median());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nMatrix product %dx%d float32 (ceiling): median %.1f GFLOP/s (min %.1f, max %.1f), "
                + "%d runs%n", matmulSize, matmulSize, ceiling.median(), ceiling.min(), ceiling.max(), repeats);
        System.out.printf(Locale.ROOT, "Synthesis (%s loop) at stage '%s', runs of at least %d steps and %.1f s, median of %d runs "
                + "after 3 warm-up runs; a step is a forward pass and an input-gradient backward pass, counted as "
                + "2 x forward FLOPs.%n%n", loop, stage, steps, seconds, repeats);
        System.out.printf(Locale.ROOT, "%-12s %6s %10s %15s %9s %13s %10s %11s%n", "model", "batch", "steps/s",
                "(min-max)", "ms/step", "stimulus-st/s", "GFLOP/s", "of ceiling");
        List<List<?>> out = new ArrayList<>();
        for (Row r : rows) {
            double s = r.stepsPerSecond().median();
            System.out.printf(Locale.ROOT, "%-12s %6d %10.1f %15s %9.2f %13.0f %10.2f %10.1f%%%n", r.model(), r.batch(), s,
                    String.format(Locale.ROOT, "(%.0f-%.0f)", r.stepsPerSecond().min(), r.stepsPerSecond().max()),
                    1000 / s, s * r.batch(), r.gflops(), 100 * r.gflops() / ceiling.median());
            out.add(List.of(r.model(), r.stage(), r.batch(), s, r.stepsPerSecond().min(), r.stepsPerSecond().max(),
                    r.gflops(), ceiling.median(), r.gflops() / ceiling.median()));
        }
        if (pytorchPackage != null) {
            againstPytorch(ceiling);
        }
        if (csv != null) {
            CsvTable.write(csv.toAbsolutePath().getParent(), csv, CSV_HEADER, out);
        }
        return 0;
    }

    /** The same loop on the same TorchScript file: plain PyTorch, the engine loop and the harness loop. */
    private void againstPytorch(Timing ceiling) throws Exception {
        PackageProvider provider = new PackageProvider(pytorchPackage);
        String id = provider.models().get(0).id();
        int threads = Machine.engineThreads();
        List<String> lines = new ArrayList<>();
        String torch = "";
        try (Model m = provider.open(id)) {
            if (!(m instanceof DifferentiableModel dm)) {
                throw new IllegalArgumentException(pytorchPackage + " is not a TorchScript package (no gradients)");
            }
            long fwd = m.card().forwardFlops(stage).orElse(-1);
            for (int b : batches) {
                Timing engine = SynthesisBenchmark.stepsPerSecond(dm, stage, b, steps, seconds, repeats, true);
                Timing harness = SynthesisBenchmark.stepsPerSecond(dm, stage, b, steps, seconds, repeats, false);
                int n = Math.max(steps, (int) Math.ceil(engine.median() * seconds));
                PytorchLoop.Measured py = PytorchLoop.measure(python, pytorchPackage, stage, b, n, repeats, threads);
                torch = py.torchVersion() + ", " + py.threads() + " threads";
                double p = py.stepsPerSecond().median();
                double gflops = fwd < 0 ? Double.NaN : engine.median() * SynthesisBenchmark.flopsPerStep(fwd, b) / 1e9;
                lines.add(String.format(Locale.ROOT, "%6d %12.1f %12.1f %7.2fx %13.1f %7.2fx %11s", b, p,
                        engine.median(), engine.median() / p, harness.median(), harness.median() / p,
                        Double.isNaN(gflops) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * gflops
                                / ceiling.median())));
                System.err.printf(Locale.ROOT, "  %s batch %d: PyTorch %.1f, engine loop %.1f, harness loop %.1f steps/s%n",
                        id, b, p, engine.median(), harness.median());
            }
        }
        System.out.printf(Locale.ROOT, "%nThe same loop on the same TorchScript file (%s, model %s, stage '%s'), median "
                + "steps/s of %d runs; PyTorch %s, this engine %d threads:%n%n", pytorchPackage.getFileName(), id, stage,
                repeats, torch, threads);
        System.out.printf(Locale.ROOT, "%6s %12s %12s %8s %13s %8s %11s%n", "batch", "PyTorch loop", "engine loop",
                "ratio", "harness loop", "ratio", "of ceiling");
        lines.forEach(System.out::println);
    }
}
