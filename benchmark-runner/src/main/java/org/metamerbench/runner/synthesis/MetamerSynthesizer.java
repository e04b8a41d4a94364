package org.metamerbench.runner.synthesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.harness.StimulusSchedule;
import org.metamerbench.api.harness.StopRule;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.ModelOutputs;
import org.metamerbench.api.ValueRange;

/**
 * Synthesises model metamers for a batch of reference stimuli at one stage of one model.
 *
 * <p>For stimulus i the loss is {@code ||a(x_i) - a(r_i)||_2 / ||a(r_i)||_2} (not squared). Each
 * step moves {@code x_i} by the step size along its own loss gradient normalised to unit L2 norm,
 * then clamps to the value range; so the samples of a batch are independent optimisations that
 * share forward and backward passes. The backend only computes the vector-Jacobian product.
 */
public final class MetamerSynthesizer {
    private MetamerSynthesizer() {
    }

    /** Called after each step with the number of stimuli that took it. */
    @FunctionalInterface
    public interface StepListener {
        void stepped(int stimuli);
    }

    /** What judges iterates at a plateau of the adaptive rule, given the references' activations at the stage. */
    @FunctionalInterface
    public interface Judging {
        /** The loop's check for {@code model} at {@code stage}; {@code ref} holds {@code units} values per reference. */
        SynthesisLoop.Check over(org.metamerbench.api.Model model, String stage, float[] ref, int units);
    }

    /**
     * One synthesised metamer with its record.
     *
     * @param steps   the steps it took
     * @param stopped why its synthesis ended ({@link org.metamerbench.api.harness.StopRule#BUDGET},
     *                {@code ACCEPTED} or {@code PLATEAU})
     */
    public record Metamer(float[] image, double finalLoss, int[] curveSteps, double[] curveLoss, int steps,
            long seed, String stopped) {
    }

    /**
     * The metamers of one batch, in reference order, the batch's wall time, and which loop made them:
     * {@value #ENGINE} (the model's engine ran it, {@link SynthesisLoop.Runner}) or {@value #HARNESS}
     * (the harness over the model's vector-Jacobian product).
     */
    public record Batch(List<Metamer> metamers, double seconds, String loop) {
        /** The metamers as one array {@code [n, ...sampleShape]}, in order: how the cache and a forked model store them. */
        public org.metamerbench.results.FloatIdx stacked(int[] sampleShape) {
            int n = metamers.size();
            int per = n == 0 ? 0 : metamers.get(0).image().length;
            float[] all = new float[n * per];
            for (int i = 0; i < n; i++) {
                System.arraycopy(metamers.get(i).image(), 0, all, i * per, per);
            }
            int[] dims = new int[sampleShape.length + 1];
            dims[0] = n;
            System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
            return new org.metamerbench.results.FloatIdx(dims, all);
        }

        /** Sample {@code i} of {@code n} of an array {@link #stacked} wrote. */
        public static float[] sample(float[] stacked, int i, int n) {
            int per = stacked.length / Math.max(1, n);
            return Arrays.copyOfRange(stacked, i * per, (i + 1) * per);
        }
    }

    public static final String ENGINE = "engine";
    public static final String HARNESS = "harness";

