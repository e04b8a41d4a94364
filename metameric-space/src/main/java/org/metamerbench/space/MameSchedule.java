package org.metamerbench.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One participant's trials in a MAME experiment: first the practice trials, then the interleaved staircases
 * ({@link InterleavedStaircases}) with a catch trial after every {@code catchEvery} staircase trials, until every
 * staircase has ended. Everything a trial shows comes from the participant's seed, the trial's number and the answers
 * before it, so the schedule restored from the stored answers ({@link #restore}) gives the trial that was pending when
 * a server stopped.
 *
 * <p>Practice trials alternate between a different image as the change (odd trials) and a condition at the rule's
 * ceiling (even ones), so that the task is learnt on changes that can be seen. A catch trial's change is a different
 * reference image: anyone attending answers it correctly.
 */
public final class MameSchedule {
    private final MameExperiment plan;
    private final long seed;
    private final int references;
    private final List<MameExperiment.Placed> conditions;
    private final Map<String, MameExperiment.Placed> byName;
    private final InterleavedStaircases stairs;
    private int answered;

    private MameSchedule(MameExperiment plan, String participant, int references) {
        Long s = plan.participants().get(participant);
        if (s == null) {
            throw new IllegalArgumentException("no participant '" + participant + "' in experiment "
                    + plan.experiment());
        }
        if (references < 2) {
            throw new IllegalArgumentException("a MAME experiment needs at least two reference images");
        }
        this.plan = plan;
        this.seed = s;
        this.references = references;
        this.conditions = plan.conditions();
        this.byName = plan.conditionsByName();
        this.stairs = new InterleavedStaircases(plan.rules(), seed);
    }

    /** A participant's schedule before any answer. */
    public static MameSchedule start(MameExperiment plan, String participant, int references) {
        return new MameSchedule(plan, participant, references);
    }

    /**
     * The schedule after the stored answers of one participant, in order; an answer that is not the trial the
     * schedule gives (another number, condition or level) is refused with {@code where} and the trial.
     */
    public static MameSchedule restore(MameExperiment plan, String participant, int references,
            List<MameAnswers.Answer> answers, String where) {
        MameSchedule s = new MameSchedule(plan, participant, references);
        for (MameAnswers.Answer a : answers) {
            MameTrial expected = s.next();
            if (expected == null || !a.matches(expected)) {
                throw new IllegalArgumentException(where + ": participant " + participant + " trial " + a.trial()
                        + " (" + a.kind().label() + " " + a.condition() + " at " + a.level() + ") is not the trial the "
                        + "plan gives there (" + (expected == null ? "none: the session had ended" : expected.kind()
                        .label() + " " + (expected.condition() == null ? "" : expected.condition().name()) + " at "
                        + expected.level()) + ")");
            }
            s.record(a.correct());
        }
        return s;
    }

    /** Answers stored so far. */
    public int answered() {
        return answered;
    }

    /** Whether the session has ended (every staircase has). */
    public boolean done() {
        return next() == null;
    }

    /** The next trial, or null when the session has ended. */
    public MameTrial next() {
        return trial(answered + 1, stairs.next());
    }

    /**
     * The trial after the next, where no answer to the next one can change it (else null): what can be made while the
     * next one is shown. A catch trial is given even though the next answer may end the session.
     */
    public MameTrial following() {
        int t = answered + 1;
        if (kindOf(t) == MameTrial.Kind.STAIRCASE && kindOf(t + 1) == MameTrial.Kind.STAIRCASE) {
            return trial(t + 1, stairs.following());
        }
        return trial(t + 1, stairs.next()); // a practice or catch answer moves no staircase
    }

    /** Records the answer to {@link #next()}. */
    public void record(boolean correct) {
        MameTrial t = next();
        if (t == null) {
            throw new IllegalStateException("the session has ended");
        }
        if (t.kind() == MameTrial.Kind.STAIRCASE) {
            stairs.record(t.condition().name(), correct);
        }
        answered++;
    }

    /** The staircases, for the analysis of a finished or stopped session. */
    public InterleavedStaircases staircases() {
        return stairs;
    }

    private MameTrial.Kind kindOf(int t) {
        if (t <= plan.practice()) {
            return MameTrial.Kind.PRACTICE;
        }
        int e = t - plan.practice();
        return e % (plan.catchEvery() + 1) == 0 ? MameTrial.Kind.CATCH : MameTrial.Kind.STAIRCASE;
    }

    /** Trial {@code t}, its staircase condition (if it is a staircase trial) being {@code condition}. */
    private MameTrial trial(int t, String condition) {
        MameTrial.Kind kind = kindOf(t);
        if (kind != MameTrial.Kind.PRACTICE && condition == null) {
            return null; // the staircases have ended (or, for a following trial, the next answer decides)
        }
        SplittableRandom r = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * t);
        int reference = r.nextInt(references);
        int other = r.nextInt(references - 1);
        int foil = other >= reference ? other + 1 : other;
        boolean aChanged = r.nextBoolean();
        boolean xIsA = r.nextBoolean();
        int pick = r.nextInt(conditions.size());
        double place = plan.eccentricities().get(r.nextInt(plan.eccentricities().size()));
        return switch (kind) {
            case PRACTICE -> t % 2 == 1
                    ? new MameTrial(t, kind, null, place, Double.NaN, reference, foil, aChanged, xIsA)
                    : new MameTrial(t, kind, conditions.get(pick), conditions.get(pick).eccentricity(),
                            plan.rule().ceiling(), reference, -1, aChanged, xIsA);
            case CATCH -> new MameTrial(t, kind, null, place, Double.NaN, reference, foil, aChanged, xIsA);
            case STAIRCASE -> new MameTrial(t, kind, byName.get(condition), byName.get(condition).eccentricity(),
                    stairs.staircase(condition).level(), reference, -1, aChanged, xIsA);
        };
    }

    /** Each staircase's answered trials, for the fit. */
    public Map<String, List<Staircase.Trial>> trialsByCondition() {
        Map<String, List<Staircase.Trial>> out = new java.util.LinkedHashMap<>();
        stairs.staircases().forEach((c, s) -> out.put(c, new ArrayList<>(s.trials())));
        return out;
    }
}
