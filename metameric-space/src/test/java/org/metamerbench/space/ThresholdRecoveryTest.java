package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The staircases and the fit against a simulated observer whose thresholds are known: the fit finds a known function
 * from many trials, and the whole procedure (interleaved 2-down-1-up staircases to 6 reversals, then the fit and its
 * bootstrap interval) recovers each condition's threshold within its interval as often as a 95% interval should.
 */
class ThresholdRecoveryTest {
    @Test
    void theFitFindsAKnownFunctionFromManyTrials() {
        SimulatedObserver o = new SimulatedObserver(0.5, 3, 1);
        double[] levels = {0.1, 0.25, 0.4, 0.55, 0.7, 1.0};
        int[] n = new int[levels.length];
        int[] k = new int[levels.length];
        for (int i = 0; i < levels.length; i++) {
            n[i] = 600;
            for (int t = 0; t < n[i]; t++) {
                k[i] += o.answer(levels[i]) ? 1 : 0;
            }
        }
        PsychometricFit f = PsychometricFit.fit(new PsychometricFit.Data(levels, n, k));
        assertEquals(0.5, f.threshold(), 0.02);
        assertEquals(3, f.beta(), 0.4);
        assertEquals(PsychometricFit.CRITERION, f.probability(f.threshold()), 1e-9);
    }

    /** MAME's three layers' staircases (start, step, floor) with a threshold in each one's range. */
    static final Map<String, double[]> CONDITIONS = new LinkedHashMap<>();

    static {
        CONDITIONS.put("conv1", new double[] {51, 10, 1, 30});
        CONDITIONS.put("layer3", new double[] {1.0, 0.3, 0.01, 0.5});
        CONDITIONS.put("avgpool", new double[] {0.11, 0.02, 0.01, 0.06});
    }

    @Test
    void theProcedureRecoversKnownThresholdsWithinTheirIntervals() {
        int sessions = 40;
        int covered = 0;
        int total = 0;
        List<Double> errors = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        int trials = 0;
        for (int seed = 1; seed <= sessions; seed++) {
            Map<String, Staircase.Rule> rules = new LinkedHashMap<>();
            Map<String, SimulatedObserver> observer = new LinkedHashMap<>();
            for (var c : CONDITIONS.entrySet()) {
                double[] v = c.getValue();
                rules.put(c.getKey(), new Staircase.Rule(v[0], v[1], v[2], Double.POSITIVE_INFINITY, 6, 80));
                observer.put(c.getKey(), new SimulatedObserver(v[3], 3, seed * 31L + c.getKey().hashCode()));
            }
            InterleavedStaircases e = new InterleavedStaircases(rules, seed);
            for (String c = e.next(); c != null; c = e.next()) {
                e.record(c, observer.get(c).answer(e.staircase(c).level()));
            }
            for (var c : CONDITIONS.entrySet()) {
                Staircase s = e.staircase(c.getKey());
                trials += s.trials().size();
                PsychometricFit.Data d = PsychometricFit.Data.of(s.trials());
                PsychometricFit f = PsychometricFit.fit(d).withInterval(d, 200, seed);
                double truth = c.getValue()[3];
                total++;
                covered += f.low() <= truth && truth <= f.high() ? 1 : 0;
                errors.add(Math.abs(f.threshold() - truth) / truth);
                widths.add((f.high() - f.low()) / truth);
            }
        }
        errors.sort(null);
        widths.sort(null);
        double coverage = (double) covered / total;
        double medianError = errors.get(errors.size() / 2);
        double medianWidth = widths.get(widths.size() / 2);
        System.out.printf(java.util.Locale.ROOT, "threshold recovery: %d conditions, %.1f trials each, coverage %.3f, "
                + "median relative error %.3f, median interval width %.3f of the threshold%n", total,
                (double) trials / total, coverage, medianError, medianWidth);
        assertTrue(coverage >= 0.85, "a 95% interval holds the true threshold in " + coverage + " of the cases");
        assertTrue(medianError < 0.25, "median relative error " + medianError);
        assertTrue(medianWidth < 1.5, "the intervals say something: median width " + medianWidth + " of the threshold");
    }
}
