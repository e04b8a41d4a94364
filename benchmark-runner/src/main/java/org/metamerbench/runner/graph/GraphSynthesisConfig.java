package org.metamerbench.runner.graph;

import org.metamerbench.api.harness.SynthesisLoop;

/**
 * How graph metamers are made.
 *
 * @param kind              what is optimised: the node features, the edges, or both; the rest is the reference's
 * @param loss              the objective and its optimiser
 * @param stages            schedule stages; the step size halves after each (the harness's published schedule)
 * @param iterationsPerStage steps per schedule stage
 * @param initialStep       the first stage's step size (of the edge logits; the features' is {@code featureStep} times it)
 * @param featureStep       the features' step over the edges': with unit-length steps over a neighbourhood's n x F
 *                          feature logits each logit moves little; measured on gcn-s1 (14 Cora stimuli, 4 x 50 steps,
 *                          layer1), feature metamers ended at loss 0.239 with a factor of 1, 0.109 with 8, 0.213 with 32
 * @param tau               the spread of the starting features: {@code mu + tau * sigma * eps}, with {@code mu} and
 *                          {@code sigma} the mean and standard deviation of the reference's feature values
 * @param curvePoints       points of the loss curve kept per metamer
 * @param nodesPerBatch     how many nodes one model call takes at most (stimuli are batched as a disjoint union)
 */
public record GraphSynthesisConfig(Kind kind, Loss loss, int stages, int iterationsPerStage, double initialStep,
        double featureStep, double tau, int curvePoints, int nodesPerBatch) {

    /** What a graph metamer changes. */
    public enum Kind {
        FEATURES("features"), STRUCTURE("structure"), BOTH("both");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public boolean features() {
            return this != STRUCTURE;
        }

        public boolean structure() {
            return this != FEATURES;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.option.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("graph metamers of '" + s + "': features, structure or both");
        }
    }

    /**
     * The objective: the harness's {@code ||h' - h|| / ||h||} with steps along the unit-length gradient (the default,
     * as for images and sounds), or the seed work's {@code ||h' - h||^2 / ||h||^2} with Adam (its optimiser's settings
     * are not public: here beta 0.9 and 0.999, learning rate {@value #ADAM_RATE} times the schedule's step size).
     * With unit-length steps the two objectives would take the same steps (one is a monotone function of the
     * other), so the squared loss comes with the optimiser it was published with.
     */
    public enum Loss {
        NORMALISED("normalised"), SQUARED("squared");

        private final String option;

        Loss(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static Loss parse(String s) {
            for (Loss l : values()) {
                if (l.option.equals(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("graph loss '" + s + "': normalised or squared");
        }
    }

    public static final double ADAM_RATE = 0.05;
    /** The default {@link #featureStep}. */
    public static final double FEATURE_STEP = 8;

    public GraphSynthesisConfig {
        if (stages < 1 || iterationsPerStage < 1 || !(initialStep > 0) || !(featureStep > 0) || !(tau >= 0) || nodesPerBatch < 1) {
            throw new IllegalArgumentException("graph synthesis needs a positive schedule, step, batch and tau >= 0");
        }
    }

    public int totalSteps() {
        return stages * iterationsPerStage;
    }

    public double stepSize(int t) {
        return SynthesisLoop.stepSize(initialStep, iterationsPerStage, t);
    }

    public int curveEvery() {
        return Math.max(1, totalSteps() / Math.max(1, curvePoints));
    }

    /** The objective and optimiser in words, for the run's record. */
    public String describe() {
        return (loss == Loss.NORMALISED ? "||h' - h|| / ||h|| over every node of the stimulus, unit-length gradient "
                + "steps per stimulus and variable" : "||h' - h||^2 / ||h||^2 over every node of the stimulus, Adam")
                + "; " + stages + " x " + iterationsPerStage + " steps from " + initialStep + " (features: " + featureStep + " times that), halved per stage";
    }
}
