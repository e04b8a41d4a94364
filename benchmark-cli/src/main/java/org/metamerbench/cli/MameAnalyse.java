package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.space.MameAnswers;
import org.metamerbench.space.MameExperiment;
import org.metamerbench.space.MameSchedule;
import org.metamerbench.space.MameTrial;
import org.metamerbench.space.ObserverExperiment;
import org.metamerbench.space.ObserverFiles;
import org.metamerbench.space.PsychometricFit;
import org.metamerbench.space.ShiftGenerator;
import org.metamerbench.space.StageDimensions;
import org.metamerbench.space.Staircase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mame analyse}: thresholds from the answers people gave in a MAME experiment. */
@Command(name = "analyse", mixinStandardHelpOptions = true,
        description = "Fits each condition's psychometric function to the answers people gave in a MAME experiment "
                + "(experiment build --mame, experiment serve), pooled over the participants who passed the catch "
                + "trials: thresholds with bootstrap intervals, the RMS contrast and SSIM of the change at threshold, "
                + "the ordering across stages; writes thresholds.csv, trials.csv, mame.json and report.html.")
final class MameAnalyse implements Callable<Integer> {
    static final String TOOL = "mame analyse";

    @Parameters(paramLabel = "DIR", description = "The experiment folder (its answers.csv)")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Folder to write: created, or "
            + "replaced if this command wrote it and nothing was added")
    Path out;

    @Option(names = "--catch-threshold", defaultValue = "0.75", paramLabel = "SHARE", description = "Participants "
            + "below this share of correct catch trials are excluded, and named (default: ${DEFAULT-VALUE})")
    double catchThreshold;

    @Option(names = "--bootstrap", defaultValue = "500", paramLabel = "N", description = "Resamples of each "
            + "threshold's interval (default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--controls", defaultValue = "10", paramLabel = "N", description = "References the RMS "
            + "contrast and SSIM at threshold are measured on (default: ${DEFAULT-VALUE})")
    int controls;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the bootstrap "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        try (MameBuild.Opened o = MameBuild.open(dir)) {
            MameExperiment plan = o.plan();
            Map<String, List<MameAnswers.Answer>> answers = MameAnswers.read(dir, plan);
            int refs = o.references().size();
            Map<String, MameSchedule> included = new LinkedHashMap<>();
            Map<String, Double> excluded = new LinkedHashMap<>();
            Map<String, Object> catchShares = new LinkedHashMap<>();
            for (Map.Entry<String, List<MameAnswers.Answer>> e : answers.entrySet()) {
                MameSchedule s = MameSchedule.restore(plan, e.getKey(), refs, e.getValue(),
                        dir.resolve(MameAnswers.FILE).toString());
                List<MameAnswers.Answer> catches = e.getValue().stream().filter(a -> a.kind() == MameTrial.Kind.CATCH)
                        .toList();
                long staircase = e.getValue().stream().filter(a -> a.kind() == MameTrial.Kind.STAIRCASE).count();
                double share = catches.isEmpty() ? Double.NaN
                        : catches.stream().filter(MameAnswers.Answer::correct).count() / (double) catches.size();
                if (staircase == 0) {
                    continue; // never reached the staircases: nothing to analyse, nothing to exclude
                }
                catchShares.put(e.getKey(), catches.isEmpty() ? "no catch trial" : share);
                if (!catches.isEmpty() && share < catchThreshold) {
                    excluded.put(e.getKey(), share);
                } else {
                    included.put(e.getKey(), s);
                }
            }
            if (included.isEmpty()) {
                throw new IllegalArgumentException(dir.resolve(MameAnswers.FILE) + ": no participant with staircase "
                        + "answers" + (excluded.isEmpty() ? "" : " passed the catch trials (excluded: " + excluded
                        + ")"));
            }
            Map<String, StageDimensions> dims = new LinkedHashMap<>();
            plan.dimensions(dir).forEach(d -> dims.put(d.stage(), d));
            float[] range = o.references().valueRange();
            ObserverExperiment.Settings settings = new ObserverExperiment.Settings(plan.rule(), ShiftGenerator.STEPS,
                    seed, bootstrap, controls);
            List<ObserverExperiment.Result> results = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> unmeasured = new ArrayList<>();
            List<List<?>> trials = new ArrayList<>();
            for (MameExperiment.Placed c : plan.conditions()) {
                List<Staircase.Trial> pooled = new ArrayList<>();
                int reversals = 0;
                double reached = 0;
                for (Map.Entry<String, MameSchedule> e : included.entrySet()) {
                    Staircase st = e.getValue().staircases().staircase(c.name());
                    pooled.addAll(st.trials());
                    reversals += st.reversals();
                    for (MameAnswers.Answer a : answers.get(e.getKey())) {
                        if (a.kind() == MameTrial.Kind.STAIRCASE && a.condition().equals(c.name())) {
                            trials.add(List.of(trials.size(), c.name(), a.reference(), a.level(), a.reached(),
                                    a.correct()));
                            reached += a.reached() / a.level();
                        }
                    }
                }
                if (pooled.isEmpty()) {
                    unmeasured.add(c.name());
                    continue; // no threshold where no trial was answered: absent, never a made-up figure
                }
                PsychometricFit.Data data = PsychometricFit.Data.of(pooled);
                PsychometricFit fit = PsychometricFit.fit(data).withInterval(data, bootstrap, seed);
                double[] control = ObserverExperiment.control(o.differentiable(), dims.get(c.condition().stage()),
                        o.references().tensor(), c.condition(), fit.threshold(), settings, range[0], range[1]);
                results.add(new ObserverExperiment.Result(c.condition(), fit, pooled.size(), reversals,
                        reached / pooled.size(), control[0], control[1]));
                names.add(c.name());
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("format", "metamer-bench mame people 1");
            record.put("experiment", plan.experiment());
            record.put("observer", Map.of("id", "people", "participants", included.size(), "excluded", excluded,
                    "catch_threshold", catchThreshold));
            record.put("catch_share_correct", catchShares);
            record.put("generator", Map.of("id", plan.generator(), "version", plan.generatorVersion()));
            record.put("references", plan.references() + " (SHA-256 " + plan.referencesSha256() + ")");
            record.put("dimensions", ObserverFiles.describe(new ArrayList<>(dims.values())));
            record.put("staircase", plan.rule());
            record.put("eccentricities_deg", plan.eccentricities());
            record.put("display", Map.of("pixels_per_degree", plan.pixelsPerDegree(), "size_degrees",
                    plan.sizeDegrees(), "timing_ms", plan.timing()));
            record.put("fit", Map.of("function", "Weibull", "guess", PsychometricFit.GUESS, "lapse",
                    PsychometricFit.LAPSE, "criterion", PsychometricFit.CRITERION, "bootstrap", bootstrap,
                    "pooled", "over the included participants' trials of each condition"));
            record.put("not_measured", unmeasured);
            List<String> deviations = new ArrayList<>(MameCommand.DEVIATIONS.subList(0,
                    MameCommand.DEVIATIONS.size() - 1));
            deviations.add("each condition's threshold is fitted to the trials of every included participant pooled, "
                    + "not per participant");
            record.put("deviations", deviations);
            OwnedOutput.replaceFolder(out, TOOL, force.force, d -> {
                ObserverFiles.write(d, results, names, trials, record, true);
                org.metamerbench.reports.MameReport.write(d);
            });
            System.out.printf(Locale.ROOT, "%d participants (%d excluded on catch trials: %s); %d conditions "
                    + "measured%s%n", included.size(), excluded.size(), excluded.isEmpty() ? "none" : excluded,
                    results.size(), unmeasured.isEmpty() ? "" : ", not measured: " + unmeasured);
            System.out.printf(Locale.ROOT, "%-24s %10s %22s %7s %8s %7s%n", "condition", "threshold", "95% interval",
                    "trials", "RMS", "SSIM");
            for (int i = 0; i < results.size(); i++) {
                ObserverExperiment.Result r = results.get(i);
                System.out.printf(Locale.ROOT, "%-24s %10.3f %22s %7d %8.4f %7.3f%n", names.get(i),
                        r.fit().threshold(), String.format(Locale.ROOT, "[%.3f, %.3f]", r.fit().low(), r.fit().high()),
                        r.trials(), r.rmsContrast(), r.ssim());
            }
            System.out.println(out.resolve(ObserverFiles.THRESHOLDS_CSV));
        }
        return 0;
    }
}
