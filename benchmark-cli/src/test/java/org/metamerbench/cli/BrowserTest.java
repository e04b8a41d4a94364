package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.reports.HtmlReport;
import org.metamerbench.runner.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, through Selenium) over the HTML report of
 * a real run and the leaderboard site built from it, both opened from disk: every image loads, a
 * click on a column header re-sorts a table. Screenshots go to target/screenshots/.
 */
class BrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path tmp;
    static Path run;
    static Path site;
    static WebDriver driver;

    @BeforeAll
    static void setUp() throws IOException {
        Chromium.require();
        Path results = tmp.resolve("results");
        Object[] r = ZooVariant.capture(() -> Main.execute("run", "--models", "cnn-s1,cnn-adv-l2", "--observers",
                "cnn-s1,cnn-adv-l2,mlp", "--stages", "conv1_relu,fc1_relu,final", "--stimuli", "10", "--schedule-stages",
                "8", "--steps", "40", "--bootstrap", "100", "--out", results.toString(),
                "--run-id", "browser"));
        assertEquals(0, r[0], (String) r[1]);
        run = results.resolve("browser");
        assertTrue(Files.isRegularFile(run.resolve(HtmlReport.REPORT_HTML)), "run writes its report");
        site = tmp.resolve("site");
        Object[] b = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results", run.toString(), "--out",
                site.toString()));
        assertEquals(0, b[0], (String) b[1]);
        Files.createDirectories(SCREENSHOTS);

        driver = Chromium.start(1400, 2200);
    }

    @AfterAll
    static void tearDown() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static void open(Path file) {
        driver.get(file.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> ((JavascriptExecutor) d)
                .executeScript("return document.readyState === 'complete' && Array.from(document.images)"
                        + ".every(function (i) { return i.complete; })").equals(Boolean.TRUE));
    }

    /** Number of images on the page; fails naming any that did not load. */
    @SuppressWarnings("unchecked")
    private static int assertAllImagesLoad() {
        List<Object> broken = (List<Object>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.images).filter(function (i) { return !(i.naturalWidth > 0); })"
                        + ".map(function (i) { return i.alt || i.src.substring(0, 80); });");
        assertTrue(broken.isEmpty(), "images that did not load: " + broken);
        return ((Number) ((JavascriptExecutor) driver).executeScript("return document.images.length;")).intValue();
    }

    private static void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> column(String tableId, int index) {
        List<String> out = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#" + tableId + " tbody tr"))) {
            out.add(row.findElements(By.tagName("td")).get(index).getText());
        }
        return out;
    }

    private static void clickHeader(String tableId, String label) {
        for (WebElement th : driver.findElements(By.cssSelector("#" + tableId + " thead th"))) {
            if (th.getText().replaceAll("[\\u25B2\\u25BC]", "").trim().equals(label)) {
                th.click();
                return;
            }
        }
        throw new AssertionError("no header '" + label + "' in #" + tableId);
    }

    @Test
    void theRunReportShowsEveryChartAndSortsItsTables() throws IOException {
        open(run.resolve(HtmlReport.REPORT_HTML));
        int images = assertAllImagesLoad();
        assertEquals(2 + 4 * 2, images, "summary, matrix and four charts per generator");
        screenshot("report");
        // Sort the stage table by generator: clicking twice reverses the order.
        clickHeader("stage-scores", "stage");
        List<String> asc = column("stage-scores", 1);
        List<String> sorted = new ArrayList<>(asc);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, asc);
        clickHeader("stage-scores", "stage");
        List<String> desc = column("stage-scores", 1);
        sorted.sort(Comparator.comparing((String s) -> s.toLowerCase(java.util.Locale.ROOT)).reversed());
        assertEquals(sorted, desc);
        screenshot("report-sorted-by-stage");
    }

    /** The leaderboard's model column: after rank, rank interval and tier. */
    private static final int MODEL = 3;

    @Test
    void theLeaderboardLoadsItsChartsAndReSortsOnAHeaderClick() throws IOException {
        open(site.resolve("index.html"));
        assertEquals(1, assertAllImagesLoad());
        List<String> byRank = column("leaderboard", MODEL);
        assertEquals(List.of("cnn-adv-l2", "cnn-s1"), byRank, "the adversarially trained CNN's metamers rank first");
        screenshot("leaderboard");
        clickHeader("leaderboard", "model");
        assertEquals(List.of("cnn-adv-l2", "cnn-s1"), column("leaderboard", MODEL));
        clickHeader("leaderboard", "model");
        assertEquals(List.of("cnn-s1", "cnn-adv-l2"), column("leaderboard", MODEL), "a second click reverses");
        clickHeader("leaderboard", "recognisability (models) \u00b1 SE");
        List<String> ascending = column("leaderboard", MODEL + 2);
        double first = Double.parseDouble(ascending.get(0).split(" ")[0]);
        double second = Double.parseDouble(ascending.get(1).split(" ")[0]);
        assertTrue(first <= second, "numeric ascending sort: " + ascending);
        screenshot("leaderboard-sorted");

        driver.findElement(By.linkText("cnn-adv-l2")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("cnn-adv-l2.html"));
        open(site.resolve("models").resolve("cnn-adv-l2.html"));
        assertEquals(4, assertAllImagesLoad(), "recognition, pass rate, loss curves, metamer grid");
        assertFalse(driver.findElements(By.id("stage-scores")).isEmpty());
        screenshot("leaderboard-model-page");
    }
}
