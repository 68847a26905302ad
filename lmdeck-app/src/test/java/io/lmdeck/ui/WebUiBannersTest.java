package io.lmdeck.ui;

import static io.lmdeck.ui.LmdeckPage.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.lmstudio.sim.engine.FailureMode;
import io.lmdeck.server.RunningLmdeck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The chat banner says what is true now and what the person can do, in sentences, and no louder than it is. */
class WebUiBannersTest {
    private static final String WORKING = "qwen/qwen3-4b-2507";
    private static final String FAILING = "google/gemma-3-1b";
    private static final String LARGE = "qwen/qwen3-32b";

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(1.2).tokenDelayMillis(20));

    @Test
    void aFailedLoadThatLeftTheOldModelActiveIsANoticeAndChatKeepsAnswering() {
        LmdeckPage page = ui.page();
        ui.lmdeck().loadAndAwaitReady(WORKING);
        ui.lmdeck().sim().injectFailure(FAILING, FailureMode.ENGINE_CRASH);
        page.open(ui.url());
        page.awaitText("status-pill", ui.displayName(WORKING));
        page.openSettings();
        page.choose(FAILING);
        page.awaitModelState("Failed");
        String stillUses = "Chat still uses " + ui.displayName(WORKING) + ".";
        page.waiting().until(ExpectedConditions.textToBe(By.id("engine-fallback"), stillUses));
        page.closeSettings();

        WebElement banner = page.find("chat-status");
        page.waiting().until(ExpectedConditions.attributeToBe(banner, "data-kind", "notice"));
        assertThat(banner.getText()).contains("Loading " + ui.displayName(FAILING) + " failed.", stillUses);
        assertThat(page.find("chat-input").isEnabled()).isTrue();
        assertBannerSpeaksInSentences();
        ui.browser().screenshot("15-failed-load-notice");

        page.send("Still there?");
        assertThat(page.awaitFinishedReply()).isNotBlank();
        assertThat(page.driver().findElement(LmdeckPage.assistantMessage()).getDomAttribute("data-model")).isEqualTo(WORKING);
    }

    @Test
    void afterLmStudioComesBackNothingStillSaysItIsOffline() {
        LmdeckPage page = ui.page();
        ui.lmdeck().loadAndAwaitReady(WORKING);
        page.open(ui.url());
        page.awaitText("status-pill", ui.displayName(WORKING));
        page.openSettings();
        page.choose(LARGE); // long enough to be cut short by the outage
        page.awaitModelState("Loading…");
        page.closeSettings();

        ui.lmdeck().sim().goOffline();
        page.awaitText("chat-status", "LM Studio is offline.");
        assertBannerSpeaksInSentences();
        ui.lmdeck().sim().goOnline();
        page.awaitText("status-pill", ui.displayName(WORKING));
        page.waiting().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(testId("chat-status"), "offline")));
        assertThat(page.find("chat-input").isEnabled()).isTrue();
        WebElement banner = page.find("chat-status");
        if (banner.isDisplayed()) {
            assertBannerSpeaksInSentences();
        }
        page.openSettings();
        assertThat(page.find("model-picker").getText()).doesNotContain("offline");
        assertThat(page.driver().findElement(By.id("engine")).getText()).doesNotContain("offline");
        ui.browser().screenshot("16-lmstudio-back");
    }

    /** The banner's title and text are sentences: each ends with a full stop (or "…" while something runs). */
    private void assertBannerSpeaksInSentences() {
        for (String id : new String[] {"chat-status-title", "chat-status-text"}) {
            String text = ui.page().driver().findElement(By.id(id)).getText().replaceAll("\\s*\\d+ %$", "").trim();
            if (!text.isEmpty()) {
                assertThat(text).as(id).matches("(?s).*[.…]$");
            }
        }
    }
}
