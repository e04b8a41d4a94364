package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.runner.experiment.MameServer;
import org.metamerbench.space.MameExperiment;
import org.metamerbench.space.StageDimensions;
import org.metamerbench.space.Staircase;
import picocli.CommandLine.Option;

/** {@code experiment build --mame}'s options, the build of a MAME experiment folder, and its server's start. */
final class MameBuild {
    /** The references: the stimulus set every MAME trial's reference is drawn from. */
    static final String REFERENCES = "fashion-mnist-test-100";

    @Option(names = "--mame", required = true, description = "Build a MAME experiment (Kamao et al. 2025): ABX "
            + "trials with 200 ms presentations, one 2-down-1-up staircase per condition (eccentricity x stage x "
            + "component x sign), each trial's image made online by the server")
    boolean mame;

    @Option(names = "--generator", defaultValue = "cnn-adv-l2", paramLabel = "MODEL", description = "The built-in "
            + "model whose Gram matrices give the dimensions and whose gradients make the images (default: "
            + "${DEFAULT-VALUE})")
    String generator;

    @Option(names = "--stages", split = ",", paramLabel = "STAGE", description = "The generator's early, middle "
            + "and pooled stages (default: conv1_relu,conv2_relu,fc1_relu)")
    List<String> stages = List.of("conv1_relu", "conv2_relu", "fc1_relu");

    @Option(names = "--pool-size", defaultValue = "1000", paramLabel = "N", description = "Pool images the "
            + "dimensions are fitted on (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--eccentricities", split = ",", paramLabel = "DEG", description = "Where the images are "
            + "shown, degrees right of fixation; every condition at each (default: 0, the centre; MAME: 4,8,12)")
    List<Double> eccentricities = List.of(0.0);

    @Option(names = "--pixels-per-degree", defaultValue = "56", paramLabel = "PX", description = "CSS pixels per "
            + "degree of visual angle on the participants' display at their viewing distance (default: "
            + "${DEFAULT-VALUE}: a 4-degree image is 224 px)")
    double pixelsPerDegree;

    @Option(names = "--size-degrees", defaultValue = "4", paramLabel = "DEG", description = "The images' width "
            + "in degrees (default: ${DEFAULT-VALUE}, as MAME's)")
    double sizeDegrees;

    @Option(names = "--practice", defaultValue = "6", paramLabel = "N", description = "Practice trials with "
            + "feedback (default: ${DEFAULT-VALUE})")
    int practice;

    @Option(names = "--catch-every", defaultValue = "10", paramLabel = "N", description = "A catch trial (a "
            + "different image as the change) after every N staircase trials (default: ${DEFAULT-VALUE})")
    int catchEvery;

    @Option(names = "--reversals", defaultValue = "6", paramLabel = "N", description = "Reversals that end a "
            + "staircase (default: ${DEFAULT-VALUE}, as MAME's)")
    int reversals;

    @Option(names = "--max-trials", defaultValue = "80", paramLabel = "N", description = "Trials that end a "
            + "staircase in any case (default: ${DEFAULT-VALUE})")
    int maxTrials;

    /** Fits the dimensions and writes the plan into {@code out}. */
    int build(Path out, boolean force, String experiment, int participants, long seed) throws Exception {
        MameCommand.Dimensions d = dimensions();
        StimulusSet pool = d.pool();
        StimulusSet refs = StimulusSetLoader.loadBuiltin(REFERENCES);
        double[] r = MameCommand.Observe.RULE;
        MameExperiment[] plan = new MameExperiment[1];
        try (Model gen = MameCommand.Dimensions.openBuiltin(generator)) {
            DifferentiableModel dg = MameCommand.Dimensions.differentiable(gen, generator);
            List<StageDimensions> dims = d.fit(dg, d.sample(pool));
            plan[0] = new MameExperiment(experiment, generator, gen.card().version(), refs.name(), refs.sha256(),
                    stages, eccentricities, pixelsPerDegree, sizeDegrees, MameExperiment.Timing.PUBLISHED,
                    new Staircase.Rule(r[0], r[1], r[2], r[3], reversals, maxTrials), practice, catchEvery,
                    MameExperiment.participants(participants, seed));
            OwnedOutput.replaceFolder(out, "experiment build --mame", force, dir -> plan[0].write(dir, dims));
        }
        MameExperiment p = plan[0];
        System.out.printf("%s: MAME, %d conditions (%d eccentricities x %d stages x %d components x 2 signs), %d "
                + "practice trials, a catch trial every %d; participant codes (also in %s):%n", out,
                p.conditions().size(), eccentricities.size(), stages.size(), StageDimensions.CHOSEN, practice,
                catchEvery, MameExperiment.CODES_FILE);
        p.participants().keySet().forEach(c -> System.out.println("  " + c));
        System.out.printf("serve it with: experiment serve %s  (images at %d px = %s degrees: set "
                + "--pixels-per-degree for the display and viewing distance)%n", out, p.sizePx(), sizeDegrees);
        return 0;
    }

    private MameCommand.Dimensions dimensions() {
        MameCommand.Dimensions d = new MameCommand.Dimensions();
        d.generator = generator;
        d.stages = stages;
        d.poolSize = poolSize;
        return d;
    }

    /** A MAME experiment's plan with its references and its generator, opened and checked against the plan. */
    record Opened(MameExperiment plan, StimulusSet references, Model generator, DifferentiableModel differentiable)
            implements AutoCloseable {
        @Override
        public void close() {
            generator.close();
        }
    }

    /** Opens the plan of {@code dir} with the references and the generator it names, both checked against it. */
    static Opened open(Path dir) throws IOException {
        MameExperiment plan = MameExperiment.read(dir);
        StimulusSet refs = StimulusSetLoader.loadBuiltin(plan.references());
        if (!refs.sha256().equals(plan.referencesSha256())) {
            throw new IOException(dir.resolve(MameExperiment.FILE) + ": references " + plan.references() + " have "
                    + "SHA-256 " + refs.sha256() + " here, the plan's are " + plan.referencesSha256());
        }
        Model gen = MameCommand.Dimensions.openBuiltin(plan.generator());
        try {
            if (!gen.card().version().equals(plan.generatorVersion())) {
                throw new IOException(dir.resolve(MameExperiment.FILE) + ": generator " + plan.generator()
                        + " is version " + gen.card().version() + " here, the plan's is " + plan.generatorVersion()
                        + " (its images would differ)");
            }
            return new Opened(plan, refs, gen, MameCommand.Dimensions.differentiable(gen, plan.generator()));
        } catch (IOException | RuntimeException e) {
            gen.close();
            throw e;
        }
    }

    /** A started MAME server and the generator it holds open. */
    record Served(MameServer server, Opened opened) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            opened.close();
        }
    }

    /** Starts the server of the MAME experiment in {@code dir}, with the plan's generator and references checked. */
    static Served serve(Path dir, String host, int port) throws IOException {
        Opened o = open(dir);
        try {
            float[] range = o.references().valueRange();
            return new Served(MameServer.start(dir, host, port, o.differentiable(), o.references().tensor(),
                    range[0], range[1]), o);
        } catch (IOException | RuntimeException e) {
            o.close();
            throw e;
        }
    }
}
