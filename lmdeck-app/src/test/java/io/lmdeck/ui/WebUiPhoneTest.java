package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.RunningLmdeck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The whole app on a 360 px phone in dark mode: usable, nothing wider than the screen. */
class WebUiPhoneTest {
    private static final String MODEL = "qwen/qwen3-4b-2507";

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(1.2)).dark();

    @Test
    void aPhoneSizedDarkScreenShowsEverythingWithoutSidewaysScrolling() {
        LmdeckPage page = ui.page();
        ui.browser().emulateViewport(360, 740);
        page.open(ui.url());
        assertNoSidewaysScrolling();
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(MODEL)));
        page.choose(MODEL);
        page.awaitProgress(v -> v >= 10);
        assertNoSidewaysScrolling();
        assertThat(page.find("cancel-load").isDisplayed()).isTrue();
        ui.browser().screenshot("11-phone-dark-loading");
        page.awaitModelState("Ready");
        page.showActivity();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.activityRow("model_loading_complete")));
        assertNoSidewaysScrolling();
        page.closeSettings();
        page.send("Hello from a phone");
        assertThat(page.awaitFinishedReply()).isNotBlank();
        assertNoSidewaysScrolling();
        ui.browser().screenshot("12-phone-dark-chat");
    }

    private void assertNoSidewaysScrolling() {
        Object widest = ((JavascriptExecutor) ui.browser().driver()).executeScript(
                "return Math.max(document.documentElement.scrollWidth,"
                        + " ...[...document.querySelectorAll('dialog[open], dialog[open] .panel')].map(e => e.scrollWidth));");
        assertThat(((Number) widest).intValue()).as("content width at 360 px").isLessThanOrEqualTo(360);
    }
}
