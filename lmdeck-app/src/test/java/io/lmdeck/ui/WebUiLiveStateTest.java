package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.http.TestHttp;
import io.lmdeck.server.RunningLmdeck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The page follows lmdeck from its event stream alone: the server sends each change (a snapshot, then the new state
 * after every lifecycle step), so however many events arrive, the page never re-reads status or catalogue. That
 * keeps many open tabs from turning every event into a storm of requests.
 */
class WebUiLiveStateTest {
    private static final String MODEL = "qwen/qwen3-4b-2507";

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(1.6));

    @Test
    void aLoadAndAnUnloadElsewhereShowLiveWithoutOneReadOfStatusOrCatalogue() {
        LmdeckPage page = ui.page();
        recordRequests();
        page.open(ui.url());
        page.awaitText("status-pill", "LM Studio online");
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(MODEL)));

        page.choose(MODEL);
        page.awaitModelState("Ready");
        page.awaitText("status-pill", ui.displayName(MODEL));
        // Another client unloads it: the page learns it from the stream too.
        assertThat(ui.lmdeck().http().post("/api/models/lmstudio/unload", "{\"all\":true}").statusCode()).isEqualTo(200);
        page.waiting().until(ExpectedConditions.textToBePresentInElement(
                page.driver().findElement(LmdeckPage.option(MODEL)), "Not loaded"));
        page.awaitModelState("Not loaded");

        long events = TestHttp.json(ui.lmdeck().http().get("/api/activity?limit=500")).get("items").size();
        assertThat(events).as("lifecycle events the page went through").isGreaterThanOrEqualTo(5);
        assertThat(requestsTo("/api/models/lmstudio", "/api/models/lmstudio/status")).as("reads of status or catalogue").isEmpty();
        assertThat(requestsTo("/api/events")).as("one event stream, never reopened").hasSize(1);
    }

    /** Before the page's own scripts run, every fetch it starts is written down (an open stream included). */
    private void recordRequests() {
        ui.browser().driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__requests = []; const realFetch = window.fetch;"
                        + "window.fetch = (input, init) => { window.__requests.push(String(input instanceof Request ? input.url : input));"
                        + " return realFetch(input, init); };"));
    }

    /** The requests the page started to these paths. */
    @SuppressWarnings("unchecked")
    private List<String> requestsTo(String... paths) {
        return (List<String>) ((JavascriptExecutor) ui.browser().driver()).executeScript(
                "return window.__requests.map(r => new URL(r, location.href))"
                        + ".filter(u => arguments[0].includes(u.pathname)).map(u => u.pathname + u.search);",
                List.of(paths));
    }
}
