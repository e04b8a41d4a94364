package org.metamerbench.space;

import java.util.SplittableRandom;

/**
 * For tests only: an observer whose probability of a correct ABX answer at level x is a known Weibull function, so a
 * procedure's estimate can be checked against the true threshold. Its answers are a simulation, never human data.
 */
final class SimulatedObserver {
    private final double alpha;
    private final double beta;
    private final SplittableRandom rnd;

    SimulatedObserver(double threshold, double beta, long seed) {
        // the scale that puts the 70.7% point at the threshold
        this.alpha = threshold / PsychometricFit.level(PsychometricFit.CRITERION, 1, beta, PsychometricFit.GUESS,
                PsychometricFit.LAPSE);
        this.beta = beta;
        this.rnd = new SplittableRandom(seed);
    }

    boolean answer(double level) {
        return rnd.nextDouble() < PsychometricFit.psi(level, alpha, beta, PsychometricFit.GUESS, PsychometricFit.LAPSE);
    }
}
