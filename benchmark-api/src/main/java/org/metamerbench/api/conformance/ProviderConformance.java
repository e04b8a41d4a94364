package org.metamerbench.api.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Stage;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;

/**
 * The conformance kit: checks that a {@link ModelProvider} keeps the SPI's promises. Call it from a
 * plugin's own tests; it needs no test framework and reports through {@link AssertionError}:
 *
 * <pre>{@code
 * @Test
 * void conforms() {
 *     ProviderConformance.forProvider(new MyProvider()).assertConforms();
 * }
 * }</pre>
 *
 * <p>What it checks, per model: the card (unique id, stages from input to final, shapes), that
 * {@code open} returns the card's model, logits and activations (shapes, finite values, the input
 * stage equals the input, the final stage equals the logits), determinism, independence of the
 * samples of a batch, finite outputs at both ends of the value range, and, for models that can
 * generate, the input gradient of every stage against central finite differences.
 */
public final class ProviderConformance {
    private final ModelProvider provider;
    private int batchSize = 3;
    private long seed = 20230101L;
    private double gradientTolerance = 1e-2;
    private double finiteDifferenceStep = 3e-3;
    private int gradientDirections = 3;
    private double outputTolerance = 1e-4;
    private Predicate<String> modelFilter = id -> true;
    private String surrogateGradient;

    private ProviderConformance(ModelProvider provider) {
        this.provider = provider;
    }

    public static ProviderConformance forProvider(ModelProvider provider) {
        return new ProviderConformance(provider);
    }

    /** Samples per test batch (default 3). */
    public ProviderConformance batchSize(int n) {
        this.batchSize = n;
        return this;
    }

    public ProviderConformance seed(long s) {
        this.seed = s;
        return this;
    }

    /** Largest accepted relative error of a directional derivative (default 1e-2). */
    public ProviderConformance gradientTolerance(double tol) {
        this.gradientTolerance = tol;
        return this;
    }

    /**
     * Largest step of the central difference, in input units along a unit-norm direction (default
     * 3e-3); the check also tries a third and a tenth of it.
     */
    public ProviderConformance finiteDifferenceStep(double h) {
        this.finiteDifferenceStep = h;
        return this;
    }

    /**
     * The models' input gradients are surrogates by design where their computation says so (e.g. a cochlear
     * front end's ReLU with an identity backward pass and its power compression with a clipped derivative, as
     * published), so they cannot equal finite differences of the forward pass at every input: the comparison is
     * not made, and the report says why ({@code reason}). Every other gradient check (shape, finite values,
     * identical calls, not zero, the activation beside it) still runs; the exact part must be tested apart.
     */
    public ProviderConformance surrogateGradient(String reason) {
        this.surrogateGradient = java.util.Objects.requireNonNull(reason);
        return this;
    }

    /** Only check the models whose id passes the filter. */
    public ProviderConformance models(Predicate<String> filter) {
        this.modelFilter = filter;
        return this;
    }

    /** Runs every check and throws one {@link AssertionError} listing all failures, if any. */
    public ConformanceReport assertConforms() {
        ConformanceReport report = check();
        if (!report.passed()) {
            throw new AssertionError("provider '" + provider.name() + "' does not conform:\n  - "
                    + String.join("\n  - ", report.failures()));
        }
        return report;
    }

    /** Runs every check and returns what failed and what was measured. */
    public ConformanceReport check() {
        ConformanceReport report = new ConformanceReport();
        report.begin("provider " + provider.getClass().getSimpleName(), "lists its models");
        if (provider.name() == null || provider.name().isBlank()) {
            report.fail("provider name is blank");
        }
        List<ModelCard> cards;
        try {
            cards = provider.models();
        } catch (RuntimeException e) {
            report.fail("models() threw " + e);
            return report;
        }
        if (cards == null || cards.isEmpty()) {
            report.fail("models() lists no model");
            return report;
        }
        Set<String> ids = new HashSet<>();
        for (ModelCard card : cards) {
            if (!ids.add(card.id())) {
                report.fail("duplicate model id '" + card.id() + "'");
            }
        }
        for (ModelCard card : cards) {
            if (modelFilter.test(card.id())) {
                checkModel(card, report);
            }
        }
        return report;
    }

