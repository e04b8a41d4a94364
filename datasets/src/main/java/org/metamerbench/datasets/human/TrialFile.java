package org.metamerbench.datasets.human;

import org.metamerbench.datasets.csv.StrictCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trial-level human-judgment format: one CSV row per trial. Reading validates every cell and the
 * file as a whole (duplicate trials, stimuli a catalogue does not know, answers outside the choice set,
 * a {@code correct} cell that contradicts the answer) and reports every problem at
 * {@code file:line:column}.
 */
public final class TrialFile {
    public static final List<String> HEADER = List.of("experiment", "participant", "trial", "generator", "stage",
            "stimulus", "catch", "label", "choices", "response", "correct", "rt_ms", "timestamp");
    /** Separator of the classes in the {@code choices} cell. */
    public static final String CHOICE_SEPARATOR = "|";
    /** The longest response time a trial may record: ten minutes (the experiment server's bound too). */
    public static final long MAX_RT_MS = 600_000;

    private TrialFile() {
    }

    /**
     * Reads and validates a trial file.
     *
     * @param catalogue the stimuli the experiment could show; null to skip that check
     */
    public static List<Trial> read(Path file, StimulusCatalogue catalogue) throws IOException {
        return read(file, catalogue, null);
    }

    /**
     * Reads and validates a trial file against the stimuli an experiment could show and, trial by trial,
     * against the plan that assigned them: a participant, a trial number, a condition, a stimulus, a
     * label or a choice set the plan did not give is a problem at its {@code file:line:column}.
     *
     * @param catalogue the stimuli the experiment could show; null to skip that check
     * @param plan the experiment's plan; null to skip that check
     */
    public static List<Trial> read(Path file, StimulusCatalogue catalogue, TrialPlan plan) throws IOException {
        StrictCsv csv = new StrictCsv(file, HEADER);
        List<Trial> out = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (StrictCsv.Row r : csv.rows()) {
            String experiment = r.text("experiment");
            String participant = r.text("participant");
            int trial = r.integer("trial", 1);
            String generator = r.optional("generator");
            String stage = r.optional("stage");
            String stimulus = r.text("stimulus");
            boolean catchTrial = r.bool("catch");
            String label = r.text("label");
            List<String> choices = Arrays.stream(r.text("choices").split("\\" + CHOICE_SEPARATOR)).map(String::strip)
                    .toList();
            String response = r.text("response");
            boolean correct = r.bool("correct");
            long rt = r.longValue("rt_ms", 0);
            if (rt > MAX_RT_MS) {
                r.problem("rt_ms", rt + " ms is more than the " + MAX_RT_MS + " a response time may be");
            }
            Instant when = Instant.EPOCH;
            try {
                when = Instant.parse(r.text("timestamp"));
            } catch (DateTimeParseException e) {
                r.problem("timestamp", "'" + r.optional("timestamp") + "' is not an ISO-8601 instant "
                        + "(e.g. 2026-11-22T10:15:30Z)");
            }
            if (generator.isEmpty() != stage.isEmpty()) {
                r.problem(generator.isEmpty() ? "generator" : "stage",
                        "a metamer trial needs both generator and stage; a natural trial neither");
            }
            if (catchTrial && !generator.isEmpty()) {
                r.problem("catch", "catch trials show natural stimuli, this one shows a metamer");
            }
            if (new HashSet<>(choices).size() != choices.size() || choices.size() < 2) {
                r.problem("choices", "needs at least two distinct classes");
            }
            if (!choices.contains(response)) {
                r.problem("response", "'" + response + "' is not one of the choices");
            }
            if (!choices.contains(label)) {
                r.problem("label", "'" + label + "' is not one of the choices");
            }
            if (correct != response.equals(label)) {
                r.problem("correct", "says " + correct + " but the response '" + response + "' and the label '"
                        + label + "' " + (response.equals(label) ? "agree" : "differ"));
            }
            if (catalogue != null) {
                boolean known = catchTrial ? catalogue.hasCatch(stimulus) : generator.isEmpty()
                        ? catalogue.hasNatural(stimulus) : catalogue.hasMetamer(generator, stage, stimulus);
                if (!known) {
                    r.problem("stimulus", "unknown " + (catchTrial ? "catch stimulus " + stimulus : generator.isEmpty()
                            ? "stimulus " + stimulus : "stimulus " + generator + " / " + stage + " / " + stimulus));
                } else if (!label.equals(catalogue.label(stimulus))) {
                    r.problem("label", "'" + label + "' but stimulus " + stimulus + " is a '"
                            + catalogue.label(stimulus) + "'");
                }
            }
            if (!r.wellFormed()) {
                continue;
            }
            if (plan != null) {
                checkAgainstPlan(r, plan, experiment, participant, trial, generator, stage, stimulus, catchTrial, label,
                        choices);
            }
            String key = experiment + "\u0000" + participant + "\u0000" + trial;
            Long earlier = seen.putIfAbsent(key, r.line);
            if (earlier != null) {
                r.problem("trial", "duplicate trial " + trial + " of participant " + participant
                        + " in experiment " + experiment + " (first at line " + earlier + ")");
            }
            out.add(new Trial(experiment, participant, trial, generator, stage, stimulus, catchTrial, label, choices,
                    response, correct, rt, when));
        }
        csv.throwIfProblems();
        return out;
    }

