package org.metamerbench.datasets.human;

import java.util.List;

/**
 * What an experiment assigned: the trial each participant was given. A trial file checked against its
 * plan may hold only the plan's participants and trials, each with the condition, stimulus and answer
 * choices the plan gave it.
 */
public interface TrialPlan {
    /** One planned trial: what it showed and its true class. */
    record Planned(String generator, String stage, String stimulus, boolean catchTrial, String label) {
    }

    String experiment();

    /** The answer choices every trial offered, in order. */
    List<String> classes();

    /** Whether the plan has this participant. */
    boolean hasParticipant(String participant);

    /** How many trials the plan gave this participant (0 if none). */
    int trials(String participant);

    /** The planned trial, or null if the plan gave this participant no such trial. */
    Planned planned(String participant, int trial);
}
