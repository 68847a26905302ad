package io.lmdeck.ui;

import static io.lmdeck.ui.LmdeckPage.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.RunningLmdeck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The UI stays true when things around it change: another tab acts, lmdeck itself becomes unreachable and
 * comes back. Real lmdeck server, simulator, headless Chromium.
 */
class WebUiResilienceTest {
    private static final String MODEL = "qwen/qwen3-8b"; // loads long enough for both tabs to see it loading
    private static final String OTHER = "google/gemma-3-1b";
    private static final By CONNECTION_BANNER = By.id("conn-banner");

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(1.2));

    @Test
    void aLoadStartedInOneTabShowsLiveInTheOther() {
        LmdeckPage page = ui.page();
        page.open(ui.url());
        String first = page.driver().getWindowHandle();
        page.driver().switchTo().newWindow(WindowType.TAB);
        page.open(ui.url());
        String second = page.driver().getWindowHandle();

        page.driver().switchTo().window(first);
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(MODEL)));
        page.choose(MODEL);
        page.awaitModelState("Loading…");

        page.driver().switchTo().window(second);
        page.awaitText("status-pill", "Loading " + displayName(MODEL));
        page.awaitText("chat-status", "Switching to " + displayName(MODEL));
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(testId("chat-status")));
        assertThat(page.find("status-pill").getText()).contains(displayName(MODEL));
        page.openSettings();
        page.awaitModelState("Ready");
    }

    @Test
    void whenLmdeckIsUnreachableABannerSaysSoAndThePageCatchesUpWhenItIsBack() {
        LmdeckPage page = ui.page();
        try (LoopbackRelay relay = new LoopbackRelay(ui.lmdeck().port())) {
            page.open("http://127.0.0.1:" + relay.port() + "/");
            page.awaitText("status-pill", "LM Studio online");

            relay.cut();
            page.waiting().until(ExpectedConditions.visibilityOfElementLocated(CONNECTION_BANNER));
            page.awaitText("status-pill", "lmdeck unreachable");
            page.awaitText("chat-status", "Can't reach lmdeck");
            assertThat(page.find("chat-input").isEnabled()).isFalse();
            ui.browser().screenshot("10-lmdeck-unreachable");

            // Happens while the page cannot see it: the page must catch up when lmdeck is reachable again.
            assertThat(ui.lmdeck().http().post("/api/models/lmstudio/load", "{\"model_id\":\"" + OTHER + "\"}").statusCode()).isEqualTo(202);
            relay.restore();
            // No need to wait for the backoff. (A script click: the page may have reconnected, and hidden the button, by itself.)
            page.driver().executeScript("arguments[0].click()", page.driver().findElement(By.id("conn-retry")));
            page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(CONNECTION_BANNER));
            page.awaitText("status-pill", displayName(OTHER));
            page.openSettings();
            page.awaitModelState("Ready");
            page.showActivity();
            page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.activityRow("model_loading_complete")));
        }
    }

    private String displayName(String key) {
        return ui.displayName(key);
    }

}
