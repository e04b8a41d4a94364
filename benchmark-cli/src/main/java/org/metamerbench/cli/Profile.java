package org.metamerbench.cli;

import java.util.List;
import org.metamerbench.datasets.StimulusSetLoader;

/**
 * The standard protocols of {@code run}. Options given on the command line override a
 * profile's values, and the run records what was used.
 *
 * <p>Both use the published schedule's shape (8 stages, the step halving after each) with 320
 * steps per stage, 2,560 in all: {@code steps-curve} with an earlier harness over 80 to 2,560 steps (20 stimuli, all seven
 * zoo generators) showed 30 of the 35 generator x stage pass rates within 5 points of their value at
 * 1,280 steps, and a 12-stage schedule did no better at 1,920 and 3,840 steps. The stages still
 * improving at 2,560 were then taken for metamers stuck at a high loss. Measured again with the current harness
 * for all eight image generators, the pool stages at or below 50% at 2,560 steps are still converging (mean final
 * loss 15% to 35% lower with each doubling) and a doubled cap under the adaptive rule lifts them by up to 25 points,
 * for 1.74x the steps; the logits stage, where the headline is scored, has settled. The budget stays, so that the
 * full profile keeps to 10 minutes on 2 cores and its published figures stand; 8 x 640 would be a new protocol
 * version. The quick and full profiles stop each stimulus by the adaptive rule within it (full profile: 13.7% of
 * the steps, 98.3% of the acceptance decisions of the fixed budget; docs/measurements.md).
 */
enum Profile {
    /** A demonstration in a few minutes: a standard and an adversarially trained CNN, 20 stimuli. */
    QUICK(List.of("cnn-s1", "cnn-adv-l2"), List.of(), 20, 8, 320, StimulusSetLoader.DEFAULT_STIMULUS_SET,
            StimulusSetLoader.DEFAULT_NULL_POOL, "adaptive"),
    /** The leaderboard protocol: every model, all 100 stimuli, every stage. */
    FULL(List.of(), List.of(), 100, 8, 320, StimulusSetLoader.DEFAULT_STIMULUS_SET, StimulusSetLoader.DEFAULT_NULL_POOL,
            "adaptive"),
    /**
     * The auditory half in 10 minutes on 2 cores, as the paper's comparison: on the fifty-word set in its version 2
     * (speech in noise, the null pool of training clips in noise) the standard word CNN, the same CNN adversarially
     * trained on the waveform and its control trained with random perturbations of the same size, the CNN
     * adversarially trained on its cochleagram (the published positive control) and its control generate at the
     * cochleagram, pool3, fc1_relu and the logits, one clip of every fifth word (10), 8 x 50 steps (the published
     * schedule's shape, far fewer steps: {@code steps-curve --profile audio} accepts 80% to 100% at every stage from
     * 200 to 1,600 steps); every fifty-word model observes (word50-cnn-s2 and word50-resnet too).
     * Measured: 6 min 45 s on 2 cores, at least 5 of 10 metamers accepted at every stage (docs/spoken-words.md).
     */
    AUDIO(List.of("word50-cnn-s1", "word50-cnn-adv-l2", "word50-cnn-rand-l2", "word50-cnn-cochadv-l2",
            "word50-cnn-cochrand-l2"), List.of("cochleagram", "pool3", "fc1_relu", "block3_relu", "avgpool", "final"),
            10, 8, 50, StimulusSetLoader.SPOKEN_WORDS_V2, StimulusSetLoader.SPOKEN_WORDS_V2_POOL, "fixed"),
    /**
     * Graph metamers in 10 minutes on 2 cores: eight graph models of the zoo generate at their hidden layer and
     * their logits (the three GCN seeds but one, which observe; every graph model observes), 35 Cora test nodes (5
     * per class) with their 2-hop neighbourhoods, 4 x 50 steps. Its synthesis settings are the graph options'
     * defaults ({@code --graph-kind}, {@code --graph-loss}).
     */
    GRAPH(List.of("gcn-s1", "gcn-elu", "gcn-residual", "gcn-adv", "gcn-rand", "sage", "gin", "gat"),
            List.of("layer1", "final"), 35, 4, 50, org.metamerbench.datasets.graph.GraphSets.CORA,
            org.metamerbench.datasets.graph.GraphSets.CORA, "fixed");

    final List<String> generators;
    /** Stages to match (empty: all past the input). */
    final List<String> stages;
    final int stimuli;
    final int scheduleStages;
    final int iterationsPerStage;
    final String stimulusSet;
    final String nullPool;
    /**
     * The stopping rule ({@code --stopping}): adaptive where it was measured against the fixed budget (the full
     * profile, docs/measurements.md); the audio profile keeps the fixed budget (the rule kept 195 of its 200
     * decisions, short of the 98% a default must keep), and graph synthesis takes the fixed budget.
     */
    final String stopping;

    Profile(List<String> generators, List<String> stages, int stimuli, int scheduleStages, int iterationsPerStage,
            String stimulusSet, String nullPool, String stopping) {
        this.stopping = stopping;
        this.generators = generators;
        this.stages = stages;
        this.stimuli = stimuli;
        this.scheduleStages = scheduleStages;
        this.iterationsPerStage = iterationsPerStage;
        this.stimulusSet = stimulusSet;
        this.nullPool = nullPool;
    }
}
