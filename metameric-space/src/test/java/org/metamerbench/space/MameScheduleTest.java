package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant's MAME schedule, its plan and its answers file, without a model or a browser: the order of practice,
 * staircase and catch trials; a trial made ahead is the trial that comes whatever the answer before it; a schedule
 * restored from stored answers continues with the trial that was pending; a file edited by hand is refused naming the
 * line. The answers here are drawn at random by the test (a simulated observer): they are written to a temporary
 * folder only.
 */
class MameScheduleTest {
    @TempDir
    Path dir;

    static MameExperiment plan(int practice, int catchEvery, int maxTrials, List<Double> eccentricities) {
        return new MameExperiment("pilot", "gen", "v1", "refs", "abc", List.of("early", "late"), eccentricities, 56, 4,
                MameExperiment.Timing.PUBLISHED, new Staircase.Rule(2, 0.25, 0.05, 16, 6, maxTrials), practice,
                catchEvery, MameExperiment.participants(3, 5));
    }

    /** Answers a whole session at random, checking each trial made ahead against the trial that comes. */
    static List<MameTrial> session(MameSchedule s, SplittableRandom answers) {
        List<MameTrial> out = new ArrayList<>();
        for (MameTrial t = s.next(); t != null; t = s.next()) {
            out.add(t);
            MameTrial ahead = s.following();
            s.record(answers.nextBoolean());
            if (ahead != null && s.next() != null) {
                assertEquals(s.next(), ahead, "the trial made ahead is the one that comes, whatever the answer");
            }
        }
        return out;
    }

    @Test
    void practiceThenStaircasesWithACatchTrialAfterEveryNUntilEveryStaircaseEnds() {
        MameExperiment p = plan(4, 5, 7, List.of(0.0, 8.0));
        assertEquals(2 * 2 * StageDimensions.CHOSEN * 2, p.conditions().size());
        String code = p.participants().keySet().iterator().next();
        List<MameTrial> trials = session(MameSchedule.start(p, code, 100), new SplittableRandom(3));
        for (int i = 0; i < 4; i++) {
            assertEquals(MameTrial.Kind.PRACTICE, trials.get(i).kind());
        }
        assertTrue(trials.get(0).foilChange(), "odd practice trials change to a different image");
        assertEquals(16.0, trials.get(1).level(), "even ones show a condition at the rule's ceiling");
        Map<String, Integer> perCondition = new HashMap<>();
        int sinceCatch = 0;
        for (MameTrial t : trials.subList(4, trials.size())) {
            if (t.kind() == MameTrial.Kind.CATCH) {
                assertEquals(5, sinceCatch, "a catch trial after every 5 staircase trials");
                assertTrue(t.foilChange() && t.foil() != t.reference());
                sinceCatch = 0;
            } else {
                assertEquals(MameTrial.Kind.STAIRCASE, t.kind());
                assertEquals(t.condition().eccentricity(), t.eccentricity());
                perCondition.merge(t.condition().name(), 1, Integer::sum);
                sinceCatch++;
            }
        }
        assertEquals(p.conditions().size(), perCondition.size());
        perCondition.values().forEach(n -> assertTrue(n <= 7, "no staircase beyond its trial limit"));
        assertEquals(trials.size(), trials.stream().mapToInt(MameTrial::trial).max().orElseThrow());
    }

    @Test
    void aScheduleRestoredFromItsAnswersGivesThePendingTrialAndAnEditedAnswerIsRefused() throws IOException {
        MameExperiment p = plan(2, 4, 12, List.of(0.0));
        String code = p.participants().keySet().iterator().next();
        String other = p.participants().keySet().stream().skip(1).findFirst().orElseThrow();
        MameSchedule live = MameSchedule.start(p, code, 50);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 23; i++) {
            MameTrial t = live.next();
            String response = r.nextBoolean() ? "A" : "B";
            MameAnswers.append(dir, p, MameAnswers.Answer.of(code, t, t.foilChange() ? Double.NaN : t.level() * 0.9,
                    response, 700, i == 0 ? 120 : 0, Instant.parse("2026-01-01T00:00:00Z")));
            live.record(response.equals(t.correctResponse()));
        }
        Map<String, List<MameAnswers.Answer>> read = MameAnswers.read(dir, p);
        assertEquals(23, read.get(code).size());
        assertTrue(read.get(other).isEmpty());
        MameSchedule restored = MameSchedule.restore(p, code, 50, read.get(code), "answers.csv");
        assertEquals(live.next(), restored.next());
        assertEquals(live.staircases().staircase(p.conditions().get(0).name()).trials(),
                restored.staircases().staircase(p.conditions().get(0).name()).trials());
        assertNotNull(MameSchedule.start(p, other, 50).next());

