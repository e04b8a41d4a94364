package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.Chromium;
import org.metamerbench.space.MameAnswers;
import org.metamerbench.space.MameExperiment;
import org.metamerbench.space.MameTrial;
import org.metamerbench.space.ObserverFiles;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A whole MAME session in headless Chromium: practice with feedback, staircase and catch trials answered by clicks, a
 * reload and a server restart mid-session, every answer found stored once, each 200 ms presentation (and every other
 * step of the published timing) measured by the page's own timestamps, nothing in what the page gets that names a
 * condition; then {@code mame analyse} on the answers. The clicks come from this test, which compares the images'
 * bytes (X is byte for byte A or B): its answers are a test's, not a person's, and mean nothing as data.
 */
class MameBrowserTest {
    /** The tolerance on a 200 ms presentation: from 10 ms short to 50 ms long (three frames at 60 Hz). */
    static final double SHORT_MS = 10;
    static final double LONG_MS = 50;

    @TempDir
    static Path tmp;
    static Path experiment;
    static WebDriver driver;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws IOException {
        Chromium.require();
        experiment = tmp.resolve("mame");
        Object[] r = ZooVariant.capture(() -> Main.execute("experiment", "build", "--mame", "--out",
                experiment.toString(), "--stages", "conv1_relu", "--pool-size", "200", "--participants", "2",
                "--practice", "2", "--catch-every", "3", "--max-trials", "1", "--name", "mame-pilot"));
        assertEquals(0, r[0], (String) r[1]);
        driver = Chromium.start(1200, 900);
    }

