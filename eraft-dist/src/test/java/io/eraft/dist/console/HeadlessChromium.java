package io.eraft.dist.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven by its chromedriver ({@code apt-get install chromium chromium-driver}; .ci/run
 * installs them), with a fresh profile and nothing that reaches the network on its own. Close it to quit the browser.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Where Debian puts the browser and its driver. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;

    public HeadlessChromium() {
        if (!installed()) {
            throw new IllegalStateException("the browser tests need Debian's " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
        }
        try {
            profile = Files.createTempDirectory("eraft-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Whether the browser and driver are installed. */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The elements {@code css} selects now. */
    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (up to {@code timeout}) until {@code condition} holds; fails with {@code what} and the page's text. */
    public void await(String what, Duration timeout, Function<HeadlessChromium, Boolean> condition) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(d -> condition.apply(this));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the console did not show " + what + " within " + timeout + "; page:\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The attribute of the one element {@code css} selects, or null when none is. */
    public String attribute(String css, String name) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    /** An integer attribute of the element {@code css} selects, or -1. */
    public long number(String css, String name) {
        String v = attribute(css, name);
        return v == null || v.isEmpty() ? -1 : Long.parseLong(v);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