        // the file edited by hand: a level changed, a trial stored twice, a correctness that contradicts the answer
        Path f = dir.resolve(MameAnswers.FILE);
        List<String> lines = Files.readAllLines(f);
        int staircaseLine = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).contains(",staircase,")) {
                staircaseLine = i;
                break;
            }
        }
        String[] cells = lines.get(staircaseLine).split(",");
        cells[8] = "1.75";
        List<String> edited = new ArrayList<>(lines);
        edited.set(staircaseLine, String.join(",", cells));
        Files.write(f, edited);
        List<MameAnswers.Answer> tampered = MameAnswers.read(dir, p).get(code);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MameSchedule.restore(p, code, 50, tampered, "answers.csv"));
        assertTrue(e.getMessage().contains("trial " + staircaseLine) && e.getMessage().contains("not the trial"),
                e.getMessage());

        List<String> twice = new ArrayList<>(lines);
        twice.add(lines.get(lines.size() - 1));
        Files.write(f, twice);
        IOException dup = assertThrows(IOException.class, () -> MameAnswers.read(dir, p));
        assertTrue(dup.getMessage().contains(":" + (lines.size() + 1) + ":") && dup.getMessage().contains("once"),
                dup.getMessage());

        List<String> contradiction = new ArrayList<>(lines);
        String last = lines.get(lines.size() - 1);
        contradiction.set(lines.size() - 1, last.contains(",true,") ? last.replace(",true,", ",false,")
                : last.replace(",false,", ",true,"));
        Files.write(f, contradiction);
        IOException wrong = assertThrows(IOException.class, () -> MameAnswers.read(dir, p));
        assertTrue(wrong.getMessage().contains("(correct)"), wrong.getMessage());
    }

    @Test
    void thePlanAndItsDimensionsComeBackAsWritten() throws IOException {
        MameExperiment p = plan(6, 10, 80, List.of(4.0, 8.0, 12.0));
        double[][] x = new double[40][9];
        SplittableRandom r = new SplittableRandom(2);
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.pow(r.nextDouble(-1, 1), 3) + (j > 0 ? 0.3 * row[j - 1] : 0);
            }
        }
        StageDimensions early = new StageDimensions("early", new int[] {3, 1, 1}, FastIca.fit(x, 4, 42), 4);
        StageDimensions late = new StageDimensions("late", new int[] {3, 1, 1}, FastIca.fit(x, 4, 7), 4);
        p.write(dir, List.of(early, late));
        MameExperiment back = MameExperiment.read(dir);
        assertEquals(p, back);
        assertEquals(224, back.sizePx());
        assertEquals("early/c1+@4deg", back.conditions().get(0).name());
        List<StageDimensions> dims = back.dimensions(dir);
        assertArrayEquals(early.ica().components()[2], dims.get(0).ica().components()[2]);
        assertArrayEquals(late.ica().mean(), dims.get(1).ica().mean());
        float[] activation = {0.3f, -1.2f, 0.5f};
        assertArrayEquals(early.coordinates(activation), dims.get(0).coordinates(activation));

        Files.writeString(dir.resolve(MameExperiment.FILE), Files.readString(dir.resolve(MameExperiment.FILE))
                .replace("\"practice\" : 6", "\"practice\" : -1"));
        IOException e = assertThrows(IOException.class, () -> MameExperiment.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(MameExperiment.FILE).toString()), e.getMessage());
    }
}
