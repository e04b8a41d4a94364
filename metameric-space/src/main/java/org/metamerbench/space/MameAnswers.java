package org.metamerbench.space;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.CsvTable;

/**
 * The answers of a MAME experiment, {@value #FILE}: one row per answered trial, appended as each answer arrives and
 * forced to disk before it is acknowledged ({@link CsvTable#append}). Only {@code experiment serve} writes it, from
 * the answers of the people in front of its page; a model observer's answers go to {@code mame observe}'s own files and
 * have another header, so they cannot be read here.
 */
public final class MameAnswers {
    public static final String FILE = "answers.csv";
    public static final List<String> HEADER = List.of("participant", "trial", "kind", "condition", "eccentricity",
            "stage", "component", "sign", "level", "reached", "reference", "foil", "a", "x", "response", "correct",
            "rt_ms", "wait_ms", "time");
    /** The longest response time stored: ten minutes. */
    public static final long MAX_RT_MS = 600_000;

    private MameAnswers() {
    }

    /**
     * One answered trial.
     *
     * @param condition the condition's name, empty where the change is a different image
     * @param reached   the shift the image reached along the moved coordinate (NaN where none was asked for)
     * @param a         what A was: "changed" or "reference"
     * @param x         which one X was: "A" or "B"
     * @param response  the participant's answer: "A" or "B"
     * @param waitMs    how long the page's request for the trial waited for its images (0 where they were made while
     *                  the trial before was shown; -1, stored empty, where a server since restarted showed the trial)
     */
    public record Answer(String participant, int trial, MameTrial.Kind kind, String condition, double eccentricity,
            double level, double reached, int reference, int foil, String a, String x, String response,
            boolean correct, long rtMs, long waitMs, Instant time) {

        /** The answer to {@code t}, with the shift its image reached. */
        public static Answer of(String participant, MameTrial t, double reached, String response, long rtMs,
                long waitMs, Instant time) {
            return new Answer(participant, t.trial(), t.kind(), t.condition() == null || t.foilChange() ? ""
                    : t.condition().name(), t.eccentricity(), t.level(), reached, t.reference(), t.foil(),
                    t.aChanged() ? "changed" : "reference", t.xIsA() ? "A" : "B", response,
                    response.equals(t.correctResponse()), rtMs, waitMs, time);
        }

        /** Whether this is the answer to {@code t}: the same number, kind, condition, level and images. */
        boolean matches(MameTrial t) {
            Answer as = of(participant, t, reached, response, rtMs, waitMs, time);
            return as.trial == trial && as.kind == kind && as.condition.equals(condition)
                    && Double.compare(as.eccentricity, eccentricity) == 0
                    && Double.compare(as.level, level) == 0 && as.reference == reference && as.foil == foil
                    && as.a.equals(a) && as.x.equals(x) && as.correct == correct;
        }

        List<Object> cells(Map<String, MameExperiment.Placed> conditions) {
            MameExperiment.Placed p = conditions.get(condition);
            return List.of(participant, trial, kind.label(), condition, eccentricity,
                    p == null ? "" : p.condition().stage(), p == null ? "" : p.condition().component() + 1,
                    p == null ? "" : p.condition().sign() > 0 ? "+" : "-", level, reached, reference, foil, a, x,
                    response, correct, rtMs, waitMs < 0 ? "" : waitMs, time.toString());
        }
    }

    /** Appends one answer and forces it to disk. */
    public static synchronized void append(Path dir, MameExperiment plan, Answer a) throws IOException {
        CsvTable.append(dir, dir.resolve(FILE), HEADER, List.of(a.cells(plan.conditionsByName())));
    }

    /**
     * Every stored answer by participant, in trial order, each checked against the plan: a row that names an unknown
     * participant or condition, a kind, image or answer out of its range, or a trial out of order is refused naming
     * its file, line and column.
     */
    public static Map<String, List<Answer>> read(Path dir, MameExperiment plan) throws IOException {
        Path f = dir.resolve(FILE);
        Map<String, List<Answer>> out = new LinkedHashMap<>();
        plan.participants().keySet().forEach(p -> out.put(p, new ArrayList<>()));
        if (!Files.exists(f)) {
            return out;
        }
        Map<String, MameExperiment.Placed> conditions = plan.conditionsByName();
        for (CsvTable.Row r : CsvTable.read(f, HEADER)) {
            String p = r.get("participant");
            List<Answer> mine = out.get(p);
            if (mine == null) {
                throw new IOException(r.where("participant") + ": no participant '" + p + "' in the plan");
            }
            long trial = r.getLong("trial");
            if (trial != mine.size() + 1) {
                throw new IOException(r.where("trial") + ": trial " + trial + " of " + p + " where trial "
                        + (mine.size() + 1) + " comes next (each trial is stored once, in order)");
            }
            MameTrial.Kind kind;
            try {
                kind = MameTrial.Kind.valueOf(r.get("kind").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(r.where("kind") + ": '" + r.get("kind") + "' is not practice, staircase or "
                        + "catch");
            }
            String condition = r.get("condition");
            if (!condition.isEmpty() && !conditions.containsKey(condition)) {
                throw new IOException(r.where("condition") + ": no condition '" + condition + "' in the plan");
            }
            String a = oneOf(r, "a", "changed", "reference");
            String x = oneOf(r, "x", "A", "B");
            String response = oneOf(r, "response", "A", "B");
            boolean correct = r.getBoolean("correct");
            if (correct != response.equals(x)) {
                throw new IOException(r.where("correct") + ": " + correct + " for the answer " + response + " when X "
                        + "was " + x);
            }
            long rt = r.getLong("rt_ms");
            if (rt < 0 || rt > MAX_RT_MS) {
                throw new IOException(r.where("rt_ms") + ": " + rt + " is not from 0 to " + MAX_RT_MS);
            }
            long wait = r.get("wait_ms").isEmpty() ? -1 : r.getLong("wait_ms");
            if (wait < -1) {
                throw new IOException(r.where("wait_ms") + ": " + wait + " is negative");
            }
            Instant time;
            try {
                time = Instant.parse(r.get("time"));
            } catch (DateTimeParseException e) {
                throw new IOException(r.where("time") + ": '" + r.get("time") + "' is not an ISO-8601 instant");
            }
            mine.add(new Answer(p, (int) trial, kind, condition, r.getDouble("eccentricity"), number(r, "level"),
                    number(r, "reached"), (int) r.getLong("reference"), (int) r.getLong("foil"), a, x, response,
                    correct, rt, wait, time));
        }
        return out;
    }

    private static double number(CsvTable.Row r, String column) throws IOException {
        return r.get(column).isEmpty() ? Double.NaN : r.getDouble(column);
    }

    private static String oneOf(CsvTable.Row r, String column, String... allowed) throws IOException {
        String v = r.get(column);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IOException(r.where(column) + ": '" + v + "' is not one of " + List.of(allowed));
    }
}