    @AfterAll
    static void tearDown() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static byte[] image(int port, JsonNode name) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + name.asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** What the page was given for the trial it shows: only image names, whether it is practice, and where. */
    private static JsonNode shown(int port, String code) throws Exception {
        ExperimentPage.waitPhase(driver, "choice");
        JsonNode t = get(port, "/api/trial/" + code);
        Set<String> fields = new HashSet<>();
        t.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("done", "trial", "practice", "offset_px", "a", "b", "x"), fields, t.toString());
        Set<String> names = new HashSet<>();
        for (String k : List.of("a", "b", "x")) {
            assertTrue(t.get(k).asText().matches("stimuli/[a-z0-9]{26}\\.png"), t.toString());
            names.add(t.get(k).asText());
        }
        assertEquals(3, names.size(), "A, B and X under names of their own: " + t);
        return t;
    }

    /** The button a perfect observer presses: X is byte for byte A, or else B. */
    private static String perfect(int port, JsonNode t) throws Exception {
        return Arrays.equals(image(port, t.get("a")), image(port, t.get("x"))) ? "choice-A" : "choice-B";
    }

    private static void answerPerfectly(int port, String code) throws Exception {
        ExperimentPage.answer(driver, perfect(port, shown(port, code)));
    }

    /** Every step of the trials the page has shown since it was loaded, by its own timestamps. */
    private static final class Timing {
        final List<Double> presentations = new ArrayList<>();
        final List<Double> fixations = new ArrayList<>();
        final List<Double> gaps = new ArrayList<>();
        final List<Double> beforeResponse = new ArrayList<>();

        void add() {
            for (String[] p : new String[][] {{"a", "gap1"}, {"b", "gap2"}, {"x", "wait"}}) {
                presentations.addAll(ExperimentPage.durations(driver, p[0], p[1]));
            }
            fixations.addAll(ExperimentPage.durations(driver, "fixation", "a"));
            gaps.addAll(ExperimentPage.durations(driver, "gap1", "b"));
            gaps.addAll(ExperimentPage.durations(driver, "gap2", "x"));
            beforeResponse.addAll(ExperimentPage.durations(driver, "wait", "choice"));
        }
    }

    private static void within(List<Double> measured, double target, int count, String what) {
        assertEquals(count, measured.size(), what + ": " + measured);
        for (double ms : measured) {
            assertTrue(ms >= target - SHORT_MS && ms <= target + LONG_MS, what + " lasted " + ms + " ms, not "
                    + target + " ms within -" + SHORT_MS + "/+" + LONG_MS + ": " + measured);
        }
        System.out.printf(java.util.Locale.ROOT, "%s: %d measured, %.1f to %.1f ms (target %.0f)%n", what,
                measured.size(), measured.stream().mapToDouble(d -> d).min().orElse(0),
                measured.stream().mapToDouble(d -> d).max().orElse(0), target);
    }

    private static void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(50))
                .until(d -> condition.getAsBoolean());
    }

    @Test
    void aWholeSessionSurvivesAReloadAndAServerRestartStoresEachAnswerOnceAndKeepsThePublishedTiming()
            throws Exception {
        MameExperiment plan = MameExperiment.read(experiment);
        String code = plan.participants().keySet().iterator().next();
        Timing timing = new Timing();
        String button7 = null;
        MameBuild.Served served = MameBuild.serve(experiment, "127.0.0.1", 0);
        int port = served.server().port();
        try {
            ExperimentPage.enter(driver, "http://127.0.0.1:" + port + "/", code);
            for (int i = 0; i < plan.practice(); i++) {
                answerPerfectly(port, code);
                ExperimentPage.waitCount(driver, "feedback", i + 1); // practice is told whether it was right
            }
            ExperimentPage.waitPhase(driver, "ready");
            driver.findElement(By.id("begin")).click();
            for (int i = 0; i < 3; i++) {
                answerPerfectly(port, code);
            }
            until(() -> served.server().answeredCount() == 5);
            timing.add();

            // a reload mid-session resumes at the pending trial, without practice
            driver.navigate().refresh();
            ExperimentPage.enter(driver, "http://127.0.0.1:" + port + "/", code);
            ExperimentPage.waitPhase(driver, "ready");
            assertTrue(driver.findElement(By.id("ready-text")).getText().startsWith("Welcome back"));
            driver.findElement(By.id("begin")).click();
            answerPerfectly(port, code); // trial 6: the catch trial
            JsonNode seventh = shown(port, code);
            assertEquals(7, seventh.get("trial").asInt());
            button7 = perfect(port, seventh);
        } finally {
            served.close(); // the server stops while trial 7 waits for its answer
        }
        driver.findElement(By.id(button7)).click();
        ExperimentPage.waitPhase(driver, "saving-retry"); // the page keeps the answer and retries
        MameBuild.Served restarted = MameBuild.serve(experiment, "127.0.0.1", port);
        try {
            until(() -> restarted.server().answeredCount() == 7);
            answerPerfectly(port, code);
            answerPerfectly(port, code);
            ExperimentPage.waitPhase(driver, "done");
            assertEquals(9, restarted.server().answeredCount());
            timing.add();

            // an answer sent again is acknowledged and not stored twice; one to another trial is refused
            assertEquals(200, post(port, code, 3).statusCode());
            assertTrue(post(port, code, 3).body().contains("\"duplicate\":true"));
            assertEquals(409, post(port, code, 12).statusCode());
            assertEquals(9, restarted.server().answeredCount());
            // what faces the open web: no file by its path, no unknown code, no answer but A or B, no extra field
            for (String path : List.of("/stimuli/../dimensions.json", "/stimuli/%2e%2e/experiment.json",
                    "/experiment.json", "/api/trial/p01-nobody", "/api/participant/..%2Fetc")) {
                assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), path);
            }
            for (String body : List.of("{\"participant\":\"" + code + "\",\"trial\":10,\"response\":\"C\","
                    + "\"rt_ms\":10}", "{\"participant\":\"" + code + "\",\"trial\":10,\"response\":\"A\","
                    + "\"rt_ms\":10,\"correct\":true}", "not json")) {
                assertEquals(400, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/answer")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), body);
            }
        } finally {
            restarted.close();
        }

        // 9 trials: 2 practice, 6 staircases of one trial each, a catch trial after the third
        within(timing.presentations, 200, 3 * 9, "A, B and X");
        within(timing.fixations, 1500, 9, "fixation");
        within(timing.gaps, 500, 2 * 9, "gaps");
        within(timing.beforeResponse, 1000, 9, "before the answer");

        List<MameAnswers.Answer> stored = MameAnswers.read(experiment, plan).get(code);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), stored.stream().map(MameAnswers.Answer::trial).toList(),
                "each trial stored once, in order");
        assertEquals(List.of("practice", "practice", "staircase", "staircase", "staircase", "catch", "staircase",
                "staircase", "staircase"), stored.stream().map(a -> a.kind().label()).toList());
        assertEquals(new HashSet<>(plan.conditionsByName().keySet()), new HashSet<>(stored.stream().filter(a ->
                a.kind() == MameTrial.Kind.STAIRCASE).map(MameAnswers.Answer::condition).toList()),
                "each condition's staircase once");
        assertTrue(stored.stream().filter(a -> a.kind() != MameTrial.Kind.STAIRCASE && a.foil() >= 0)
                .allMatch(MameAnswers.Answer::correct), "a different image is told apart by the byte comparison");
        assertEquals(-1, stored.get(6).waitMs(), "trial 7 was shown by the server before its restart");
        long ready = stored.stream().filter(a -> a.waitMs() >= 0 && a.waitMs() < 50).count();
        System.out.println("wait_ms per trial: " + stored.stream().map(MameAnswers.Answer::waitMs).toList());
        assertTrue(ready >= 6, "trials made while the one before was shown: " + ready + " of 9");
        Files.readAllLines(experiment.resolve(MameAnswers.FILE)).forEach(line -> {
            for (String forbidden : List.of("stimuli/")) {
                assertFalse(line.contains(forbidden), "the answers name no served image: " + line);
            }
        });

        // the analysis of the answers (a test's clicks: where they go is tested, not what they say)
        Path analysis = tmp.resolve("analysis");
        Object[] r = ZooVariant.capture(() -> Main.execute("mame", "analyse", experiment.toString(), "--out",
                analysis.toString(), "--bootstrap", "50", "--controls", "2"));
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(6, org.metamerbench.results.CsvTable.read(analysis.resolve(ObserverFiles.THRESHOLDS_CSV),
                ObserverFiles.THRESHOLDS_HEADER).size());
        assertTrue(JSON.readTree(analysis.resolve(ObserverFiles.RECORD_JSON).toFile()).path("human_data")
                .asBoolean());
        assertTrue(Files.readString(analysis.resolve("report.html")).contains("MAME with people"));
    }

    private static HttpResponse<String> post(int port, String code, int trial) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/answer"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"participant\":\"" + code + "\",\"trial\":" + trial
                        + ",\"response\":\"B\",\"rt_ms\":10}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
