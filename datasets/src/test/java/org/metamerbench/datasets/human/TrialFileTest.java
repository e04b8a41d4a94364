package org.metamerbench.datasets.human;

import org.metamerbench.datasets.csv.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trial format and its validator, on files written by the tests themselves (format checks, not
 * human data: nothing here is used as a judgment).
 */
class TrialFileTest {
    static final List<String> CLASSES = List.of("Bag", "Coat", "Dress");
    @TempDir
    Path dir;

    static StimulusCatalogue catalogue() {
        return new StimulusCatalogue(Map.of("s1", "Bag", "s2", "Coat"),
                Set.of(StimulusCatalogue.key("cnn", "final", "s1"), StimulusCatalogue.key("cnn", "final", "s2")),
                Map.of("t1", "Bag", "t2", "Coat"), CLASSES);
    }

    static Trial trial(String participant, int n, String generator, String stage, String stimulus, boolean catchTrial,
            String label, String response) {
        return new Trial("e1", participant, n, generator, stage, stimulus, catchTrial, label, CLASSES, response,
                label.equals(response), 800 + n, Instant.parse("2026-11-22T10:00:00Z").plusSeconds(n));
    }

    private Path valid(String name) throws IOException {
        Path f = dir.resolve(name);
        List<Trial> t = new ArrayList<>();
        t.add(trial("p1", 1, "", "", "t1", true, "Bag", "Bag"));
        t.add(trial("p1", 2, "cnn", "final", "s2", false, "Coat", "Dress"));
        t.add(trial("p2", 1, "", "", "t2", true, "Coat", "Bag"));
        t.add(trial("p2", 2, "cnn", "final", "s1", false, "Bag", "Bag"));
        TrialFile.append(dir, f, t.subList(0, 2));
        TrialFile.append(dir, f, t.subList(2, 4));
        return f;
    }

    @Test
    void appendedTrialsReadBackExactly() throws IOException {
        Path f = valid("a.trials.csv");
        List<Trial> read = TrialFile.read(f, catalogue());
        assertEquals(4, read.size());
        assertEquals(trial("p1", 2, "cnn", "final", "s2", false, "Coat", "Dress"), read.get(1));
        assertEquals(1, Files.readAllLines(f).stream().filter(l -> l.startsWith("experiment,")).count(), "one header");
        assertEquals(Map.of("e1/p2", 0.0), TrialFile.failingCatchTrials(read, 0.5));
        List<ConditionScore> summary = SummaryFile.summarise(read, "image", Set.of("e1/p2"));
        assertEquals(2, summary.size());
        assertEquals(1.0, summary.get(0).proportionCorrect());
        assertEquals("natural", summary.get(0).stage());
        assertEquals(0.0, summary.get(1).proportionCorrect());
    }

    private static void replaceLine(Path f, int line, String from, String to) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        assertTrue(lines.get(line - 1).contains(from), lines.get(line - 1));
        lines.set(line - 1, lines.get(line - 1).replaceFirst(java.util.regex.Pattern.quote(from), to));
        Files.write(f, lines);
    }

    @Test
    void aWrongColumnIsNamedWithItsPosition() throws IOException {
        Path f = valid("b.trials.csv");
        replaceLine(f, 1, "stimulus", "stimulus_id");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrialFile.read(f, catalogue()));
        assertTrue(e.getMessage().contains(f + ":1:6: header: expected column 'stimulus', found 'stimulus_id'"),
                e.getMessage());
    }

    @Test
    void aNonNumericCellIsNamedWithLineAndColumn() throws IOException {
        Path f = valid("c.trials.csv");
        replaceLine(f, 2, ",801,", ",slow,");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrialFile.read(f, catalogue()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(f + ":2:12: rt_ms: 'slow' is not an integer (digits 0-9 only)", e.problems().get(0).toString());
    }

    @Test
    void duplicateTrialsUnknownStimuliAndContradictionsAreRefused() throws IOException {
        Path f = valid("d.trials.csv");
        TrialFile.append(dir, f, List.of(trial("p1", 2, "cnn", "final", "s2", false, "Coat", "Coat")));
        TrialFile.append(dir, f, List.of(trial("p3", 1, "cnn", "pool2", "s1", false, "Bag", "Bag")));
        replaceLine(f, 5, ",Bag,true,", ",Bag,false,");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrialFile.read(f, catalogue()));
        String m = e.getMessage();
        assertTrue(m.contains(f + ":6:3: trial: duplicate trial 2 of participant p1 in experiment e1 (first at line 3)"), m);
        assertTrue(m.contains(f + ":7:6: stimulus: unknown stimulus cnn / pool2 / s1"), m);
        assertTrue(m.contains(f + ":5:11: correct: says false"), m);
        assertEquals(3, e.problems().size(), m);
    }

    @Test
    void aBadFileIsRefusedAndAValidOneBesideItStillLoads() throws IOException {
        valid("good.trials.csv");
        Path bad = valid("bad.trials.csv");
        replaceLine(bad, 2, ",801,", ",fast,");
        Files.writeString(dir.resolve("notes.txt"), "not a dataset");
        HumanDatasets.Loaded loaded = HumanDatasets.load(dir, catalogue());
        assertEquals(Set.of(dir.resolve("good.trials.csv")), loaded.trials().keySet());
        assertEquals(Set.of(bad), loaded.refused().keySet());
        assertTrue(loaded.refused().get(bad).getMessage().contains(bad + ":2:12: rt_ms"));
    }

    @Test
    void theSummaryFormIsValidatedToo() throws IOException {
        Path f = dir.resolve("s.summary.csv");
        Files.writeString(f, String.join(",", SummaryFile.HEADER) + "\n"
                + "image,1,cnn,final,0,human,0.5\n"
                + "image,1,cnn,final,0,human,0.25\n"
                + "image,1,cnn,final,1,human,1.5\n"
                + "sound,1,cnn,final,2,human,0.5\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> SummaryFile.read(f));
        String m = e.getMessage();
        assertTrue(m.contains(f + ":3:5: participant: duplicate"), m);
        assertTrue(m.contains(f + ":4:7: proportion_correct: '1.5' is outside [0.0, 1.0]"), m);
        assertTrue(m.contains(f + ":5:1: modality: 'sound'"), m);
    }
}