    private void checkModel(ModelCard card, ConformanceReport report) {
        if (card.modality() == org.metamerbench.api.Modality.GRAPH) {
            new GraphConformance(provider, seed, gradientTolerance, finiteDifferenceStep, gradientDirections,
                    outputTolerance).check(card, report);
            return;
        }
        String id = card.id();
        report.begin(id, "opens as its card says");
        Model model;
        try {
            model = provider.open(id);
        } catch (RuntimeException e) {
            report.fail(id + ": open threw " + e);
            return;
        }
        try (model) {
            ModelCard opened = model.card();
            if (!opened.id().equals(id) || !opened.version().equals(card.version())) {
                report.fail(id + ": open returned " + opened + ", listed as " + card);
            }
            if (card.canGenerate() && !(model instanceof DifferentiableModel)) {
                report.fail(id + ": card declares INPUT_GRADIENT but the model is not a DifferentiableModel");
            }
            Tensor x = randomInput(card, new Random(seed));
            report.begin(id, "logits and activations (shapes, finite, deterministic, batch-independent)");
            checkOutputs(model, card, x, report);
            report.begin(id, "finite at both ends of the value range");
            checkRangeEnds(model, card, report);
            if (model instanceof DifferentiableModel dm && card.canGenerate()) {
                for (Stage stage : card.stages()) {
                    report.begin(id, "input gradient at " + stage.name() + " against finite differences");
                    checkGradient(dm, card, stage, x, report);
                    report.begin(id, "engine loop at " + stage.name());
                    checkEngineLoop(dm, card, stage, x, report);
                }
            }
        } catch (RuntimeException e) {
            report.fail(id + ": threw " + e);
        }
    }

    private void checkOutputs(Model model, ModelCard card, Tensor x, ConformanceReport report) {
        String id = card.id();
        Tensor logits = model.logits(x);
        if (!Arrays.equals(logits.shape(), new int[] {batchSize, card.numClasses()})) {
            report.fail(id + ": logits shape " + Arrays.toString(logits.shape()) + ", expected ["
                    + batchSize + ", " + card.numClasses() + "]");
            return;
        }
        if (!logits.allFinite()) {
            report.fail(id + ": logits are not finite");
        }
        double repeat = maxRelativeDifference(logits, model.logits(x));
        if (repeat > outputTolerance) {
            report.fail(id + ": not deterministic, logits differ by " + repeat + " between two calls");
        }
        for (int i = 0; i < batchSize; i++) {
            Tensor alone = model.logits(Tensor.stack(List.of(x.sample(i))));
            double d = maxRelativeDifference(alone.sample(0), logits.sample(i));
            if (d > outputTolerance) {
                report.fail(id + ": sample " + i + " gives other logits alone than in a batch (relative "
                        + d + "); samples of a batch must be independent");
                break;
            }
        }
        Map<String, Tensor> acts = model.activations(x, card.stageNames());
        for (Stage stage : card.stages()) {
            Tensor a = acts.get(stage.name());
            if (a == null) {
                report.fail(id + ": activations() did not return stage " + stage.name());
                continue;
            }
            int[] expected = withBatch(stage.shape());
            if (!Arrays.equals(a.shape(), expected)) {
                report.fail(id + ": stage " + stage.name() + " has shape " + Arrays.toString(a.shape())
                        + ", card says " + Arrays.toString(expected));
                continue;
            }
            if (!a.allFinite()) {
                report.fail(id + ": stage " + stage.name() + " has non-finite activations");
            }
        }
        Tensor first = acts.get(card.stages().get(0).name());
        if (first != null && maxRelativeDifference(first, x) > 0) {
            report.fail(id + ": the first stage must be the input itself");
        }
        Tensor last = acts.get(card.stages().get(card.stages().size() - 1).name());
        if (last != null && maxRelativeDifference(last.reshape(logits.shape()), logits) > outputTolerance) {
            report.fail(id + ": the final stage must equal the logits");
        }
        report.measured(id, "logits", "deterministic and batch-independent");
    }

    private void checkRangeEnds(Model model, ModelCard card, ConformanceReport report) {
        ValueRange r = card.valueRange();
        for (float v : new float[] {r.lo(), r.hi()}) {
            float[] data = new float[Math.toIntExact(Tensor.elementCount(card.inputShape()))];
            Arrays.fill(data, v);
            Tensor logits = model.logits(Tensor.wrap(withBatch(card.inputShape(), 1), data));
            if (!logits.allFinite()) {
                report.fail(card.id() + ": logits not finite for an input filled with " + v);
            }
        }
    }

