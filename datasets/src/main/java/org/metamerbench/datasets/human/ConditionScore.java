package org.metamerbench.datasets.human;

/**
 * The per-participant summary form (the form published data comes in): one participant's proportion
 * correct in one condition.
 *
 * @param generator the generating model, as the data names it
 * @param stage     the matched stage, or a natural-stimulus condition ({@code natural}, {@code natural_image},
 *                  {@code natural_audio})
 * @param observer  {@code human}, or {@code generating_network} for the generating model's own score
 *                  on the same trials
 */
public record ConditionScore(String modality, String experiment, String generator, String stage, String participant,
        String observer, double proportionCorrect) {

    public static final String HUMAN = "human";

    public boolean natural() {
        return stage.startsWith("natural");
    }
}
