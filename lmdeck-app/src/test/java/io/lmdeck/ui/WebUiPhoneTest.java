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
        assertTheLogoIsATitleNotAControl();
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(MODEL)));
        assertThePlaceholderFits("model-filter");
        ui.page().driver().findElement(org.openqa.selenium.By.cssSelector(
                "[data-testid='preset-open'][data-model-id='" + MODEL + "']")).click();
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(org.openqa.selenium.By.cssSelector(
                "[data-testid='preset-editor'][data-model-id='" + MODEL + "']")));
        assertNoSidewaysScrolling();
        ui.browser().screenshot("10-phone-dark-preset-editor");
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
        page.awaitText("status-pill", ui.displayName(MODEL));
        assertThePlaceholderFits("chat-input");
        page.send("Hello from a phone");
        assertThat(page.awaitFinishedReply()).isNotBlank();
        assertNoSidewaysScrolling();
        ui.browser().screenshot("12-phone-dark-chat");
    }

    /** The whole placeholder of the field with this id is readable on one line, none of it cut off. */
    private void assertThePlaceholderFits(String id) {
        JavascriptExecutor js = ui.browser().driver();
        String placeholder = (String) js.executeScript("return document.getElementById(arguments[0]).placeholder;", id);
        assertThat(placeholder).isNotBlank().endsWith("…");
        Object spare = js.executeScript(
                "const input = document.getElementById(arguments[0]); const style = getComputedStyle(input);"
                        + "const probe = document.createElement('span'); probe.textContent = input.placeholder;"
                        + "probe.style.cssText = `position:absolute;white-space:nowrap;visibility:hidden;font:${style.font}`;"
                        + "document.body.append(probe); const width = probe.getBoundingClientRect().width; probe.remove();"
                        + "return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - width;", id);
        assertThat(((Number) spare).doubleValue()).as("room left beside \"%s\" at 360 px", placeholder).isGreaterThanOrEqualTo(0);
    }

    /** The logo and name read as the app's title: visible, and nothing about them is a button or a menu. */
    private void assertTheLogoIsATitleNotAControl() {
        JavascriptExecutor js = ui.browser().driver();
        Object brand = js.executeScript(
                "const b = document.querySelector('.brand');"
                        + "return [b.closest('button, a, [role=button]') === null, getComputedStyle(b).cursor,"
                        + " b.querySelector('.brand__name').getBoundingClientRect().width > 0, b.textContent.trim()];");
        assertThat(brand).asList().containsExactly(true, "default", true, "lmdeck");
    }

    private void assertNoSidewaysScrolling() {
        Object widest = ((JavascriptExecutor) ui.browser().driver()).executeScript(
                "return Math.max(document.documentElement.scrollWidth,"
                        + " ...[...document.querySelectorAll('dialog[open], dialog[open] .panel')].map(e => e.scrollWidth));");
        assertThat(((Number) widest).intValue()).as("content width at 360 px").isLessThanOrEqualTo(360);
    }
}
