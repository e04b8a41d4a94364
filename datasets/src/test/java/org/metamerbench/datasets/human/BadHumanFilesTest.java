package org.metamerbench.datasets.human;

import org.metamerbench.datasets.csv.InvalidDataException;
import org.metamerbench.datasets.csv.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files that people send, read strictly: each bad file gets exactly its problems, each at its
 * {@code file:line:column}, in words and without an exception's text. (The rows are constructed to
 * exercise the reader; they are not human data.)
 */
class BadHumanFilesTest {
    static final String HEADER = String.join(",", TrialFile.HEADER);
    static final String ROW1 = "e1,p1,1,,,t1,true,Bag,Bag|Coat|Dress,Bag,true,801,2026-11-22T10:00:01Z";
    static final String ROW2 = "e1,p1,2,cnn,final,s2,false,Coat,Bag|Coat|Dress,Dress,false,802,2026-11-22T10:00:02Z";

    @TempDir
    Path dir;

    /** The plan these rows follow: p1 was given trial 1 (catch t1) and trial 2 (cnn / final / s2). */
    static final TrialPlan PLAN = new TrialPlan() {
        @Override
        public String experiment() {
            return "e1";
        }

        @Override
        public List<String> classes() {
            return TrialFileTest.CLASSES;
        }

        @Override
        public boolean hasParticipant(String participant) {
            return participant.equals("p1");
        }

        @Override
        public int trials(String participant) {
            return hasParticipant(participant) ? 2 : 0;
        }

        @Override
        public Planned planned(String participant, int trial) {
            if (!hasParticipant(participant)) {
                return null;
            }
            return switch (trial) {
                case 1 -> new Planned("", "", "t1", true, "Bag");
                case 2 -> new Planned("cnn", "final", "s2", false, "Coat");
                default -> null;
            };
        }
    };

    /** name, bytes of the file, the problems expected (each after "file:", one per line). */
    static Stream<Arguments> badTrialFiles() {
        return Stream.of(
                bad("fractional trial", rows(ROW1, ROW2.replace(",2,cnn", ",1.7,cnn")),
                        "3:3: trial: '1.7' is not an integer (digits 0-9 only)"),
                bad("fullwidth digits", rows(ROW1, ROW2.replace(",802,", ",\uff18\uff10\uff12,")),
                        "3:12: rt_ms: '\uff18\uff10\uff12' is not an integer (digits 0-9 only)"),
                bad("exponent", rows(ROW1, ROW2.replace(",802,", ",1e300,")),
                        "3:12: rt_ms: '1e300' is not an integer (digits 0-9 only)"),
                bad("hex", rows(ROW1, ROW2.replace(",802,", ",0x1p-1,")),
                        "3:12: rt_ms: '0x1p-1' is not an integer (digits 0-9 only)"),
                bad("overflow", rows(ROW1, ROW2.replace(",802,", ",99999999999999999999,")),
                        "3:12: rt_ms: '99999999999999999999' is too large"),
                bad("response time over the server's bound", rows(ROW1, ROW2.replace(",802,", ",600001,")),
                        "3:12: rt_ms: 600001 ms is more than the 600000 a response time may be"),
                bad("plus sign", rows(ROW1, ROW2.replace(",802,", ",+802,")),
                        "3:12: rt_ms: '+802' is not an integer (digits 0-9 only)"),
                bad("byte-order mark", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, rows(ROW1, ROW2)),
                        "1:1: the file starts with a UTF-8 byte-order mark; save it as UTF-8 without one"),
                bad("Latin-1", rows(ROW1, ROW2).length == 0 ? null : latin1(),
                        "3:0: not UTF-8: byte 0xE9 at byte 50 of the line (a file saved as Latin-1 or Windows-1252?); "
                                + "save it as UTF-8"),
                bad("unclosed quote", rows(ROW1, ROW2.replace(",Dress,false", ",\"Dress,false")),
                        "3:0: not readable as CSV: a quoted cell is not closed, or text follows its closing quote"),
                bad("unknown participant", rows(ROW1, ROW2.replace("e1,p1,2", "e1,p9,2")),
                        "3:2: participant: 'p9' is not a participant of the plan"),
                bad("trial beyond the plan", rows(ROW1, ROW2.replace("e1,p1,2", "e1,p1,3")),
                        "3:3: trial: the plan gave participant p1 trials 1 to 2, not 3"),
                bad("other experiment", rows(ROW1, ROW2.replace("e1,p1,2", "e2,p1,2")),
                        "3:1: experiment: 'e2' but the plan is experiment 'e1'"),
                bad("stimulus swapped", rows(ROW1, ROW2.replace(",s2,", ",s1,").replace(",Coat,Bag|", ",Bag,Bag|")),
                        "3:6: stimulus: 's1' but the plan gave trial 2 of participant p1 's2'\n"
                                + "3:8: label: 'Bag' but the plan gave trial 2 of participant p1 'Coat'"),
                bad("condition swapped", rows(ROW1, ROW2.replace(",cnn,final,", ",cnn,pool2,")),
                        "3:5: stage: 'pool2' but the plan gave trial 2 of participant p1 'final'"),
                bad("choices reordered", rows(ROW1, ROW2.replace("Bag|Coat|Dress", "Coat|Bag|Dress")),
                        "3:9: choices: the plan offered Bag|Coat|Dress"));
    }

    static Arguments bad(String name, byte[] content, String problem) {
        return Arguments.of(name, content, problem);
    }

    static byte[] rows(String... rows) {
        return (HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A second row with "Dress" written as Latin-1 "Dr\u00e9ss" (one byte 0xE9). */
    static byte[] latin1() {
        return (HEADER + "\n" + ROW1 + "\n" + ROW2.replace(",Dress,false", ",Dr\u00e9ss,false") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static StimulusCatalogue catalogue() {
        return new StimulusCatalogue(Map.of("s1", "Bag", "s2", "Coat"), java.util.Set.of(
                StimulusCatalogue.key("cnn", "final", "s1"), StimulusCatalogue.key("cnn", "final", "s2"),
                StimulusCatalogue.key("cnn", "pool2", "s2")), Map.of("t1", "Bag"), TrialFileTest.CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTrialFiles")
    void aBadTrialFileGetsItsProblemsAtTheirPlace(String name, byte[] content, String problem) throws IOException {
        Path f = Files.write(dir.resolve("x.trials.csv"), content);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrialFile.read(f, catalogue(), PLAN),
                name);
        assertEquals(java.util.Arrays.stream(problem.split("\n")).map(p -> f + ":" + p).toList(),
                e.problems().stream().map(Problem::toString).toList(), name);
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void theGoodFileFollowsItsPlan() throws IOException {
        Path f = Files.write(dir.resolve("x.trials.csv"), rows(ROW1, ROW2));
        assertEquals(2, TrialFile.read(f, catalogue(), PLAN).size());
    }

    @Test
    void summaryNumbersArePlainDecimals() throws IOException {
        for (String bad : List.of("0x1p-1", "NaN", "Infinity", "0.5d", "\uff10.5")) {
            Path f = Files.writeString(dir.resolve("s.summary.csv"), String.join(",", SummaryFile.HEADER) + "\n"
                    + "image,1,cnn,final,0,human," + bad + "\n");
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> SummaryFile.read(f), bad);
            assertEquals(List.of(f + ":2:7: proportion_correct: '" + bad + "' is not a decimal number"),
                    e.problems().stream().map(Problem::toString).toList());
        }
    }
}