    private static void checkAgainstPlan(StrictCsv.Row r, TrialPlan plan, String experiment, String participant,
            int trial, String generator, String stage, String stimulus, boolean catchTrial, String label,
            List<String> choices) {
        if (!experiment.equals(plan.experiment())) {
            r.problem("experiment", "'" + experiment + "' but the plan is experiment '" + plan.experiment() + "'");
            return;
        }
        if (!plan.hasParticipant(participant)) {
            r.problem("participant", "'" + participant + "' is not a participant of the plan");
            return;
        }
        TrialPlan.Planned p = plan.planned(participant, trial);
        if (p == null) {
            r.problem("trial", "the plan gave participant " + participant + " trials 1 to " + plan.trials(participant)
                    + ", not " + trial);
            return;
        }
        String which = "trial " + trial + " of participant " + participant;
        if (!generator.equals(p.generator())) {
            r.problem("generator", "'" + generator + "' but the plan gave " + which + " '" + p.generator() + "'");
        }
        if (!stage.equals(p.stage())) {
            r.problem("stage", "'" + stage + "' but the plan gave " + which + " '" + p.stage() + "'");
        }
        if (!stimulus.equals(p.stimulus())) {
            r.problem("stimulus", "'" + stimulus + "' but the plan gave " + which + " '" + p.stimulus() + "'");
        }
        if (catchTrial != p.catchTrial()) {
            r.problem("catch", catchTrial + " but the plan gave " + which + " " + p.catchTrial());
        }
        if (!label.equals(p.label())) {
            r.problem("label", "'" + label + "' but the plan gave " + which + " '" + p.label() + "'");
        }
        if (!choices.equals(plan.classes())) {
            r.problem("choices", "the plan offered " + String.join(CHOICE_SEPARATOR, plan.classes()));
        }
    }

    /** One trial as the cells of its row. */
    public static List<String> cells(Trial t) {
        return List.of(t.experiment(), t.participant(), Integer.toString(t.trial()), t.generator(), t.stage(),
                t.stimulus(), Boolean.toString(t.catchTrial()), t.label(), String.join(CHOICE_SEPARATOR, t.choices()),
                t.response(), Boolean.toString(t.correct()), Long.toString(t.reactionMs()), t.timestamp().toString());
    }

    /**
     * Appends trials to a trial file inside {@code root} (refused outside it, see
     * {@link org.metamerbench.results.AtomicFiles#inside}), creating it with its header, and forces them to
     * disk before returning: an answered trial survives a crash of the process or the machine.
     */
    public static synchronized void append(Path root, Path file, List<Trial> trials) throws IOException {
        List<List<String>> rows = new java.util.ArrayList<>();
        trials.forEach(t -> rows.add(cells(t)));
        org.metamerbench.results.CsvTable.append(root, file, HEADER, rows);
    }

    /**
     * Participants whose share of correct catch trials is below {@code threshold}, with their share:
     * they are excluded from analyses (and reported), not silently dropped.
     */
    public static Map<String, Double> failingCatchTrials(List<Trial> trials, double threshold) {
        Map<String, int[]> counts = new HashMap<>();
        for (Trial t : trials) {
            if (t.catchTrial()) {
                int[] c = counts.computeIfAbsent(t.experiment() + "/" + t.participant(), k -> new int[2]);
                c[0] += t.correct() ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, Double> failing = new java.util.TreeMap<>();
        counts.forEach((p, c) -> {
            double share = (double) c[0] / c[1];
            if (share < threshold) {
                failing.put(p, share);
            }
        });
        return failing;
    }

    /** The distinct participants ({@code experiment/participant}). */
    public static Set<String> participants(List<Trial> trials) {
        Set<String> s = new java.util.TreeSet<>();
        trials.forEach(t -> s.add(t.experiment() + "/" + t.participant()));
        return s;
    }
}
