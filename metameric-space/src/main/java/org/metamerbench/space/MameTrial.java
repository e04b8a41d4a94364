package org.metamerbench.space;

/**
 * One ABX trial of a MAME experiment as its participant's schedule draws it ({@link MameSchedule}): A and B are the
 * reference and the changed image in a drawn order, X is one of them, and the answer is which one X was.
 *
 * @param trial      the trial's number for its participant, from 1
 * @param kind       practice (with feedback), staircase or catch
 * @param condition  the staircase's condition; for practice, the condition shown at the rule's ceiling (null for a
 *                   practice or catch trial whose change is a different image)
 * @param eccentricity degrees right of fixation where the images are shown
 * @param level      the shift asked for ({@code v}, in SDs of the coordinate over the pool); NaN where the change is a
 *                   different image
 * @param reference  the reference's index in the plan's stimulus set
 * @param foil       the different image's index where the change is one, else -1
 * @param aChanged   whether A is the changed image (B the reference), or the other way round
 * @param xIsA       whether X is A
 */
public record MameTrial(int trial, Kind kind, MameExperiment.Placed condition, double eccentricity, double level, int reference, int foil,
        boolean aChanged, boolean xIsA) {

    /** What a trial is for. */
    public enum Kind {
        PRACTICE, STAIRCASE, CATCH;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The answer that is correct: "A" when X is A. */
    public String correctResponse() {
        return xIsA ? "A" : "B";
    }

    /** Whether the change is a different image (catch trials, half of practice) rather than a shift. */
    public boolean foilChange() {
        return foil >= 0;
    }
}
