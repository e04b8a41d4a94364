package org.metamerbench.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * A condition's threshold from its trials: the maximum-likelihood Weibull psychometric function of a two-alternative
 * task, {@code psi(x) = guess + (1 - guess - lapse) (1 - exp(-(x / alpha)^beta))}, with the guess rate 0.5 (ABX: X is
 * one of two) and the lapse rate fixed at {@value #LAPSE} (both stated), fitted by Nelder-Mead on {@code (log alpha,
 * log beta)} from several starts, {@code beta} kept within [{@value #MIN_SLOPE}, {@value #MAX_SLOPE}]. The threshold is
 * the level answered correctly with probability {@value #CRITERION}, where a 2-down-1-up staircase converges. Its
 * interval is a parametric bootstrap: answers drawn from the fitted function at the levels and counts tested,
 * refitted, the 2.5th and 97.5th percentiles of the thresholds (the staircase's adaptive placement of levels is not
 * resampled). MAME fitted with psignifit; this fit is written for this project.
 *
 * @param alpha     the Weibull scale
 * @param beta      the Weibull shape (slope)
 * @param threshold the level at {@value #CRITERION} correct
 * @param low       the bootstrap interval's lower end (NaN before {@link #withInterval})
 * @param high      its upper end
 */
public record PsychometricFit(double alpha, double beta, double threshold, double logLikelihood, double guess,
        double lapse, int trials, double low, double high) {
    public static final double GUESS = 0.5;
    public static final double LAPSE = 0.02;
    public static final double CRITERION = 0.707;
    public static final double MIN_SLOPE = 0.5;
    public static final double MAX_SLOPE = 20;
    public static final int BOOTSTRAP = 500;

    /** Trials grouped by level: the levels ascending, the trials and correct answers at each. */
    public record Data(double[] levels, int[] trials, int[] correct) {
        public static Data of(List<Staircase.Trial> answered) {
            TreeMap<Double, int[]> by = new TreeMap<>();
            for (Staircase.Trial t : answered) {
                if (!(t.level() > 0)) {
                    throw new IllegalArgumentException("a Weibull fit needs levels above 0, not " + t.level());
                }
                int[] c = by.computeIfAbsent(t.level(), k -> new int[2]);
                c[0]++;
                c[1] += t.correct() ? 1 : 0;
            }
            double[] x = new double[by.size()];
            int[] n = new int[x.length];
            int[] k = new int[x.length];
            int i = 0;
            for (var e : by.entrySet()) {
                x[i] = e.getKey();
                n[i] = e.getValue()[0];
                k[i] = e.getValue()[1];
                i++;
            }
            return new Data(x, n, k);
        }

        int total() {
            return Arrays.stream(trials).sum();
        }
    }

    /** The probability of a correct answer at {@code x}. */
    public double probability(double x) {
        return psi(x, alpha, beta, guess, lapse);
    }

    static double psi(double x, double alpha, double beta, double guess, double lapse) {
        return guess + (1 - guess - lapse) * (1 - Math.exp(-Math.pow(x / alpha, beta)));
    }

    /** The level answered correctly with probability {@code p}. */
    static double level(double p, double alpha, double beta, double guess, double lapse) {
        double q = (p - guess) / (1 - guess - lapse);
        return alpha * Math.pow(-Math.log(1 - q), 1 / beta);
    }

    /** The maximum-likelihood fit to {@code data}, with the stated guess and lapse rates. */
    public static PsychometricFit fit(Data data) {
        return fit(data, GUESS, LAPSE);
    }

    public static PsychometricFit fit(Data data, double guess, double lapse) {
        if (data.levels().length == 0) {
            throw new IllegalArgumentException("no trials to fit");
        }
        double lo = data.levels()[0];
        double hi = data.levels()[data.levels().length - 1];
        double minAlpha = Math.log(lo / 100);
        double maxAlpha = Math.log(hi * 100);
        MultivariateFunction nll = p -> {
            double a = Math.exp(Math.max(minAlpha, Math.min(maxAlpha, p[0])));
            double b = Math.exp(Math.max(Math.log(MIN_SLOPE), Math.min(Math.log(MAX_SLOPE), p[1])));
            double penalty = Math.max(0, Math.abs(p[1] - Math.max(Math.log(MIN_SLOPE), Math.min(Math.log(MAX_SLOPE),
                    p[1])))) + Math.max(0, Math.abs(p[0] - Math.max(minAlpha, Math.min(maxAlpha, p[0]))));
            return -logLikelihood(data, a, b, guess, lapse) + 1e3 * penalty;
        };
        SimplexOptimizer opt = new SimplexOptimizer(1e-10, 1e-12);
        PointValuePair best = null;
        double mid = Math.log(Math.sqrt(lo * hi));
        for (double a0 : new double[] {mid, Math.log(lo), Math.log(hi)}) {
            for (double b0 : new double[] {Math.log(1.5), Math.log(3), Math.log(8)}) {
                PointValuePair p = opt.optimize(new MaxEval(4000), new ObjectiveFunction(nll), GoalType.MINIMIZE,
                        new InitialGuess(new double[] {a0, b0}), new NelderMeadSimplex(new double[] {0.5, 0.5}));
                if (best == null || p.getValue() < best.getValue()) {
                    best = p;
                }
            }
        }
        double a = Math.exp(Math.max(minAlpha, Math.min(maxAlpha, best.getPoint()[0])));
        double b = Math.exp(Math.max(Math.log(MIN_SLOPE), Math.min(Math.log(MAX_SLOPE), best.getPoint()[1])));
        return new PsychometricFit(a, b, level(CRITERION, a, b, guess, lapse), logLikelihood(data, a, b, guess,
                lapse), guess, lapse, data.total(), Double.NaN, Double.NaN);
    }

    static double logLikelihood(Data d, double alpha, double beta, double guess, double lapse) {
        double ll = 0;
        for (int i = 0; i < d.levels().length; i++) {
            double p = psi(d.levels()[i], alpha, beta, guess, lapse);
            p = Math.max(1e-12, Math.min(1 - 1e-12, p));
            ll += d.correct()[i] * Math.log(p) + (d.trials()[i] - d.correct()[i]) * Math.log(1 - p);
        }
        return ll;
    }

    /** This fit with its parametric bootstrap interval of the threshold ({@code resamples} refits, seeded). */
    public PsychometricFit withInterval(Data data, int resamples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Double> thresholds = new ArrayList<>(resamples);
        for (int b = 0; b < resamples; b++) {
            int[] k = new int[data.levels().length];
            for (int i = 0; i < k.length; i++) {
                double p = probability(data.levels()[i]);
                for (int t = 0; t < data.trials()[i]; t++) {
                    k[i] += rnd.nextDouble() < p ? 1 : 0;
                }
            }
            thresholds.add(fit(new Data(data.levels(), data.trials(), k), guess, lapse).threshold());
        }
        thresholds.sort(null);
        double lo = thresholds.get((int) Math.floor(0.025 * (resamples - 1)));
        double hi = thresholds.get((int) Math.ceil(0.975 * (resamples - 1)));
        return new PsychometricFit(alpha, beta, threshold, logLikelihood, guess, lapse, trials, lo, hi);
    }
}
