package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pass rate as a function of the synthesis budget: one complete run per budget (each a result folder
 * of its own), then a table of pass rates per generator x stage x budget, for a profile's generators, stages,
 * stimuli and sets. This is how a profile's steps are chosen: where pass rates stop improving.
 */
@Command(name = "steps-curve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs synthesis and acceptance at several step budgets (K schedule stages x N steps) and "
                + "prints pass rate (and each criterion's pass rate) per generator x stage x budget."})
public final class StepsCurveCommand implements Callable<Integer> {
    @Option(names = "--profile", description = "quick, full or audio: whose generators, stages, stimuli, stimulus set "
            + "and null pool (default: ${DEFAULT-VALUE}; the graph profile's synthesis takes the fixed budget and has "
            + "no curve here)")
    Profile profile = Profile.QUICK;

    @Option(names = "--models", split = ",", description = "Generators (default: the profile's; every model for full)")
    List<String> models;

    @Option(names = "--stimuli", description = "Class-balanced stimuli (default: 20, or the audio profile's 10)")
    Integer stimuli;

    @Option(names = "--schedule-stages", description = "K (default: the profile's, 8)")
    Integer scheduleStages;

    @Option(names = "--steps", split = ",", description = "Values of N, steps per schedule stage (default: 5,10,20,40,80,160)")
    List<Integer> steps = List.of(5, 10, 20, 40, 80, 160);

    @Option(names = "--stopping", paramLabel = "RULE", description = "fixed (every step of each budget) or adaptive "
            + "(the budget as a cap; see run --stopping) (default: ${DEFAULT-VALUE})")
    String stopping = "fixed";

    @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = {"--out", "-o"}, description = "Results root (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--csv", description = "Where the curve goes (default: <out>/steps-curve.csv)")
    Path csv;

    @Override
    public Integer call() throws Exception {
        if (profile == Profile.GRAPH) {
            throw new IllegalArgumentException("--profile graph: graph synthesis takes the fixed budget of its own "
                    + "runner; steps-curve measures the image and sound profiles (quick, full, audio)");
        }
        ModelRegistry registry = ModelRegistry.discover(StepsCurveCommand.class.getClassLoader());
        List<String> models = this.models != null ? this.models : profile.generators; // empty: every model
        // the full profile's 100 stimuli at every budget would take hours on 2 cores; its curve is taken on 20
        int stimuli = this.stimuli != null ? this.stimuli : Math.min(20, profile.stimuli);
        int scheduleStages = this.scheduleStages != null ? this.scheduleStages : profile.scheduleStages;
        // job -> budget -> {accepted, n, class, spearman, pearson, snr, loss sum, steps sum}
        Map<String, Map<Integer, double[]>> table = new LinkedHashMap<>();
        List<List<?>> rows = new ArrayList<>();
        for (int n : steps) {
            org.metamerbench.api.harness.StopRule rule = org.metamerbench.api.harness.StopRule.named(stopping, n);
            String runId = String.format(Locale.ROOT, "steps-curve-%s-seed%d-K%dxN%d", rule.name(), seed,
                    scheduleStages, n);
            RunConfig cfg = new RunConfig("steps-curve", models, models, profile.stages, profile.stimulusSet,
                    stimuli, profile.nullPool, scheduleStages, n, true, false, seed, 100, 1.0, 0,
                    out, runId, true, List.of(), false, org.metamerbench.runner.acceptance.NullPairs.ALL, rule);
            System.err.printf(Locale.ROOT, "budget %d x %d = %d steps ...%n", scheduleStages, n, scheduleStages * n);
            // a budget's run that completed before with these settings is read, not run again; one of other
            // settings (other models, stimuli or rule) is refused, never read as this curve's
            Path dir = BenchmarkRun.completed(cfg);
            if (dir == null) {
                dir = BenchmarkRun.execute(cfg, registry, new BenchmarkRun.Listener() { }).runDir();
            }
            for (MetamerRow m : MetamerRow.read(dir.resolve(ResultFiles.METAMERS_CSV))) {
                double[] c = table.computeIfAbsent(m.generator() + " " + m.stage(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(scheduleStages * n, k -> new double[8]);
                c[0] += m.accepted() ? 1 : 0;
                c[1] += 1;
                c[2] += m.classMatch() ? 1 : 0;
                c[3] += m.passesSpearman() ? 1 : 0;
                c[4] += m.passesPearson() ? 1 : 0;
                c[5] += m.passesSnr() ? 1 : 0;
                c[6] += m.finalLoss();
                c[7] += m.steps();
            }
        }
        System.out.printf(Locale.ROOT, "%nPass rate (accepted / metamers) by total steps; %d stimuli, K = %d, seed %d, "
                + "stopping %s%n", stimuli, scheduleStages, seed, stopping);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-26s", "generator stage"));
        for (int n : steps) {
            head.append(String.format(Locale.ROOT, "%9d", scheduleStages * n));
        }
        System.out.println(head);
        for (Map.Entry<String, Map<Integer, double[]>> e : table.entrySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s", e.getKey()));
            for (Map.Entry<Integer, double[]> b : e.getValue().entrySet()) {
                double[] c = b.getValue();
                line.append(String.format(Locale.ROOT, "%8.0f%%", 100 * c[0] / c[1]));
                String[] parts = e.getKey().split(" ");
                rows.add(List.of(parts[0], parts[1], b.getKey(), (int) c[1], c[0] / c[1], c[2] / c[1], c[3] / c[1],
                        c[4] / c[1], c[5] / c[1], c[6] / c[1], c[7] / c[1]));
            }
            System.out.println(line);
        }
        Path file = csv != null ? csv : out.resolve("steps-curve.csv");
        CsvTable.write(file.toAbsolutePath().getParent(), file, List.of("generator", "stage", "total_steps", "metamers", "pass_rate", "class_match",
                "passes_spearman", "passes_pearson", "passes_snr", "mean_final_loss", "mean_steps"), rows);
        System.out.println("curve: " + file.toAbsolutePath());
        return 0;
    }
}
