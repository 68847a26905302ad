package io.lmdeck.ui;

import static io.lmdeck.ui.LmdeckPage.activityRow;
import static io.lmdeck.ui.LmdeckPage.option;
import static io.lmdeck.ui.LmdeckPage.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.lmstudio.sim.catalog.CatalogModel;
import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.server.RunningLmdeck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole web UI in headless Chromium against the real lmdeck server backed by the LM Studio simulator:
 * picker → load with rising progress → Ready → Activity Log → chat during a swap; a failing load; LM Studio
 * going offline and back. Screenshots of each step land in target/screenshots.
 */
class WebUiFlowTest {
    /** Small, quick models of the simulator's demo catalogue; loads take a few seconds at this speed. */
    private static final String FIRST = "qwen/qwen3-4b-2507";
    private static final String SECOND = "llama-3.2-3b-instruct";
    private static final String FAILING = "google/gemma-3-1b";
    private static final double SECONDS_PER_GB = 1.6;

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(SECONDS_PER_GB).tokenDelayMillis(40));
    @Test
    void choosingAModelLoadsItLiveThenChatAnswersAcrossASwap() {
        LmdeckPage page = ui.page();
        HeadlessChromium browser = ui.browser();
        page.open(ui.url());
        page.awaitText("status-pill", "LM Studio online");
        assertThat(page.find("chat-status").getText()).contains("No model is loaded.");
        browser.screenshot("01-app-no-model");

        page.openSettings();
        List<String> llms = catalog().stream().filter(m -> !m.isEmbedding()).map(CatalogModel::key).toList();
        page.waiting().until(d -> page.listedModelIds().containsAll(llms));
        assertThat(page.listedModelIds()).containsAll(catalog().stream().map(CatalogModel::key).toList());
        WebElement firstOption = page.driver().findElement(option(FIRST));
        assertThat(firstOption.getText()).contains(displayName(FIRST), "Not loaded", "needs ~");
        browser.screenshot("02-picker");

        page.choose(FIRST);
        page.awaitModelState("Loading…");
        assertThat(page.find("cancel-load").isDisplayed()).isTrue();
        int early = page.awaitProgress(v -> v >= 0);
        int later = page.awaitProgress(v -> v > early && v >= 25);
        assertThat(later).isGreaterThan(early);
        assertThat(page.find("model-progress").getDomAttribute("aria-valuemax")).isEqualTo("100");
        browser.screenshot("03-picker-loading");

        page.awaitModelState("Ready");
        page.awaitText("status-pill", displayName(FIRST));
        page.waiting().until(ExpectedConditions.textToBePresentInElement(page.driver().findElement(option(FIRST)), "Loaded"));
        browser.screenshot("04-picker-ready");

        page.showActivity();
        WebElement complete = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(activityRow("model_loading_complete")));
        WebElement started = page.driver().findElement(activityRow("model_loading_started"));
        assertThat(started.getText()).contains(displayName(FIRST));
        assertThat(complete.getText()).contains(displayName(FIRST));
        List<String> types = page.driver().findElements(testId("activity-row")).stream().map(r -> r.getDomAttribute("data-type")).toList();
        assertThat(types.indexOf("model_loading_complete")).as("newest first").isLessThan(types.indexOf("model_loading_started"));
        browser.screenshot("05-activity-log");

        page.showPreferences();
        page.driver().findElement(option(SECOND)).sendKeys(Keys.ENTER); // keyboard works like a click
        page.awaitModelState("Loading…");
        // One voice: what the server does with a message sent during a swap (its chat lease waits for the new model).
        String waits = "Messages you send now wait and go to " + displayName(SECOND) + " as soon as it is ready.";
        page.waiting().until(ExpectedConditions.textToBe(By.id("engine-fallback"), waits));
        page.closeSettings();
        page.awaitText("chat-status", "Switching to " + displayName(SECOND) + "…");
        page.awaitText("chat-status", waits);
        assertThat(page.find("chat-status").getText()).doesNotContain("keeps using", "still uses");
        page.send("Say hello in five words.");
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid='chat-message'][data-role='user']"), "Say hello in five words."));
        page.awaitProgress(v -> v >= 20);
        browser.screenshot("06-chat-during-swap");

        String reply = page.awaitFinishedReply();
        assertThat(reply).isNotBlank();
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(testId("chat-status")));
        assertThat(page.find("status-pill").getText()).contains(displayName(SECOND));
        browser.screenshot("07-chat-answered");
    }

    @Test
    void aFailingLoadShowsTheReasonAndRetryLoadsItOnceFixed() {
        LmdeckPage page = ui.page();
        HeadlessChromium browser = ui.browser();
        ui.lmdeck().sim().injectFailure(FAILING, FailureMode.ENGINE_CRASH);
        page.open(ui.url());
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(option(FAILING)));
        page.choose(FAILING);

        page.awaitModelState("Failed");
        WebElement reason = page.find("load-error");
        assertThat(reason.isDisplayed()).isTrue();
        assertThat(reason.getText()).isNotBlank();
        WebElement retry = page.find("retry-load");
        assertThat(retry.isDisplayed()).isTrue();
        page.waiting().until(ExpectedConditions.textToBePresentInElement(page.driver().findElement(option(FAILING)), "Failed"));
        browser.screenshot("08-load-failed");

        page.closeSettings();
        page.awaitText("chat-status", "Loading " + displayName(FAILING) + " failed");
        page.openSettings();

        ui.lmdeck().sim().clearFailure(FAILING);
        retry.click();
        page.awaitModelState("Ready");
        assertThat(page.find("load-error").isDisplayed()).isFalse();
    }

    @Test
    void lmStudioGoingOfflineTurnsThePillAndChatBannerOfflineAndBack() {
        LmdeckPage page = ui.page();
        HeadlessChromium browser = ui.browser();
        page.open(ui.url());
        page.awaitText("status-pill", "LM Studio online");

        ui.lmdeck().sim().goOffline();
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(testId("status-pill"), "LM Studio offline"));
        page.awaitText("chat-status", "LM Studio is offline");
        assertThat(page.find("chat-input").isEnabled()).as("nothing can be sent while LM Studio is away").isFalse();
        browser.screenshot("09-lmstudio-offline");

        ui.lmdeck().sim().goOnline();
        page.awaitText("status-pill", "LM Studio online");
        page.waiting().until(ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(testId("chat-status"), "offline")));
    }

    private List<CatalogModel> catalog() {
        return ui.lmdeck().simulator().catalog().models();
    }

    private String displayName(String key) {
        return ui.displayName(key);
    }
}
