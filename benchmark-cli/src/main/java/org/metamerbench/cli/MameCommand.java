package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.space.ObserverExperiment;
import org.metamerbench.space.ObserverFiles;
import org.metamerbench.space.ModelObserver;
import org.metamerbench.space.PsychometricFit;
import org.metamerbench.space.ShiftGenerator;
import org.metamerbench.space.StageDimensions;
import org.metamerbench.space.Staircase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** MAME: adaptive exploration of metameric space (Kamao et al. 2025). */
@Command(name = "mame", mixinStandardHelpOptions = true,
        description = "Adaptive exploration of metameric space (MAME, Kamao et al. 2025): dimensions from a model's "
                + "Gram matrices, online images, one staircase per condition.",
        subcommands = {MameCommand.Observe.class, MameAnalyse.class, MameCommand.Latency.class})
final class MameCommand extends CommandGroup {
    static final String TOOL = "mame observe";

    /** Deviations from MAME's published method that every model-observer experiment makes. */
    static final List<String> DEVIATIONS = List.of(
            "the generating model is the zoo's adversarially trained Fashion-MNIST CNN, not a robust ResNet-50; its "
                    + "stages conv1_relu, conv2_relu and fc1_relu stand for conv1, layer3 and avgpool (conv1_relu is "
                    + "after the ReLU, MAME's conv1 before it)",
            "dimensions from a seeded sample of the null pool (Fashion-MNIST training images), not ImageNet's "
                    + "validation images",
            "Adam's rate is " + ShiftGenerator.RATE_PER_SHIFT + " x v within [" + ShiftGenerator.MIN_RATE + ", "
                    + ShiftGenerator.MAX_RATE + "], not MAME's rate tuned per layer and v",
            "one staircase rule for every stage (coordinates are in units of their SD over the pool), not MAME's "
                    + "per-layer start and step; a reversal is a change of direction and a staircase ends after its "
                    + "reversals or its trial limit",
            "the fit is this project's maximum-likelihood Weibull (guess " + PsychometricFit.GUESS + ", lapse "
                    + PsychometricFit.LAPSE + " fixed, threshold at " + PsychometricFit.CRITERION + "), not "
                    + "psignifit; on the levels asked for, not the shifts reached",
            "the observer is a model: an ABX decision by the nearer noisy representation at a stated stage");

    /** The generating model, its stages and the pool its dimensions are fitted on: what every subcommand shares. */
    static final class Dimensions {
        @Option(names = "--generator", defaultValue = "cnn-adv-l2", paramLabel = "MODEL", description = "The model "
                + "whose Gram matrices give the dimensions and whose gradients make the images (default: "
                + "${DEFAULT-VALUE})")
        String generator;

        @Option(names = "--stages", split = ",", paramLabel = "STAGE", description = "The generator's early, "
                + "middle and pooled stages (default: conv1_relu,conv2_relu,fc1_relu)")
        List<String> stages = List.of("conv1_relu", "conv2_relu", "fc1_relu");

        @Option(names = "--pool-size", defaultValue = "1000", paramLabel = "N", description = "Pool images the "
                + "dimensions are fitted on, as MAME's 1,000 (default: ${DEFAULT-VALUE})")
        int poolSize;

        StimulusSet pool() throws java.io.IOException {
            return StimulusSetLoader.loadBuiltin("fashion-mnist-train-2000");
        }

        /** The pool images the dimensions are fitted on: a sample drawn with seed 51, as MAME drew its 1,000. */
        Tensor sample(StimulusSet pool) {
            return pool.batch(StageDimensions.sample(pool.size(), poolSize, 51));
        }

        /** A built-in model (the generator must run in this process, for its gradients), or a clear refusal. */
        static Model openBuiltin(String id) {
            ModelRegistry registry = new PluginOptions().registry(false);
            if (!registry.contains(id)) {
                throw new IllegalArgumentException("--generator: no model '" + id + "'; the models are "
                        + registry.cards().stream().map(c -> c.id()).toList());
            }
            return registry.open(id);
        }

        /** The generator as a model with input gradients, or a clear refusal. */
        static DifferentiableModel differentiable(Model gen, String id) {
            if (!(gen instanceof DifferentiableModel dg)) {
                throw new IllegalArgumentException("--generator " + id + " gives no input gradients in this process "
                        + "(a plugin runs in a JVM of its own): choose a built-in model");
            }
            return dg;
        }