    /** The starting point of one metamer: Gaussian noise from its own seed, clamped to the range. */
    public static float[] initialNoise(long seed, int size, SynthesisConfig cfg, ValueRange range) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = range.clamp((float) (cfg.initMean() + cfg.initSd() * gaussian(rnd)));
        }
        return x;
    }

    /** A standard normal deviate (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Metamers without an acceptance check: under the adaptive rule no stimulus ends as accepted. */
    public static Batch synthesize(DifferentiableModel model, String stage, Tensor references, long[] seeds,
            SynthesisConfig cfg, StepListener listener) {
        return synthesize(model, stage, references, seeds, cfg, null, listener);
    }

    /**
     * Metamers of {@code references} at {@code stage}, one per seed, each stimulus under {@code cfg}'s stopping rule;
     * {@code check} (null: none) judges iterates at a plateau of the adaptive rule.
     */
    public static Batch synthesize(DifferentiableModel model, String stage, Tensor references, long[] seeds,
            SynthesisConfig cfg, Judging check, StepListener listener) {
        long started = System.nanoTime();
        ModelCard card = model.card();
        int n = references.batchSize();
        if (seeds.length != n) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + n + " references");
        }
        int per = references.sampleSize();
        ValueRange range = card.valueRange();
        Tensor target = ModelOutputs.requireFinite(model.activations(references, List.of(stage)).get(stage),
                card.id() + "'s activation of the references at " + stage);
        int units = target.sampleSize();
        float[] ref = target.toFloatArray();
        double[] refNorm = new double[n];
        for (int i = 0; i < n; i++) {
            refNorm[i] = norm(ref, i * units, units);
        }
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(initialNoise(seeds[i], per, cfg, range), 0, x, i * per, per);
        }
        int every = cfg.curveEvery();
        List<List<double[]>> curves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            curves.add(new ArrayList<>());
        }
        int[] shape = references.shape();
        SynthesisLoop.Check judge = check == null ? null : check.over(model, stage, ref, units);
        SynthesisLoop loop = new SynthesisLoop(stage, cfg.fakeRelu(), target, Tensor.wrap(shape, x), range,
                cfg.stages(), cfg.iterationsPerStage(), cfg.initialStep(), every,
                m -> {
                    if (listener != null) {
                        listener.stepped(m);
                    }
                }, cfg.stopping(), judge);
        java.util.Optional<SynthesisLoop.Result> inEngine = cfg.engineLoop() && model instanceof SynthesisLoop.Runner r
                ? r.runLoop(loop) : java.util.Optional.empty();
        double[] loss = new double[n];
        int[] steps;
        String[] stopped;
        if (inEngine.isPresent()) {
            SynthesisLoop.Result r = inEngine.get();
            float[] out = ModelOutputs.requireFinite(r.metamers(), card.id() + "'s metamers at " + stage).toFloatArray();
            if (out.length != x.length) {
                throw new IllegalStateException(card.id() + " returned " + out.length + " metamer values for "
                        + x.length + " inputs");
            }
            for (float v : out) {
                if (!range.contains(v)) {
                    throw new IllegalStateException(card.id() + "'s engine loop returned a metamer value " + v
                            + " outside the value range [" + range.lo() + ", " + range.hi() + "]");
                }
            }
            int[] kept = loop.curveSteps();
            int points = kept.length;
            if (r.curve().length != points || java.util.Arrays.stream(r.curve()).anyMatch(c -> c == null || c.length != n)) {
                throw new IllegalStateException(card.id() + "'s engine loop returned a loss curve that is not "
                        + points + " points x " + n + " stimuli");
            }
            if (r.steps() == null || r.steps().length != n || r.stopped() == null || r.stopped().length != n) {
                throw new IllegalStateException(card.id() + "'s engine loop returned no step count or stopping "
                        + "reason for some of its " + n + " stimuli");
            }
            for (int i = 0; i < n; i++) {
                if (r.steps()[i] < 1 || r.steps()[i] > cfg.totalSteps() || !java.util.List.of(StopRule.BUDGET,
                        StopRule.ACCEPTED, StopRule.PLATEAU).contains(r.stopped()[i])) {
                    throw new IllegalStateException(card.id() + "'s engine loop returned stimulus " + i + " with "
                            + r.steps()[i] + " steps of " + cfg.totalSteps() + ", stopped '" + r.stopped()[i] + "'");
                }
            }
            x = out;
            steps = r.steps();
            stopped = r.stopped();
            for (int k = 0; k < r.curve().length; k++) {
                for (int i = 0; i < n; i++) {
                    if (kept[k] < steps[i]) {
                        curves.get(i).add(new double[] {kept[k], r.curve()[k][i]});
                    }
                }
            }
        } else {
            StimulusSchedule schedule = harnessLoop(model, loop, shape, x, ref, refNorm, curves);
            steps = schedule.steps();
            stopped = schedule.stopped();
        }
        Tensor finalActs = ModelOutputs.requireFinite(model.activations(Tensor.wrap(shape, x.clone()),
                List.of(stage)).get(stage), card.id() + "'s activation of the metamers at " + stage);
        upstream(finalActs, ref, refNorm, loss);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Metamer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<double[]> c = curves.get(i);
            c.add(new double[] {steps[i], loss[i]});
            int[] at = c.stream().mapToInt(p -> (int) p[0]).toArray();
            double[] values = c.stream().mapToDouble(p -> p[1]).toArray();
            out.add(new Metamer(Arrays.copyOfRange(x, i * per, (i + 1) * per), loss[i], at, values, steps[i],
                    seeds[i], stopped[i]));
        }
        return new Batch(out, seconds, inEngine.isPresent() ? ENGINE : HARNESS);
    }

    /**
     * The loop driven by the harness, one vector-Jacobian product per step over the stimuli still running; updates
     * {@code x} in place (a stimulus's rows keep its last iterate once it has ended).
     */
    private static StimulusSchedule harnessLoop(DifferentiableModel model, SynthesisLoop loop, int[] shape, float[] x,
            float[] ref, double[] refNorm, List<List<double[]>> curves) {
        ModelCard card = model.card();
        ValueRange range = card.valueRange();
        String stage = loop.stage();
        int n = refNorm.length;
        int per = x.length / n;
        int units = ref.length / n;
        StimulusSchedule schedule = new StimulusSchedule(loop);
        int[] active = schedule.active();
        float[] xs = x.clone();
        float[] refs = ref;
        double[] norms = refNorm;
        for (int t = 0; !schedule.done(); t++) {
            int m = active.length;
            int[] sh = shape.clone();
            sh[0] = m;
            double[] loss = new double[m];
            float[] refNow = refs;
            double[] normsNow = norms;
            DifferentiableModel.StageGradient sg = model.vjp(Tensor.wrap(sh, xs.clone()), stage,
                    a -> upstream(a, refNow, normsNow, loss), loop.fakeRelu());
            ModelOutputs.requireFinite(sg.activation(), card.id() + "'s activation at " + stage + " (step " + (t + 1) + ")");
            float[] g = ModelOutputs.requireFinite(sg.inputGradient(), card.id() + "'s input gradient at " + stage
                    + " (step " + (t + 1) + ")").toFloatArray();
            if (g.length != xs.length) {
                throw new IllegalStateException(card.id() + " returned a gradient of " + g.length
                        + " values for an input of " + xs.length);
            }
            if (t % loop.curveEvery() == 0) {
                for (int p = 0; p < m; p++) {
                    curves.get(active[p]).add(new double[] {t, loss[p]});
                }
            }
            float[] eta = schedule.stepSizes();
            for (int p = 0; p < m; p++) {
                double gn = norm(g, p * per, per);
                if (!(gn > 0)) {
                    continue; // at the target exactly: no step for this stimulus
                }
                double scale = eta[p] / gn;
                for (int k = p * per; k < (p + 1) * per; k++) {
                    xs[k] = range.clamp((float) (xs[k] - scale * g[k]));
                }
            }
            float[] lossF = new float[m];
            for (int p = 0; p < m; p++) {
                lossF[p] = (float) loss[p];
            }
            float[] now = xs;
            boolean changed = schedule.stepped(lossF, rows -> {
                int[] s2 = shape.clone();
                s2[0] = rows.length;
                float[] out = new float[rows.length * per];
                for (int k = 0; k < rows.length; k++) {
                    System.arraycopy(now, rows[k] * per, out, k * per, per);
                }
                return Tensor.wrap(s2, out);
            });
            loop.progress().accept(m);
            if (changed) {
                int[] kept = schedule.kept();
                schedule.copyEnded(xs, x, per);
                float[] x2 = new float[kept.length * per];
                float[] r2 = new float[kept.length * units];
                double[] n2 = new double[kept.length];
                for (int k = 0; k < kept.length; k++) {
                    System.arraycopy(xs, kept[k] * per, x2, k * per, per);
                    System.arraycopy(refs, kept[k] * units, r2, k * units, units);
                    n2[k] = norms[kept[k]];
                }
                xs = x2;
                refs = r2;
                norms = n2;
                active = schedule.active();
            }
        }
        return schedule;
    }

    /**
     * Fills {@code loss} with each sample's normalised loss {@code ||a - r|| / ||r||} and returns, per
     * sample, the unit vector {@code (a - r) / ||a - r||}: the gradient of {@code ||a - r||}, which is the
     * loss's gradient times the sample's constant {@code ||r||}. The step normalises each sample's input
     * gradient to unit length, so that constant changes no step; and a unit upstream cannot overflow when
     * a metamer comes within float precision of its reference (the loss's own gradient grows as
     * {@code 1 / ||a - r||}).
     */
    static Tensor upstream(Tensor activation, float[] ref, double[] refNorm, double[] loss) {
        float[] a = activation.toFloatArray();
        int n = loss.length;
        int units = a.length / n;
        float[] u = new float[a.length];
        for (int i = 0; i < n; i++) {
            int off = i * units;
            double dist = 0;
            for (int k = off; k < off + units; k++) {
                double d = a[k] - ref[k];
                dist += d * d;
            }
            dist = Math.sqrt(dist);
            // A reference that is all zeros at this stage has no scale; its loss is the plain distance.
            double scale = refNorm[i] > 0 ? refNorm[i] : 1.0;
            loss[i] = dist / scale;
            if (dist > 0) {
                for (int k = off; k < off + units; k++) {
                    u[k] = (float) (((double) a[k] - ref[k]) / dist);
                }
            }
        }
        return Tensor.wrap(activation.shape(), u);
    }

    private static double norm(float[] v, int off, int len) {
        double s = 0;
        for (int k = off; k < off + len; k++) {
            s += (double) v[k] * v[k];
        }
        return Math.sqrt(s);
    }
}