    /** Repeated gradient calls per stage in the determinism check. */
    static final int GRADIENT_REPEATS = 60;

    private void checkGradient(DifferentiableModel model, ModelCard card, Stage stage, Tensor x,
            ConformanceReport report) {
        String where = card.id() + " stage " + stage.name();
        Random rnd = new Random(seed ^ stage.name().hashCode());
        float[] u = new float[batchSize * stage.units()];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) rnd.nextGaussian();
        }
        Tensor upstream = Tensor.wrap(withBatch(stage.shape()), u);
        DifferentiableModel.StageGradient sg = model.vjp(x, stage.name(), a -> upstream, false);
        if (!Arrays.equals(sg.inputGradient().shape(), x.shape())) {
            report.fail(where + ": input gradient has shape " + Arrays.toString(sg.inputGradient().shape())
                    + ", input has " + Arrays.toString(x.shape()));
            return;
        }
        if (!sg.inputGradient().allFinite()) {
            report.fail(where + ": input gradient is not finite");
            return;
        }
        Tensor plain = model.activations(x, List.of(stage.name())).get(stage.name());
        if (maxRelativeDifference(plain, sg.activation()) > outputTolerance) {
            report.fail(where + ": vjp's activation differs from activations()");
        }
        float[] g = sg.inputGradient().toFloatArray();
        // Identical calls must give identical gradients: a backend that frees memory autograd still
        // reads (DJL's scalar arithmetic, for one) gives a garbage gradient now and then.
        for (int k = 0; k < GRADIENT_REPEATS; k++) {
            Tensor again = model.vjp(x, stage.name(), a -> upstream, false).inputGradient();
            double d = maxRelativeDifference(sg.inputGradient(), again);
            if (!(d <= outputTolerance)) {
                report.fail(String.format("%s: input gradient differs between identical calls (call %d of %d, "
                        + "relative difference %.3g)", where, k + 2, GRADIENT_REPEATS + 1, d));
                return;
            }
        }
        double gNorm = norm(g);
        if (gNorm == 0) {
            report.fail(where + ": input gradient is zero for a random upstream gradient");
            return;
        }
        if (surrogateGradient != null) {
            report.measured(card.id(), stage.name() + " gradient checked without finite differences",
                    surrogateGradient);
            return;
        }
        double worst = FiniteDifferences.worstRelativeError(g, null, gradientDirections, finiteDifferenceStep, rnd,
                (v, h) -> dot(u, activation(model, stage, shifted(x, v, h))));
        report.measured(card.id(), stage.name() + " gradient relative error", String.format("%.2e", worst));
        if (worst > gradientTolerance) {
            report.fail(String.format("%s: input gradient disagrees with central finite differences "
                    + "(relative error %.3g > %.3g)", where, worst, gradientTolerance));
        }
    }

    /**
     * A model that runs the synthesis loop itself ({@link SynthesisLoop.Runner}) must take the step that
     * its vector-Jacobian product gives: one step from {@code x} towards the activations of other inputs,
     * compared with the same step built here from {@link DifferentiableModel#vjp}.
     */
    private void checkEngineLoop(DifferentiableModel model, ModelCard card, Stage stage, Tensor x,
            ConformanceReport report) {
        String where = card.id() + " stage " + stage.name();
        Tensor references = randomInput(card, new Random(seed + 1));
        Tensor target = model.activations(references, List.of(stage.name())).get(stage.name());
        ValueRange range = card.valueRange();
        boolean fake = stage.fakeReluApplies(false);
        if (!(model instanceof SynthesisLoop.Runner runner)) {
            return;
        }
        var result = runner.runLoop(new SynthesisLoop(stage.name(), fake, target, x, range, 1, 1, 1.0, 1, t -> { }));
        if (result.isEmpty()) {
            return;
        }
        float[] ref = target.toFloatArray();
        int units = ref.length / batchSize;
        DifferentiableModel.StageGradient sg = model.vjp(x, stage.name(), a -> {
            float[] v = a.toFloatArray();
            float[] u = new float[v.length];
            for (int i = 0; i < batchSize; i++) {
                double dist = 0;
                for (int k = i * units; k < (i + 1) * units; k++) {
                    dist += ((double) v[k] - ref[k]) * ((double) v[k] - ref[k]);
                }
                dist = Math.sqrt(dist);
                for (int k = i * units; k < (i + 1) * units && dist > 0; k++) {
                    u[k] = (float) ((v[k] - ref[k]) / dist);
                }
            }
            return Tensor.wrap(a.shape(), u);
        }, fake);
        float[] g = sg.inputGradient().toFloatArray();
        float[] x0 = x.toFloatArray();
        float[] expected = new float[x0.length];
        int per = x0.length / batchSize;
        for (int i = 0; i < batchSize; i++) {
            double gn = norm(java.util.Arrays.copyOfRange(g, i * per, (i + 1) * per));
            for (int k = i * per; k < (i + 1) * per; k++) {
                expected[k] = gn > 0 ? range.clamp((float) (x0[k] - g[k] / gn)) : x0[k];
            }
        }
        Tensor got = result.get().metamers();
        if (!Arrays.equals(got.shape(), x.shape())) {
            report.fail(where + ": runLoop returned metamers of shape " + Arrays.toString(got.shape()));
            return;
        }
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
            worst = Math.max(worst, Math.abs(expected[k] - got.get(k)));
        }
        report.measured(card.id(), "engine loop vs vjp step at " + stage.name(), String.format(java.util.Locale.ROOT,
                "%.2e", worst));
        if (!(worst <= 1e-4)) {
            report.fail(where + ": one step of runLoop differs from the step its vjp gives by " + worst
                    + " (at most 1e-4 allowed)");
        }
    }

    private static float[] activation(Model m, Stage stage, Tensor x) {
        return m.activations(x, List.of(stage.name())).get(stage.name()).toFloatArray();
    }

    static Tensor shifted(Tensor x, double[] v, double h) {
        float[] d = x.toFloatArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] + h * v[i]);
        }
        return Tensor.wrap(x.shape(), d);
    }

    private Tensor randomInput(ModelCard card, Random rnd) {
        ValueRange r = card.valueRange();
        float span = r.hi() - r.lo();
        int per = Math.toIntExact(Tensor.elementCount(card.inputShape()));
        float[] d = new float[batchSize * per];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.lo() + span * (0.1f + 0.8f * rnd.nextFloat());
        }
        return Tensor.wrap(withBatch(card.inputShape()), d);
    }

    private int[] withBatch(int[] shape) {
        return withBatch(shape, batchSize);
    }

    private static int[] withBatch(int[] shape, int n) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** max |a - b| / max(1, max |b|): relative to the output's scale, absolute near zero. */
    static double maxRelativeDifference(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = 1;
        double diff = 0;
        for (int i = 0; i < a.size(); i++) {
            scale = Math.max(scale, Math.abs(b.get(i)));
            diff = Math.max(diff, Math.abs(a.get(i) - b.get(i)));
        }
        return diff / scale;
    }

    /** The outcome of a conformance check: failures, and figures measured on the way. */
    public static final class ConformanceReport {
        private final List<String> failures = new ArrayList<>();
        private final List<String> measurements = new ArrayList<>();
        private final java.util.Map<Check, List<String>> checks = new java.util.LinkedHashMap<>();
        private Check current = new Check("provider", "lists its models");

        /** One check of one model (or of the provider), named as a test report names it. */
        public record Check(String model, String name) {
            @Override
            public String toString() {
                return model + ": " + name;
            }
        }

        /** Failures from now on belong to {@code name} of {@code model}. */
        void begin(String model, String name) {
            current = new Check(model, name);
            checks.putIfAbsent(current, new ArrayList<>());
        }

        void fail(String message) {
            failures.add(message);
            checks.computeIfAbsent(current, k -> new ArrayList<>()).add(message);
        }

        /** Every check that ran, in order, with its failures (none: it passed). */
        public java.util.Map<Check, List<String>> checks() {
            java.util.Map<Check, List<String>> out = new java.util.LinkedHashMap<>();
            checks.forEach((k, v) -> out.put(k, List.copyOf(v)));
            return out;
        }

        void measured(String model, String what, String value) {
            measurements.add(model + ": " + what + " = " + value);
        }

        public boolean passed() {
            return failures.isEmpty();
        }

        public List<String> failures() {
            return List.copyOf(failures);
        }

        public List<String> measurements() {
            return List.copyOf(measurements);
        }
    }
}
