package org.metamerbench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The experiment page as the browser tests drive it: its phase, its timeline, a participant's clicks. */
final class ExperimentPage {
    private ExperimentPage() {
    }

    static String phase(WebDriver driver) {
        return driver.findElement(By.tagName("body")).getAttribute("data-phase");
    }

    static void waitPhase(WebDriver driver, String... phases) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .until(d -> List.of(phases).contains(phase(driver)));
    }

    /** How many times the page has entered {@code phase} since it was loaded. */
    static long count(WebDriver driver, String phase) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.experimentTimeline.filter("
                + "function (e) { return e.phase === '" + phase + "'; }).length;")).longValue();
    }

    /** Waits until the page has entered {@code phase} at least {@code n} times (short phases are not missed). */
    static void waitCount(WebDriver driver, String phase, long n) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .until(d -> count(driver, phase) >= n);
    }

    /** Waits for the next choice screen and clicks a class; returns once the answer is saving or fed back. */
    static void answer(WebDriver driver, int choice) {
        answer(driver, "choice-" + choice);
    }

    /** Waits for the next choice screen and clicks the button {@code id}; returns once it is saving or fed back. */
    static void answer(WebDriver driver, String id) {
        long before = count(driver, "saving") + count(driver, "feedback");
        new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .until(d -> "choice".equals(phase(driver)));
        driver.findElement(By.id(id)).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .until(d -> count(driver, "saving") + count(driver, "feedback") > before);
    }

    /** Opens the page and starts as {@code participant}. */
    static void enter(WebDriver driver, String url, String participant) {
        driver.get(url);
        waitPhase(driver, "instructions");
        driver.findElement(By.id("participant")).clear();
        driver.findElement(By.id("participant")).sendKeys(participant);
        driver.findElement(By.id("start")).click();
    }

    /** The durations (ms) of every step of the timeline from phase {@code from} straight to {@code to}. */
    @SuppressWarnings("unchecked")
    static List<Double> durations(WebDriver driver, String from, String to) {
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) ((JavascriptExecutor) driver)
                .executeScript("return window.experimentTimeline;");
        List<Double> out = new ArrayList<>();
        for (int i = 0; i + 1 < timeline.size(); i++) {
            if (timeline.get(i).get("phase").equals(from) && timeline.get(i + 1).get("phase").equals(to)) {
                out.add(((Number) timeline.get(i + 1).get("t")).doubleValue()
                        - ((Number) timeline.get(i).get("t")).doubleValue());
            }
        }
        return out;
    }
}
