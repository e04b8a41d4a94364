package org.metamerbench.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;

/**
 * MAME's adaptive procedure with a model as the participant ({@link ModelObserver}): one staircase per condition
 * (a stage, one of its chosen components, a sign), interleaved; each trial's image made online from a reference drawn
 * at random ({@link ShiftGenerator}); each condition's threshold fitted with its bootstrap interval
 * ({@link PsychometricFit}) on the levels asked for; and at the threshold, the control: the RMS contrast and SSIM of
 * the change ({@link ImageChange}) over a few references.
 */
public final class ObserverExperiment {
    private ObserverExperiment() {
    }

    /** A condition: a stage, the index of one of its chosen components, and the direction of the move. */
    public record Condition(String stage, int component, int sign) {
        public String name() {
            return stage + "/c" + (component + 1) + (sign > 0 ? "+" : "-");
        }
    }

    /**
     * @param rule      every condition's staircase (coordinates are in units of their SD over the pool, so one rule)
     * @param steps     Adam steps per image
     * @param controls  references the control is measured on
     */
    public record Settings(Staircase.Rule rule, int steps, long seed, int bootstrap, int controls) {
    }

    /** One answered trial. */
    public record Trial(Condition condition, int index, int reference, double level, double reached,
            boolean correct) {
    }

    /** A condition's outcome. */
    public record Result(Condition condition, PsychometricFit fit, int trials, int reversals, double meanReached,
            double rmsContrast, double ssim) {
    }

    /** The whole experiment: each condition's result and every trial. */
    public record Outcome(List<Result> results, List<Trial> trials) {
    }

    /** The conditions: every stage's chosen components in both directions. */
    public static List<Condition> conditions(List<StageDimensions> dims) {
        List<Condition> out = new ArrayList<>();
        for (StageDimensions d : dims) {
            for (int k = 0; k < StageDimensions.CHOSEN; k++) {
                out.add(new Condition(d.stage(), k, 1));
                out.add(new Condition(d.stage(), k, -1));
            }
        }
        return out;
    }

    public static Outcome run(DifferentiableModel generator, List<StageDimensions> dims, Tensor references,
            ModelObserver observer, Settings s, float lo, float hi, Consumer<String> log) {
        Map<String, StageDimensions> byStage = new LinkedHashMap<>();
        dims.forEach(d -> byStage.put(d.stage(), d));
        Map<String, Condition> byName = new LinkedHashMap<>();
        Map<String, Staircase.Rule> rules = new LinkedHashMap<>();
        for (Condition c : conditions(dims)) {
            byName.put(c.name(), c);
            rules.put(c.name(), s.rule());
        }
        InterleavedStaircases stairs = new InterleavedStaircases(rules, s.seed());
        SplittableRandom pick = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        List<Trial> trials = new ArrayList<>();
        Map<String, List<Double>> reached = new LinkedHashMap<>();
        for (String name = stairs.next(); name != null; name = stairs.next()) {
            Condition c = byName.get(name);
            double level = stairs.staircase(name).level();
            int r = pick.nextInt(references.batchSize());
            Tensor ref = references.samples(r, r + 1);
            ShiftGenerator.Shift shift = ShiftGenerator.generate(generator, byStage.get(c.stage()), ref, c.component(),
                    c.sign(), level, s.steps(), ShiftGenerator.rate(level), lo, hi);
            boolean correct = observer.answer(ref, Tensor.wrap(ref.shape(), shift.image()));
            stairs.record(name, correct);
            trials.add(new Trial(c, trials.size(), r, level, shift.reached(), correct));
            reached.computeIfAbsent(name, k -> new ArrayList<>()).add(shift.reached() / level);
            if (trials.size() % 50 == 0) {
                log.accept(trials.size() + " trials");
            }
        }
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, Condition> e : byName.entrySet()) {
            Staircase st = stairs.staircase(e.getKey());
            PsychometricFit.Data data = PsychometricFit.Data.of(st.trials());
            PsychometricFit fit = PsychometricFit.fit(data).withInterval(data, s.bootstrap(), s.seed());
            double[] control = control(generator, byStage.get(e.getValue().stage()), references, e.getValue(),
                    fit.threshold(), s, lo, hi);
            double meanReached = reached.get(e.getKey()).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN);
            results.add(new Result(e.getValue(), fit, st.trials().size(), st.reversals(), meanReached, control[0],
                    control[1]));
        }
        return new Outcome(results, trials);
    }

    /** The mean RMS contrast and SSIM of the change at {@code v} over the first references. */
    public static double[] control(DifferentiableModel generator, StageDimensions d, Tensor references, Condition c,
            double v, Settings s, float lo, float hi) {
        int[] shape = references.sampleShape();
        int channels = shape[0];
        int height = shape.length > 1 ? shape[1] : 1;
        int width = shape.length > 2 ? shape[2] : shape[shape.length - 1];
        int n = Math.min(s.controls(), references.batchSize());
        double rms = 0;
        double ssim = 0;
        for (int i = 0; i < n; i++) {
            Tensor ref = references.samples(i, i + 1);
            ShiftGenerator.Shift shift = ShiftGenerator.generate(generator, d, ref, c.component(), c.sign(), v,
                    s.steps(), ShiftGenerator.rate(v), lo, hi);
            rms += ImageChange.rmsContrast(ref.toFloatArray(), shift.image(), channels) / n;
            ssim += ImageChange.ssim(ref.toFloatArray(), shift.image(), channels, height, width) / n;
        }
        return new double[] {rms, ssim};
    }
}
