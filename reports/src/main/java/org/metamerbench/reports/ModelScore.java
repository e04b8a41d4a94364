package org.metamerbench.reports;

/**
 * A generator's summary score: the recognisability of its metamers by other models, averaged over
 * its stages past the input, with a bootstrap SE over stimuli; idiosyncrasy is
 * {@code 1 - recognisability}.
 *
 * @param stagesScored stages with accepted metamers (the only ones that can be scored)
 * @param stagesTotal  stages past the input that were run
 */
public record ModelScore(String generator, double recognisability, double recognisabilitySe, int stagesScored,
        int stagesTotal) {

    public double idiosyncrasy() {
        return 1 - recognisability;
    }
}