        /** Each stage's dimensions, timed. */
        List<StageDimensions> fit(DifferentiableModel dg, Tensor sample) {
            List<StageDimensions> dims = new ArrayList<>();
            for (String st : stages) {
                dg.card().stage(st); // refuses a stage the card does not have, naming its stages
                long t = System.nanoTime();
                dims.add(StageDimensions.fit(dg, st, sample, 42));
                System.out.printf(Locale.ROOT, "dimensions of %s at %s: %.1f s%n", generator, st,
                        (System.nanoTime() - t) / 1e9);
            }
            return dims;
        }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = "Measures how long a trial's image takes to make online at each stage: the medians over "
                    + "runs of each run's 50th and 95th percentile, beside one bare vector-Jacobian product at the "
                    + "stage timed in the same run.")
    static final class Latency implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Dimensions dimensions = new Dimensions();

        @Option(names = "--images", defaultValue = "30", paramLabel = "N", description = "Images timed per run "
                + "(default: ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Runs; medians are reported "
                + "(default: ${DEFAULT-VALUE})")
        int runs;

        @Override
        public Integer call() throws Exception {
            StimulusSet pool = dimensions.pool();
            StimulusSet set = StimulusSetLoader.loadBuiltin("fashion-mnist-test-100");
            try (Model gen = Dimensions.openBuiltin(dimensions.generator)) {
                DifferentiableModel dg = Dimensions.differentiable(gen, dimensions.generator);
                List<StageDimensions> dims = dimensions.fit(dg, dimensions.sample(pool));
                float[] range = set.valueRange();
                // shifts across the staircase's range: from its floor to its start and above
                double[] shifts = {Observe.RULE[2], 0.5, 1, Observe.RULE[0], 4};
                System.out.printf(Locale.ROOT, "%-12s %7s %5s %9s %9s %9s %9s %8s%n", "stage", "images", "runs",
                        "p50 ms", "p95 ms", "max ms", "VJP ms", "p50/VJP");
                for (StageDimensions d : dims) {
                    org.metamerbench.space.GenerationLatency.Row r = org.metamerbench.space.GenerationLatency.measure(
                            dg, d, set.tensor(), shifts, images, runs, range[0], range[1], 1);
                    System.out.printf(Locale.ROOT, "%-12s %7d %5d %9.1f %9.1f %9.1f %9.2f %8.1f%n", r.stage(),
                            r.images(), r.runs(), r.p50(), r.p95(), r.max(), r.vjp(), r.passes());
                }
                System.out.printf(Locale.ROOT, "(%d engine threads; an image is %d Adam steps, each a forward and "
                        + "backward pass with the Gram coordinates' upstream gradient)%n",
                        org.metamerbench.runner.engine.Machine.engineThreads(), ShiftGenerator.STEPS);
            }
            return 0;
        }
    }

    @Command(name = "observe", mixinStandardHelpOptions = true,
            description = "Runs MAME's adaptive procedure with a model as the participant and writes thresholds.csv "
                    + "(one row per condition: threshold with its bootstrap interval, RMS contrast and SSIM at it), "
                    + "trials.csv, mame.json and report.html. A model observer's answers are never human data.")
    static final class Observe implements Callable<Integer> {
        @Option(names = "--observer", required = true, paramLabel = "MODEL", description = "The model that answers")
        String observer;

        @Option(names = "--observer-stage", paramLabel = "STAGE", description = "The stage it answers from "
                + "(default: the stage before its logits)")
        String observerStage;

        @Option(names = "--noise", defaultValue = "2.0", paramLabel = "X", description = "The observer's internal "
                + "noise: its SD per unit in units of the stage's SD over the pool (default: ${DEFAULT-VALUE})")
        double noise;

        @picocli.CommandLine.Mixin
        Dimensions dimensions = new Dimensions();

        @Option(names = "--reversals", defaultValue = "6", paramLabel = "N", description = "Reversals that end a "
                + "staircase (default: ${DEFAULT-VALUE})")
        int reversals;

        @Option(names = "--max-trials", defaultValue = "80", paramLabel = "N", description = "Trials that end a "
                + "staircase in any case (default: ${DEFAULT-VALUE})")
        int maxTrials;

        @Option(names = "--controls", defaultValue = "10", paramLabel = "N", description = "References the RMS "
                + "contrast and SSIM at threshold are measured on (default: ${DEFAULT-VALUE})")
        int controls;

        @Option(names = "--bootstrap", defaultValue = "500", paramLabel = "N", description = "Resamples of each "
                + "threshold's interval (default: ${DEFAULT-VALUE})")
        int bootstrap;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the staircases' "
                + "order, the references drawn and the observer's noise (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write: created, or "
                + "replaced if this command wrote it and nothing was added")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();

        @picocli.CommandLine.Mixin
        PluginOptions pluginOptions = new PluginOptions();

        /** MAME's staircase, in SD units: start 2, step 0.25, floor 0.05, ceiling 16. */
        static final double[] RULE = {2, 0.25, 0.05, 16};

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            ModelRegistry registry = pluginOptions.registry();
            String generator = dimensions.generator;
            for (String id : List.of(generator, observer)) {
                if (!registry.contains(id)) {
                    throw new IllegalArgumentException("--observer/--generator: no model '" + id + "'; the models "
                            + "are " + registry.cards().stream().map(c -> c.id()).toList());
                }
            }
            StimulusSet pool = dimensions.pool();
            StimulusSet set = StimulusSetLoader.loadBuiltin("fashion-mnist-test-100");
            Tensor sample = dimensions.sample(pool);
            try (Model gen = registry.open(generator); Model obs = registry.open(observer)) {
                DifferentiableModel dg = Dimensions.differentiable(gen, generator);
                List<String> obsStages = obs.card().stageNames();
                String oStage = observerStage != null ? observerStage : obsStages.get(obsStages.size() - 2);
                obs.card().stage(oStage); // refuses a stage the card does not have, naming its stages
                List<StageDimensions> dims = dimensions.fit(dg, sample);
                ModelObserver o = new ModelObserver(obs, oStage, noise, sample.samples(0, Math.min(200,
                        sample.batchSize())), seed);
                float[] range = set.valueRange();
                ObserverExperiment.Settings settings = new ObserverExperiment.Settings(new Staircase.Rule(RULE[0],
                        RULE[1], RULE[2], RULE[3], reversals, maxTrials), ShiftGenerator.STEPS, seed, bootstrap,
                        controls);
                long t = System.nanoTime();
                ObserverExperiment.Outcome outcome = ObserverExperiment.run(dg, dims, set.tensor(), o, settings,
                        range[0], range[1], m -> System.out.println(m));
                double seconds = (System.nanoTime() - t) / 1e9;
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("format", "metamer-bench mame observer 1");
                record.put("observer", Map.of("id", observer, "version", obs.card().version(), "stage", oStage,
                        "noise", noise, "noise_sigma", o.sigma()));
                record.put("generator", Map.of("id", generator, "version", gen.card().version()));
                record.put("references", set.name() + " (SHA-256 " + set.sha256() + ")");
                record.put("pool", pool.name() + " (SHA-256 " + pool.sha256() + "), " + sample.batchSize()
                        + " images drawn with seed 51");
                record.put("dimensions", ObserverFiles.describe(dims));
                record.put("dimension_rule", StageDimensions.RULE);
                record.put("staircase", Map.of("start", RULE[0], "step", RULE[1], "floor", RULE[2], "ceiling",
                        RULE[3], "reversals", reversals, "max_trials", maxTrials, "rule", "2-down-1-up"));
                record.put("generation", Map.of("steps", ShiftGenerator.STEPS, "rate_per_shift",
                        ShiftGenerator.RATE_PER_SHIFT, "optimiser", "Adam (0.9, 0.999, 1e-8), pixels clamped to "
                        + "the set's range"));
                record.put("fit", Map.of("function", "Weibull", "guess", PsychometricFit.GUESS, "lapse",
                        PsychometricFit.LAPSE, "criterion", PsychometricFit.CRITERION, "bootstrap", bootstrap));
                record.put("seed", seed);
                record.put("trials", outcome.trials().size());
                record.put("seconds", Math.round(seconds * 10) / 10.0);
                record.put("deviations", DEVIATIONS);
                OwnedOutput.replaceFolder(out, TOOL, force.force, dir -> {
                    ObserverFiles.write(dir, outcome, record);
                    org.metamerbench.reports.MameReport.write(dir);
                });
                print(outcome);
                System.out.printf(Locale.ROOT, "%d trials in %.1f s (%.0f ms a trial); %s%n",
                        outcome.trials().size(), seconds, 1000 * seconds / Math.max(1, outcome.trials().size()),
                        out.resolve(ObserverFiles.THRESHOLDS_CSV));
            }
            System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        }

        private static void print(ObserverExperiment.Outcome o) {
            System.out.printf(Locale.ROOT, "%-18s %10s %22s %7s %5s %8s %7s%n", "condition", "threshold",
                    "95% interval", "trials", "rev.", "RMS", "SSIM");
            for (ObserverExperiment.Result r : o.results()) {
                System.out.printf(Locale.ROOT, "%-18s %10.3f %22s %7d %5d %8.4f %7.3f%n", r.condition().name(),
                        r.fit().threshold(), String.format(Locale.ROOT, "[%.3f, %.3f]", r.fit().low(), r.fit().high()),
                        r.trials(), r.reversals(), r.rmsContrast(), r.ssim());
            }
        }
    }
}
