package org.metamerbench.runner.cli;

import java.util.List;

/**
 * The two standard protocols of {@code run}. Options given on the command line override a
 * profile's values, and the run records what was used.
 */
enum Profile {
    /** A demonstration in a few minutes: a standard and an adversarially trained CNN, 20 stimuli. */
    QUICK(List.of("cnn-s1", "cnn-adv-l2"), 20, 8, 40),
    /** The leaderboard protocol: every model, all 100 stimuli, every stage. */
    FULL(List.of(), 100, 8, 160);

    final List<String> generators;
    final int stimuli;
    final int scheduleStages;
    final int iterationsPerStage;

    Profile(List<String> generators, int stimuli, int scheduleStages, int iterationsPerStage) {
        this.generators = generators;
        this.stimuli = stimuli;
        this.scheduleStages = scheduleStages;
        this.iterationsPerStage = iterationsPerStage;
    }
}
