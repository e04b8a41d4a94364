package org.metamerbench.datasets.human;

import java.time.Instant;
import java.util.List;

/**
 * One trial of a human recognition experiment: which stimulus a participant saw, the choices offered,
 * the answer, and when.
 *
 * @param participant pseudonymous id (never a name or an address)
 * @param trial       trial number within the participant's session, from 1
 * @param generator   the model whose metamer was shown; empty for a natural stimulus
 * @param stage       the matched stage; empty for a natural stimulus
 * @param stimulus    the reference stimulus id
 * @param catchTrial  a natural stimulus shown to check attention
 * @param label       the true class (the reference's)
 * @param choices     the classes offered in the forced choice
 */
public record Trial(String experiment, String participant, int trial, String generator, String stage,
        String stimulus, boolean catchTrial, String label, List<String> choices, String response, boolean correct,
        long reactionMs, Instant timestamp) {

    public static final String NATURAL = "natural";

    public Trial {
        choices = List.copyOf(choices);
    }

    public boolean natural() {
        return generator.isEmpty();
    }

    /** The condition this trial counts for: {@code generator/stage}, or {@code natural}. */
    public String condition() {
        return natural() ? NATURAL : generator + "/" + stage;
    }
}
