package org.mediachange.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, offline: Debian's binaries
 * are named, so Selenium Manager never runs and nothing is downloaded, and
 * Chromium's own look-ups of outside hosts are mapped to nowhere (hence
 * 127.0.0.1 URLs, not localhost). Its profile, caches and temporary files live
 * in {@code dir}. Starting one costs seconds: share one per test class.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser start(Path dir) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", tmp.toString(),
                        "XDG_CONFIG_HOME", Files.createDirectories(dir.resolve("config")).toString(),
                        "XDG_CACHE_HOME", Files.createDirectories(dir.resolve("cache")).toString(),
                        "HOME", dir.toString()))
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")),
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--mute-audio");
        return new Browser(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} and the page's status line. */
    void await(String what, long seconds, Supplier<Boolean> condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(20))
                    .until(d -> condition.get() ? Boolean.TRUE : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("after " + seconds + " s: not " + what + "; page status: "
                    + script("var s = document.getElementById('status'); return s ? s.textContent : ''"), e);
        }
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
