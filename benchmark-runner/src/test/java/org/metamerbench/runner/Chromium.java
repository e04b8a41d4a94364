package org.metamerbench.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and chromium-driver for the browser tests. Where they are missing the
 * tests are skipped with a message, unless METAMER_BENCH_REQUIRE_BROWSER=1 (set by .ci/run) makes
 * that an error.
 */
public final class Chromium {
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Skips (or fails under CI) when the browser is not installed. */
    public static void require() {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!present && "1".equals(System.getenv("METAMER_BENCH_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("METAMER_BENCH_REQUIRE_BROWSER=1 but " + BROWSER + " or " + DRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: install Debian's chromium and chromium-driver "
                + "(apt-get install chromium chromium-driver) to run them");
    }

    /** A headless driver with a window of the given size. */
    public static WebDriver start(int width, int height) {
        // Selenium warns that it has no DevTools bindings for this Chromium version; these tests do not use them.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--allow-file-access-from-files",
                // The listening experiment plays each sound after the participant's first click; no prompt.
                "--autoplay-policy=no-user-gesture-required");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
    }
}
