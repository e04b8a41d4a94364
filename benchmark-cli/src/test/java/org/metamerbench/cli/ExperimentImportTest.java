package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.runner.SmallRun;
import org.metamerbench.cli.Main;
import org.metamerbench.runner.experiment.ExperimentPlan;

/**
 * {@code experiment import} checks the trials against the plan, trial by trial: a row the plan did not
 * assign is refused at its file:line:column and the human-judgment folder stays byte-identical. The
 * answers here are written by the test to exercise the check; they are not human data and are never
 * kept.
 */
class ExperimentImportTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path experiment;
    static ExperimentPlan plan;
    static String p1;

    @BeforeAll
    static void setUp() throws IOException {
        run = SmallRun.make(tmp.resolve("results"));
        experiment = tmp.resolve("experiment");
        plan = ExperimentPlan.build(run, experiment, "pilot", 2, 1, 1);
        p1 = plan.participants().keySet().iterator().next();
    }

    /** The first three trials of p1 as the server would store them (answer: the true class). */
    static List<String> rows() {
        List<String> out = new ArrayList<>();
        out.add(String.join(",", TrialFile.HEADER));
        for (int i = 1; i <= 3; i++) {
            ExperimentPlan.PlannedTrial t = plan.trial(p1, i);
            out.add(row(i, t.stimulus(), t.label()));
        }
        return out;
    }

    /** p1's trial {@code i} in its planned condition, showing {@code stimulus}, answered with its label. */
    static String row(int i, String stimulus, String label) {
        ExperimentPlan.PlannedTrial t = plan.trial(p1, i);
        Trial row = new Trial("pilot", p1, i, t.generator(), t.stage(), stimulus, t.catchTrial(), label,
                plan.classes(), label, true, 700 + i, Instant.parse("2026-11-29T10:00:00Z").plusSeconds(i));
        return String.join(",", TrialFile.cells(row).stream().map(c -> c.contains(",") ? "\"" + c + "\"" : c)
                .toList());
    }

    static Object[] importInto(Path humans) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.PrintStream cap = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(cap);
        System.setErr(cap);
        try {
            int rc = Main.execute("experiment", "import", experiment.toString(), "--into", humans.toString());
            return new Object[] {rc, buf.toString(java.nio.charset.StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** name, change of row 3 (line 4 of the file), the problem expected after "trials.csv:4:". */
    static Stream<Arguments> contradictions() {
        return Stream.of(
                Arguments.of("participant never assigned", (UnaryOperator<String>) r -> r.replace(p1, "p99-zzzzzzzzzz"),
                        "2: participant: 'p99-zzzzzzzzzz' is not a participant of the plan"),
                Arguments.of("trial number never assigned", (UnaryOperator<String>) r -> r.replaceFirst(p1 + ",3,",
                        p1 + ",999,"), "3: trial: the plan gave participant " + p1 + " trials 1 to "
                                + plan.trials(p1) + ", not 999"),
                Arguments.of("stimulus of another trial", (UnaryOperator<String>) r -> row(3,
                        other(plan.trial(p1, 3).stimulus()), plan.catalogue().label(other(plan.trial(p1, 3).stimulus()))),
                        "6: stimulus: '" + other(plan.trial(p1, 3).stimulus()) + "' but the plan gave trial 3 of "
                                + "participant " + p1 + " '" + plan.trial(p1, 3).stimulus() + "'"),
                Arguments.of("another experiment", (UnaryOperator<String>) r -> r.replaceFirst("^pilot,", "pilot2,"),
                        "1: experiment: 'pilot2' but the plan is experiment 'pilot'"));
    }

    /** Another stimulus the plan shows in the same condition as p1's trial 3. */
    static String other(String id) {
        ExperimentPlan.PlannedTrial t3 = plan.trial(p1, 3);
        return plan.participants().values().stream().flatMap(List::stream)
                .filter(t -> !t.catchTrial() && !t.stimulus().equals(id) && t.generator().equals(t3.generator())
                        && t.stage().equals(t3.stage()))
                .map(ExperimentPlan.PlannedTrial::stimulus).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contradictions")
    void aRowThePlanDidNotAssignIsRefusedAndTheDestinationIsUnchanged(String name, UnaryOperator<String> change,
            String problem) throws IOException {
        Path humans = Files.createDirectories(tmp.resolve("humans-" + name.replace(' ', '-')));
        Path csv = experiment.resolve(ExperimentPlan.TRIALS_CSV);
        List<String> good = rows();
        Files.write(csv, good.subList(0, 3));
        Object[] r = importInto(humans);
        assertEquals(0, r[0], (String) r[1]);
        Path target = humans.resolve("pilot.trials.csv");
        byte[] before = Files.readAllBytes(target);

        List<String> bad = new ArrayList<>(good);
        bad.set(3, change.apply(good.get(3)));
        Files.write(csv, bad);
        r = importInto(humans);
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains(csv + ":4:" + problem), name + ": " + r[1]);
        assertArrayEquals(before, Files.readAllBytes(target), name + ": the stored judgments are byte-identical");
        try (var s = Files.list(humans)) {
            assertEquals(1, s.count(), "nothing else written");
        }
    }

    @Test
    void theRowsThePlanAssignedAreImportedAndValidateAgainstTheRunWithTheirCatchTrials() throws IOException {
        Path humans = Files.createDirectories(tmp.resolve("humans-good"));
        List<String> all = new ArrayList<>(List.of(String.join(",", TrialFile.HEADER)));
        for (int i = 1; i <= plan.trials(p1); i++) {
            all.add(row(i, plan.trial(p1, i).stimulus(), plan.trial(p1, i).label()));
        }
        assertTrue(plan.participants().get(p1).stream().anyMatch(ExperimentPlan.PlannedTrial::catchTrial));
        Files.write(experiment.resolve(ExperimentPlan.TRIALS_CSV), all);
        Object[] r = importInto(humans);
        assertEquals(0, r[0], (String) r[1]);
        Path stored = humans.resolve("pilot.trials.csv");
        assertEquals(plan.trials(p1), TrialFile.read(stored, plan.catalogue(), plan).size());
        // The run's own catch trials (images of its null pool) are known stimuli, not unknown ones.
        int rc = Main.execute("humans", "validate", "--run", run.toString(), stored.toString());
        assertEquals(0, rc);
    }
}
