package org.metamerbench.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.Resample;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageData;

/**
 * The CI gate: compares a candidate run with a stored baseline, per model and stage, on the
 * recognisability of the metamers by other models and on the pass rate. A drop fails the gate only
 * if it exceeds the tolerance and is significant by a paired bootstrap over stimuli (both runs are
 * resampled with the same stimuli): the one-sided p-value is the share of resamples in which the
 * candidate is not below the baseline.
 */
public final class Gate {
    public static final String MODEL_LEVEL = "(model)";

    /** What counts as a regression. */
    public record Tolerances(double recognisability, double passRate, double alpha, int bootstrap, long seed) {
        public static Tolerances defaults() {
            return new Tolerances(0.05, 0.10, 0.05, 2000, 1);
        }

        public Tolerances {
            if (!(recognisability >= 0) || !(passRate >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0");
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("--alpha must be between 0 and 1, not " + alpha);
            }
            if (bootstrap < 100) {
                throw new IllegalArgumentException("--bootstrap must be at least 100, not " + bootstrap);
            }
        }
    }

    public enum Verdict { OK, REGRESSION, MISSING, NOT_SCORED }

    /** One compared quantity. */
    public record Comparison(String generator, String stage, String metric, double baseline, double candidate,
            double pValue, double tolerance, Verdict verdict, String detail) {
        public double drop() {
            return baseline - candidate;
        }

        public boolean failed() {
            return verdict == Verdict.REGRESSION || verdict == Verdict.MISSING;
        }

        public String name() {
            return generator + " / " + stage + " / " + metric;
        }
    }

    /** The whole comparison. */
    public record Result(String baselineRun, String candidateRun, Tolerances tolerances, List<Comparison> comparisons) {
        public boolean failed() {
            return comparisons.stream().anyMatch(Comparison::failed);
        }

        public List<Comparison> failures() {
            return comparisons.stream().filter(Comparison::failed).toList();
        }
    }

    private Gate() {
    }

    /**
     * @throws IllegalArgumentException when the two are not comparable (stimulus set, stimuli or protocol
     *                                  differ): unusable input, not a regression
     */
    public static Result compare(Baseline base, RunResults cand, Tolerances t) {
        if (!base.stimulusSetSha().equals(cand.stimulusSetSha())) {
            throw new IllegalArgumentException("the baseline was made on stimulus set " + base.stimulusSet() + " ("
                    + base.stimulusSetSha() + "), the candidate " + cand.dir() + " on " + cand.stimulusSetName() + " ("
                    + cand.stimulusSetSha() + "); they cannot be compared");
        }
        if (!base.protocol().equals(cand.protocol())) {
            throw new IllegalArgumentException("the baseline's protocol [" + base.protocol() + "] differs from the "
                    + "candidate's [" + cand.protocol() + "]; run the candidate with the baseline's settings");
        }
        if (!cand.complete()) {
            throw new IllegalArgumentException(cand.dir() + ": the candidate run is not complete (status '"
                    + cand.status() + "'); only a complete run can be gated");
        }
        if (!base.stimuli().equals(cand.stimuli())) {
            throw new IllegalArgumentException("the baseline and the candidate used different stimuli of the set");
        }
        double chance = base.chance();
        Bootstrap bootstrap = new Bootstrap(t.bootstrap(), t.seed());
        // The same resamples of stimuli and of the panel's observers for both runs (their panels are one protocol).
        List<String> observers = StageData.observersOf(base.stages());
        List<Comparison> out = new ArrayList<>();
        Map<String, List<StageData[]>> pairsByGenerator = new LinkedHashMap<>();
        for (StageData b : base.stages()) {
            StageData c = cand.stageData(b.generator(), b.stage());
            if (c == null) {
                out.add(new Comparison(b.generator(), b.stage(), "pass rate", b.passRate(Resample.NONE), Double.NaN, Double.NaN,
                        t.passRate(), Verdict.MISSING, "no metamers of this stage in the candidate run"));
                pairsByGenerator.computeIfAbsent(b.generator(), k -> new ArrayList<>());
                continue;
            }
            if (!b.stage().equals("input")) {
                pairsByGenerator.computeIfAbsent(b.generator(), k -> new ArrayList<>()).add(new StageData[] {b, c});
            }
            out.add(compare(b.generator(), b.stage(), "recognisability", b.size(), observers, bootstrap,
                    t.recognisability(), t.alpha(), w -> b.recognisability(w, chance), w -> c.recognisability(w, chance)));
            out.add(compare(b.generator(), b.stage(), "pass rate", b.size(), List.of(), bootstrap, t.passRate(),
                    t.alpha(), w -> b.passRate(w), w -> c.passRate(w)));
        }
        for (Map.Entry<String, List<StageData[]>> e : pairsByGenerator.entrySet()) {
            String anchor = base.logitsStages().get(e.getKey());
            StageData[] pair = e.getValue().stream().filter(p -> p[0].stage().equals(anchor)).findFirst().orElse(null);
            if (pair == null) {
                continue; // the logits stage is missing from the candidate: reported above
            }
            out.add(compare(e.getKey(), MODEL_LEVEL, "recognisability", base.stimuli().size(), observers, bootstrap,
                    t.recognisability(), t.alpha(), w -> pair[0].recognisability(w, chance),
                    w -> pair[1].recognisability(w, chance)));
        }
        return new Result(base.runId(), cand.runId(), t, List.copyOf(out));
    }

    private static Comparison compare(String generator, String stage, String metric, int n, List<String> observers,
            Bootstrap bootstrap, double tolerance, double alpha, ToDoubleFunction<Resample> base,
            ToDoubleFunction<Resample> cand) {
        double b = base.applyAsDouble(Resample.NONE);
        double c = cand.applyAsDouble(Resample.NONE);
        if (Double.isNaN(b)) {
            return new Comparison(generator, stage, metric, b, c, Double.NaN, tolerance, Verdict.NOT_SCORED,
                    "not scored in the baseline (too few accepted metamers)");
        }
        if (Double.isNaN(c)) {
            return new Comparison(generator, stage, metric, b, c, Double.NaN, tolerance, Verdict.NOT_SCORED,
                    "no accepted metamers in the candidate (see its pass rate)");
        }
        double p = pValue(n, observers, bootstrap, base, cand);
        boolean regression = b - c > tolerance && p < alpha;
        String detail = regression ? String.format(java.util.Locale.ROOT,
                "dropped by %.3f (tolerance %.3f), p = %.4f < %.2f", b - c, tolerance, p, alpha) : "";
        return new Comparison(generator, stage, metric, b, c, p, tolerance,
                regression ? Verdict.REGRESSION : Verdict.OK, detail);
    }

    /** One-sided paired bootstrap p-value of "candidate below baseline": share of resamples with no drop. */
    static double pValue(int n, List<String> observers, Bootstrap bootstrap, ToDoubleFunction<Resample> base,
            ToDoubleFunction<Resample> cand) {
        double[] d = bootstrap.replicate(n, observers, w -> base.applyAsDouble(w) - cand.applyAsDouble(w));
        int defined = 0;
        int notBelow = 0;
        for (double v : d) {
            if (!Double.isNaN(v)) {
                defined++;
                notBelow += v <= 0 ? 1 : 0;
            }
        }
        return defined == 0 ? Double.NaN : (notBelow + 1.0) / (defined + 1.0);
    }
}
