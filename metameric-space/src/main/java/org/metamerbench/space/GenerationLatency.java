package org.metamerbench.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;

/**
 * How long a trial's image takes to make online ({@link ShiftGenerator}), per stage: the images of several runs,
 * each run a set of references and shifts drawn from the seed (shifts spread over the staircase's range), timed one
 * by one; per run the 50th and 95th percentiles, and the medians of those over the runs. Beside them, in the same
 * run, the time of one bare vector-Jacobian product at the stage, so that an image's time reads as a number of
 * gradient passes (50 steps and the coordinates' upstream gradient on top of them).
 */
public final class GenerationLatency {
    private GenerationLatency() {
    }

    /** One stage's latencies: medians over runs of each run's p50 and p95, and of one VJP, in milliseconds. */
    public record Row(String stage, int images, int runs, double p50, double p95, double max, double vjp) {
        /** An image's median time in bare gradient passes. */
        public double passes() {
            return p50 / vjp;
        }
    }

    public static Row measure(DifferentiableModel m, StageDimensions d, Tensor references, double[] shifts,
            int images, int runs, float lo, float hi, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p50 = new double[runs];
        double[] p95 = new double[runs];
        double[] vjp = new double[runs];
        double max = 0;
        // one image untimed first: the engine's first passes at a stage are slower
        ShiftGenerator.generate(m, d, references.samples(0, 1), 0, 1, shifts[0], ShiftGenerator.STEPS,
                ShiftGenerator.rate(shifts[0]), lo, hi);
        for (int r = 0; r < runs; r++) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                int ref = rnd.nextInt(references.batchSize());
                double v = shifts[rnd.nextInt(shifts.length)];
                int component = rnd.nextInt(StageDimensions.CHOSEN);
                int sign = rnd.nextBoolean() ? 1 : -1;
                long t = System.nanoTime();
                ShiftGenerator.generate(m, d, references.samples(ref, ref + 1), component, sign, v,
                        ShiftGenerator.STEPS, ShiftGenerator.rate(v), lo, hi);
                ms.add((System.nanoTime() - t) / 1e6);
            }
            ms.sort(null);
            p50[r] = percentile(ms, 0.5);
            p95[r] = percentile(ms, 0.95);
            max = Math.max(max, ms.get(ms.size() - 1));
            Tensor x = references.samples(0, 1);
            int reps = 20;
            long t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                m.vjp(x, d.stage(), a -> Tensor.zeros(a.shape()), false);
            }
            vjp[r] = (System.nanoTime() - t) / 1e6 / reps;
        }
        return new Row(d.stage(), images, runs, median(p50), median(p95), max, median(vjp));
    }

    static double percentile(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
