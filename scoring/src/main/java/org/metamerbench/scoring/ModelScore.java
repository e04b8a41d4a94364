package org.metamerbench.scoring;

/**
 * A generator's summary score. The headline, {@link #recognisability}, is the recognisability of its
 * metamers by the observer panel at its logits stage (the last stage of its card): the one stage every
 * model has, whose output is the model's own decision, so that listing, repeating or reordering other
 * stages cannot move it. It has a bootstrap SE over stimuli; idiosyncrasy is {@code 1 - recognisability}.
 * The mean over all scored stages is kept as a profile figure and never ranked.
 *
 * @param anchorStage   the logits stage the headline is taken at
 * @param unranked      why the model has no headline score (its logits stage not run, failed, or with
 *                      too few accepted metamers); null when it has one
 * @param profileMean   mean recognisability over the scored stages past the input (not ranked)
 * @param profileMeanSe its bootstrap SE
 * @param stagesScored  stages with enough accepted metamers to be scored
 * @param stagesTotal   stages past the input that were run
 */
public record ModelScore(String generator, double recognisability, double recognisabilitySe, String anchorStage,
        String unranked, double profileMean, double profileMeanSe, int stagesScored, int stagesTotal) {

    /** The headline score's definition, as reports, the leaderboard and the README state it. */
    public static final String RULE = "Headline score: the recognisability of a model's metamers at its logits stage "
            + "(the last stage of its card, whose output is the model's decision), (p - chance) / (p_natural - chance) "
            + "clipped to [0, 1], with p the reference panel's recognition of the accepted metamers (the generator "
            + "itself and the observers of its family, declared or found by their answers, excluded) and p_natural the same observers' accuracy on the same natural stimuli. A stage is "
            + "scored only if at least " + Math.round(100 * StageData.MIN_ACCEPTED_SHARE) + "% of the stimuli have an "
            + "accepted metamer there; a model whose logits stage is not scored is unranked, with the reason, below "
            + "every ranked model. Idiosyncrasy = 1 - recognisability. Earlier stages form the model's stage profile, "
            + "shown beside it and never ranked, so listing, repeating or leaving out stages cannot move a rank.";

    public boolean ranked() {
        return unranked == null && !Double.isNaN(recognisability);
    }

    public double idiosyncrasy() {
        return 1 - recognisability;
    }
}
