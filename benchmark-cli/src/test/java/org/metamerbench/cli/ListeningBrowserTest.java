package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metamerbench.cli.ExperimentPage.answer;
import static org.metamerbench.cli.ExperimentPage.durations;
import static org.metamerbench.cli.ExperimentPage.enter;
import static org.metamerbench.cli.ExperimentPage.waitPhase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
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
 * The listening experiment in headless Chromium: a run on spoken words, its experiment built with sounds under
 * random names, every trial's sound played once to its end before the choice, a session interrupted by a reload
 * and resumed, and every answer stored once.
 */
class ListeningBrowserTest {

    @Test
    void aWholeListeningSessionPlaysEachSoundOnceAndStoresEachAnswerOnce(@TempDir Path tmp) throws Exception {
        Chromium.require();
        Path results = tmp.resolve("results");
        assertEquals(0, Main.execute("run", "--profile", "audio", "--models", "word50-cnn-s1", "--observers",
                "word50-cnn-s1", "--stages", "cochleagram,final", "--stimuli", "10", "--schedule-stages", "2", "--steps",
                "10", "--bootstrap", "50", "--out", results.toString(), "--run-id", "words"));
        Path experiment = tmp.resolve("experiment");
        assertEquals(0, Main.execute("experiment", "build", "--run", results.resolve("words").toString(), "--out",
                experiment.toString(), "--participants", "1", "--catch", "2", "--name", "listening"));
        ExperimentPlan plan = ExperimentPlan.read(experiment);
        assertTrue(plan.sound());
        String code = plan.participants().keySet().iterator().next();
        int total = plan.trials(code);
        assertEquals(10 + 2, total, "each of the 10 stimuli once, and two catch trials");
        for (ExperimentPlan.PlannedTrial t : plan.participants().get(code)) {
            assertTrue(t.image().matches("stimuli/[a-z2-9]{26}\\.wav"), "blind names: " + t.image());
            assertTrue(Files.size(experiment.resolve(t.image())) == 44 + 2 * 16_000, t.image());
        }
        assertTrue(!Files.exists(experiment.resolve(ExperimentPlan.MASK)), "no mask for sounds");

        WebDriver driver = Chromium.start(1200, 900);
        ExperimentServer server = ExperimentServer.start(experiment, "127.0.0.1", 0);
        try {
            String url = "http://127.0.0.1:" + server.port() + "/";
            enter(driver, url, code);
            for (int i = 0; i < plan.practice().size(); i++) {
                answer(driver, i);
            }
            waitPhase(driver, "ready");
            driver.findElement(By.id("begin")).click();
            for (int i = 0; i < 5; i++) {
                answer(driver, plan.classes().indexOf(plan.trial(code, i + 1).label()));
            }
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> server.answeredCount() == 5);
            // Each sound played to its end (1 s) between the fixation's end and the choice; nothing else plays.
            List<Double> played = durations(driver, "stimulus", "choice");
            assertEquals(plan.practice().size() + 5, played.size(), played.toString());
            for (double ms : played) {
                assertTrue(ms >= 950 && ms <= 3000, "a sound lasted " + ms + " ms");
            }
            assertEquals("Which word was it?", driver.findElement(By.id("question")).getAttribute("textContent"));
            // Interrupted: the page is reloaded; the same code resumes at trial 6.
            enter(driver, url, code);
            waitPhase(driver, "ready");
            driver.findElement(By.id("begin")).click();
            for (int i = 5; i < total; i++) {
                answer(driver, i % 10);
            }
            waitPhase(driver, "done");
            assertEquals(total, server.answeredCount());
        } finally {
            server.close();
            driver.quit();
        }
        List<Trial> stored = TrialFile.read(experiment.resolve(ExperimentPlan.TRIALS_CSV), plan.catalogue());
        TreeSet<Integer> trials = new TreeSet<>();
        stored.forEach(t -> trials.add(t.trial()));
        assertEquals(total, stored.size(), "each answer once");
        assertEquals(total, trials.size());
        for (Trial t : stored) {
            ExperimentPlan.PlannedTrial planned = plan.trial(t.participant(), t.trial());
            assertEquals(planned.stimulus(), t.stimulus());
            assertEquals(t.response().equals(planned.label()), t.correct());
        }
        assertTrue(stored.stream().filter(t -> t.trial() <= 5).allMatch(Trial::correct),
                "the first five were answered with their words");
    }
}
