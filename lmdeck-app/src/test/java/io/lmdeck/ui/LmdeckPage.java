package io.lmdeck.ui;

import java.util.List;
import java.util.function.IntPredicate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web UI through its stable {@code data-testid} hooks (contract section 4), as a user would drive it. */
final class LmdeckPage {
    private final HeadlessChromium browser;
    private final ChromeDriver driver;

    LmdeckPage(HeadlessChromium browser) {
        this.browser = browser;
        this.driver = browser.driver();
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    static By option(String modelId) {
        return By.cssSelector("[data-testid='model-option'][data-model-id='" + modelId + "']");
    }

    static By activityRow(String type) {
        return By.cssSelector("[data-testid='activity-row'][data-type='" + type + "']");
    }

    static By assistantMessage() {
        return By.cssSelector("[data-testid='chat-message'][data-role='assistant']");
    }

    ChromeDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return browser.waiting();
    }

    WebElement find(String testId) {
        return driver.findElement(testId(testId));
    }

    void open(String url) {
        driver.get(url);
        waiting().until(ExpectedConditions.not(ExpectedConditions.textToBe(testId("status-pill"), "Connecting…")));
    }

    void openSettings() {
        find("open-settings").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(testId("model-picker")));
    }

    void closeSettings() {
        find("close-settings").click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(testId("model-picker")));
    }

    void showPreferences() {
        find("settings-tab-preferences").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(testId("model-picker")));
    }

    void showActivity() {
        find("settings-tab-activity").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(testId("activity-log")));
    }

    List<String> listedModelIds() {
        return driver.findElements(testId("model-option")).stream().map(e -> e.getDomAttribute("data-model-id")).toList();
    }

    void choose(String modelId) {
        driver.findElement(option(modelId)).click();
    }

    String modelState() {
        return find("model-state").getText();
    }

    void awaitModelState(String text) {
        waiting().until(ExpectedConditions.textToBe(testId("model-state"), text));
    }

    /** Waits until the progress bar's aria-valuenow satisfies the predicate; returns that value. */
    int awaitProgress(IntPredicate accept) {
        return waiting().until(d -> {
            String now = d.findElement(testId("model-progress")).getDomAttribute("aria-valuenow");
            if (now == null) {
                return null;
            }
            int value = Integer.parseInt(now);
            return accept.test(value) ? value : null;
        });
    }

    void awaitText(String testId, String fragment) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(testId(testId), fragment));
    }

    void send(String message) {
        waiting().until(ExpectedConditions.elementToBeClickable(testId("chat-input"))).sendKeys(message);
        waiting().until(ExpectedConditions.elementToBeClickable(testId("chat-send"))).click();
    }

    /** The newest assistant reply once it finished streaming. */
    String awaitFinishedReply() {
        return waiting().until(d -> {
            List<WebElement> replies = d.findElements(assistantMessage());
            if (replies.isEmpty()) {
                return null;
            }
            WebElement last = replies.get(replies.size() - 1);
            return "done".equals(last.getDomAttribute("data-state")) ? last.findElement(By.className("message__body")).getText() : null;
        });
    }
}
