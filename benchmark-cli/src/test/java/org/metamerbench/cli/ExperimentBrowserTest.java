package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.runner.Chromium;
import org.metamerbench.cli.Main;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.metamerbench.runner.experiment.ExperimentPlan;
import org.metamerbench.runner.experiment.ExperimentServer;

/**
 * The browser experiment end to end in headless Chromium: practice, timed trials answered by clicks,
 * the server stopped mid-session and restarted, the session resumed, and every answered trial found
 * in trials.csv exactly once.
 */
class ExperimentBrowserTest {

    @TempDir
    static Path tmp;
    static Path experiment;
    static WebDriver driver;

    @BeforeAll
    static void setUp() throws IOException {
        Chromium.require();
        Path results = tmp.resolve("results");
        int rc = Main.execute("run", "--models", "cnn-s1", "--observers", "cnn-s1,mlp", "--stages",
                "conv1_relu,final", "--stimuli", "10", "--schedule-stages", "8", "--steps", "40", "--bootstrap", "50", "--out", results.toString(), "--run-id", "exp");
        assertEquals(0, rc);
        experiment = tmp.resolve("experiment");
        assertEquals(0, Main.execute("experiment", "build", "--run", results.resolve("exp").toString(), "--out",
                experiment.toString(), "--participants", "2", "--catch", "1", "--name", "pilot"));
        driver = Chromium.start(1200, 900);
    }

    @AfterAll
    static void tearDown() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static void waitPhase(String... phases) {
        ExperimentPage.waitPhase(driver, phases);
    }

    private static void waitCount(String phase, long n) {
        ExperimentPage.waitCount(driver, phase, n);
    }

    private static void answer(int choice) {
        ExperimentPage.answer(driver, choice);
    }

    private static void enter(int port, String participant) {
        ExperimentPage.enter(driver, "http://127.0.0.1:" + port + "/", participant);
    }

    /** The test answers natural and catch trials correctly, metamer trials with {@code other}. */
    private static int choiceFor(ExperimentPlan plan, String participant, int trial, int other) {
        ExperimentPlan.PlannedTrial t = plan.trial(participant, trial);
        return t.generator().isEmpty() ? plan.classes().indexOf(t.label()) : other;
    }

    private static List<Double> durations(String from, String to) {
        return ExperimentPage.durations(driver, from, to);
    }

    @Test
    void aWholeSessionSurvivesAServerRestartAndStoresEachTrialOnce() throws Exception {
        ExperimentPlan plan = ExperimentPlan.read(experiment);
        String code = plan.participants().keySet().iterator().next();
        String second = plan.participants().keySet().stream().skip(1).findFirst().orElseThrow();
        assertTrue(code.matches("p01-[a-z2-9]{10}"), code);
        int total = plan.trials(code);
        assertEquals(10 + 1, total, "each of the 10 stimuli once, and one catch trial");
        ExperimentServer server = ExperimentServer.start(experiment, "127.0.0.1", 0);
        int port = server.port();
        enter(port, code);
        for (int i = 0; i < plan.practice().size(); i++) {
            answer(i);
        }
        waitPhase("ready");
        driver.findElement(By.id("begin")).click();
        for (int i = 0; i < 3; i++) {
            answer(choiceFor(plan, code, i + 1, i % 10));
        }
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> server.answeredCount() == 3);
        // The published protocol's timing: fixation, stimulus and mask 300 ms each.
        for (String[] p : new String[][] {{"fixation", "stimulus"}, {"stimulus", "mask"}, {"mask", "choice"}}) {
            List<Double> measured = durations(p[0], p[1]);
            assertTrue(measured.size() >= plan.practice().size() + 3, p[0] + " -> " + p[1] + ": " + measured);
            for (double ms : measured) {
                assertTrue(ms >= 290 && ms <= 500, p[0] + " lasted " + ms + " ms");
            }
        }

        server.close();                       // the server stops mid-session
        answer(choiceFor(plan, code, 4, 3)); // this answer cannot be saved yet: the page retries
        waitPhase("saving-retry");
        ExperimentServer restarted = ExperimentServer.start(experiment, "127.0.0.1", port);
        try {
            for (int i = 4; i < total; i++) {
                answer(choiceFor(plan, code, i + 1, i % 10));
            }
            waitPhase("done");
            assertEquals(total, restarted.answeredCount());

            // A reloaded page with the same code resumes: nothing is left, nothing is asked twice.
            enter(port, code);
            waitPhase("ready");
            driver.findElement(By.id("begin")).click();
            waitPhase("done");

            // Another participant stops after two trials and comes back.
            enter(port, second);
            for (int i = 0; i < plan.practice().size(); i++) {
                answer(0);
            }
            waitPhase("ready");
            driver.findElement(By.id("begin")).click();
            answer(1);
            answer(2);
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> restarted.answeredCount() == total + 2);
            enter(port, second);
            waitPhase("ready");
            driver.findElement(By.id("begin")).click();
            waitCount("fixation", 1);
            assertTrue(driver.findElement(By.id("progress")).getText().startsWith("Trial 3 of " + total),
                    driver.findElement(By.id("progress")).getText());
        } finally {
            restarted.close();
        }

        List<Trial> stored = TrialFile.read(experiment.resolve(ExperimentPlan.TRIALS_CSV), plan.catalogue());
        TreeSet<Integer> p01 = new TreeSet<>();
        stored.stream().filter(t -> t.participant().equals(code)).forEach(t -> p01.add(t.trial()));
        assertEquals(total, stored.stream().filter(t -> t.participant().equals(code)).count(), "each trial once");
        assertEquals(total, p01.size());
        assertEquals(List.of(1, 2), stored.stream().filter(t -> t.participant().equals(second)).map(Trial::trial)
                .sorted().toList());
        for (Trial t : stored) {
            ExperimentPlan.PlannedTrial planned = plan.trial(t.participant(), t.trial());
            assertEquals(planned.stimulus(), t.stimulus());
            assertEquals(planned.generator(), t.generator());
            assertEquals(t.response().equals(planned.label()), t.correct());
            assertTrue(t.reactionMs() >= 0);
        }

        Path humans = tmp.resolve("humans");
        assertEquals(0, Main.execute("experiment", "import", experiment.toString(), "--into", humans.toString()));
        assertEquals(0, Main.execute("experiment", "import", experiment.toString(), "--into", humans.toString()),
                "importing again adds nothing and changes nothing");
        assertEquals(total + 2, TrialFile.read(humans.resolve("pilot.trials.csv"), plan.catalogue()).size());

        // Imported judgments reach the report and the leaderboard. (The clicks are this test's, not a
        // person's, so the numbers mean nothing; what is tested is where they go.)
        Path run = tmp.resolve("results").resolve("exp");
        assertEquals(0, Main.execute("report", run.toString(), "--humans", humans.toString()));
        String report = Files.readString(run.resolve("report.html"));
        assertTrue(report.contains("humans \u00b1 SEM"), "a measured human column in the stage table");
        assertTrue(report.contains("participants)"), "human recognisability with its participant count");
        Path site = tmp.resolve("site");
        assertEquals(0, Main.execute("leaderboard", "build", "--results", run.toString(), "--out", site.toString(),
                "--humans", humans.toString()));
        com.fasterxml.jackson.databind.JsonNode board = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(site.resolve("leaderboard.json").toFile());
        assertTrue(board.at("/models/0/human_recognisability").isNumber(), board.toString());
    }
}
