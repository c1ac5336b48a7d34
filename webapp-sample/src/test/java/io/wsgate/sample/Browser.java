package io.wsgate.sample;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) with a fresh profile: one browser context, its own
 * cookies. Waits are on conditions in the page, never on time.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;
    private final URI base;

    private Browser(ChromeDriver driver, Path profile, URI base) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
        this.profile = profile;
        this.base = base;
    }

    static Browser start(URI base) throws IOException {
        Path profile = Files.createTempDirectory("wsgate-sample-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1100,760", "--user-data-dir=" + profile,
                "--ignore-certificate-errors"); // the TLS tests' self-signed certificate
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile, base);
    }

    void go(String path) {
        driver.get(base.resolve(path).toString());
    }

    /** Signs in through the login form; the browser must be on the login page. */
    void login(String user, String password) {
        wait.until(ExpectedConditions.urlContains("/login"));
        find("#login-user").sendKeys(user);
        find("#login-password").sendKeys(password);
        find("#login-submit").click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitState(String indicatorId, String state) {
        wait.withMessage(() -> indicatorId + " should reach " + state + ", is: " + text("#" + indicatorId))
                .until(ExpectedConditions.attributeToBe(By.id(indicatorId), "data-state", state));
    }

    void awaitText(String css, String text) {
        wait.withMessage(() -> css + " should contain " + text)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    String attribute(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getAttribute(name);
    }

    /** Saves a PNG of the viewport when {@code dir} is set (README's screenshots). */
    void screenshot(Path dir, String name) throws IOException {
        if (dir == null) return;
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try {
                Tree.delete(profile);
                Files.deleteIfExists(profile);
            } catch (IOException stillInUse) {
                // best effort: a browser process still exiting may write to its profile; it is only a temp dir
            }
        }
    }
}
