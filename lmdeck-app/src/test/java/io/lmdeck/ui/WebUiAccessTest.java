package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.RunningLmdeck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A server started with a token: the page takes it once from the URL fragment or from its login form. */
class WebUiAccessTest {
    private static final String TOKEN = "s3cret-t0ken";
    private static final By LOGIN_FIELD = By.id("login-token");

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().token(TOKEN));
    @Test
    void withoutTheTokenThePageAsksForItAndRefusesAWrongOne() {
        LmdeckPage page = ui.page();
        HeadlessChromium browser = ui.browser();
        browser.driver().get(ui.url());
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(LOGIN_FIELD));
        browser.screenshot("13-token-form");

        browser.driver().findElement(LOGIN_FIELD).sendKeys("not-the-token\n");
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not accepted"));

        browser.driver().findElement(LOGIN_FIELD).sendKeys(TOKEN + "\n");
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(LOGIN_FIELD));
        page.awaitText("status-pill", "LM Studio online");
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(RunningLmdeck.SMALL_MODEL)));
    }

    @Test
    void theTokenInTheUrlFragmentIsUsedAndRemovedFromTheAddressBar() {
        LmdeckPage page = ui.page();
        HeadlessChromium browser = ui.browser();
        page.open(ui.url() + "#token=" + TOKEN);
        page.awaitText("status-pill", "LM Studio online");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(TOKEN);

        browser.driver().navigate().refresh(); // the tab keeps it
        page.awaitText("status-pill", "LM Studio online");

        browser.driver().switchTo().newWindow(WindowType.TAB); // another tab never got it
        browser.driver().get(ui.url());
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(LOGIN_FIELD));
    }
}
