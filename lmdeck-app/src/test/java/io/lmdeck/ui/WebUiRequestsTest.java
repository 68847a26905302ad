package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The gateway as the page shows it (contract section 6): the header's "Requests" line, live from the live-only
 * request events after one read of {@code GET /api/requests}, and a load the gateway asks for, which the model's row
 * shows while chat carries on with the active model. The server of this branch does not serve the gateway yet, so
 * a stub speaks the contract's events to the real page.
 */
class WebUiRequestsTest {
    private static final String ACTIVE = "{\"model_id\":\"a\",\"display_name\":\"Llama 3 8B\",\"type\":\"llm\",\"state\":\"loaded\","
            + "\"progress\":null,\"size_bytes\":5000000000,\"instances\":[{\"instance_id\":\"a\",\"model_id\":\"a\",\"loaded_by\":\"lmdeck\"}]}";
    private static final String OTHER = "{\"model_id\":\"b\",\"display_name\":\"Qwen3 8B\",\"type\":\"llm\",\"state\":\"%s\","
            + "\"progress\":%s,\"size_bytes\":8000000000,\"instances\":%s}";
    private static final String RUNNING = "{\"requests\":[{\"id\":\"r1\",\"model_id\":\"a\",\"host\":\"local\","
            + "\"endpoint\":\"/v1/chat/completions\",\"state\":\"running\",\"position\":null,\"queued_at\":\"2026-11-24T08:00:00Z\","
            + "\"started_at\":\"2026-11-24T08:00:00Z\",\"client\":\"127.0.0.1\"}]}";

    @TempDir
    Path profile;
    private StubLmdeck lmdeck;
    private HeadlessChromium browser;
    private LmdeckPage page;

    @BeforeEach
    void start() throws Exception {
        lmdeck = new StubLmdeck()
                .snapshot("{\"lmstudio\":" + status("null") + ",\"catalog\":{\"online\":true,\"stale\":false,\"models\":["
                        + ACTIVE + "," + other("not_loaded", "null", "[]") + "]}}")
                .answer("/api/activity", 200, "{\"items\":[],\"next_before\":null}");
        browser = HeadlessChromium.start(profile, 1180, 820, false);
        page = new LmdeckPage(browser);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(browser.javascriptErrors()).as("uncaught errors in the page").isEmpty();
        } finally {
            browser.close();
            lmdeck.close();
        }
    }

    @Test
    void theRequestsLineFollowsTheRequestEventsAfterOneReadOfTheList() {
        lmdeck.answer("/api/requests", 200, RUNNING);
        page.open(lmdeck.url() + "/");
        page.awaitText("gateway-requests", "1 running");
        WebElement line = page.find("gateway-requests");
        assertThat(line.getText()).isEqualTo("Requests 1 running");
        assertThat(line.getDomAttribute("title")).isEqualTo("Llama 3 8B: 1 running");

        lmdeck.push("request_queued", request("request_queued", "r2", "b"));
        page.awaitText("gateway-requests", "1 running · 1 waiting");
        lmdeck.push("request_started", request("request_started", "r2", "b"));
        page.awaitText("gateway-requests", "2 running");
        browser.screenshot("23-requests-line");
        lmdeck.push("request_finished", request("request_finished", "r1", "a"));
        lmdeck.push("request_finished", request("request_finished", "r2", "b"));
        page.waiting().until(ExpectedConditions.invisibilityOf(line));

        assertThat(lmdeck.asked()).as("the list is read once; events do the rest")
                .filteredOn("/api/requests"::equals).hasSize(1);
        assertThat(lmdeck.asked()).doesNotContain("/api/models/lmstudio", "/api/models/lmstudio/status");
    }

    @Test
    void anLmdeckWithoutTheRequestsListShowsNoLineUntilARequestArrives() {
        page.open(lmdeck.url() + "/"); // no /api/requests: 404
        page.awaitText("status-pill", "Llama 3 8B");
        page.waiting().until(d -> lmdeck.asked().contains("/api/requests"));
        assertThat(page.find("gateway-requests").isDisplayed()).isFalse();
        lmdeck.push("request_queued", request("request_queued", "r7", "b"));
        page.awaitText("gateway-requests", "1 waiting");
    }

    @Test
    void aLoadTheGatewayAsksForIsShownOnItsRowWhileChatKeepsTheActiveModel() {
        lmdeck.answer("/api/requests", 200, "{\"requests\":[]}");
        page.open(lmdeck.url() + "/");
        page.awaitText("status-pill", "Llama 3 8B");
        page.openSettings();
        WebElement row = page.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("li.option:has([data-model-id='b'])")));

        lmdeck.push("request_queued", request("request_queued", "r3", "b"));
        lmdeck.push("model_loading_started", "{\"id\":11,\"type\":\"model_loading_started\",\"model_id\":\"b\","
                + "\"operation_id\":\"gw1\",\"cause\":\"gateway\",\"details\":{\"request_id\":\"r3\",\"endpoint\":\"/v1/chat/completions\"}}");
        lmdeck.push("state", "{\"lmstudio\":" + status("{\"model_id\":\"b\",\"operation_id\":\"gw1\",\"progress\":0.42,\"eta_seconds\":3}")
                + ",\"catalog\":{\"online\":true,\"stale\":false,\"model_ids\":[\"a\",\"b\"],\"changed\":["
                + other("loading", "0.42", "[]") + "]}}");
        page.waiting().until(ExpectedConditions.textToBePresentInElement(row, "Loading for the gateway… 42 %"));
        assertThat(page.modelState()).as("the Decision Engine stays on the active model").isEqualTo("Ready");
        assertThat(page.driver().findElement(By.id("engine-name")).getText()).isEqualTo("Llama 3 8B");
        assertThat(page.find("gateway-requests").getText()).isEqualTo("Requests 1 waiting");
        browser.screenshot("24-gateway-load-row");
        page.closeSettings();
        assertThat(page.find("chat-status").isDisplayed()).as("no swap banner: chat answers with the active model").isFalse();
        assertThat(page.find("chat-input").isEnabled()).isTrue();
        assertThat(page.find("status-pill").getText()).contains("Llama 3 8B");

        lmdeck.push("model_loading_complete", "{\"id\":12,\"type\":\"model_loading_complete\",\"model_id\":\"b\","
                + "\"operation_id\":\"gw1\",\"cause\":\"gateway\",\"details\":{\"instance_id\":\"b\",\"request_id\":\"r3\"}}");
        lmdeck.push("state", "{\"lmstudio\":" + status("null") + ",\"catalog\":{\"online\":true,\"stale\":false,"
                + "\"model_ids\":[\"a\",\"b\"],\"changed\":[" + other("loaded", "null",
                "[{\"instance_id\":\"b\",\"model_id\":\"b\",\"loaded_by\":\"lmdeck\"}]") + "]}}");
        page.openSettings();
        page.waiting().until(ExpectedConditions.textToBePresentInElement(row, "Loaded by the gateway"));
        assertThat(row.getDomAttribute("data-loaded-by")).isEqualTo("gateway");
        assertThat(page.driver().findElement(By.id("engine-name")).getText()).isEqualTo("Llama 3 8B");
    }

    private static String status(String loading) {
        return "{\"online\":true,\"status\":\"ready\",\"base_url\":\"http://127.0.0.1:1234\",\"active_model\":" + ACTIVE
                + ",\"loaded\":[{\"instance_id\":\"a\",\"model_id\":\"a\",\"loaded_by\":\"lmdeck\"}],\"loading\":" + loading
                + ",\"memory\":{\"loaded_bytes\":5000000000,\"host_available_bytes\":20000000000,\"host_total_bytes\":32000000000},"
                + "\"last_error\":null,\"checked_at\":\"2026-11-24T08:00:00Z\"}";
    }

    private static String other(String state, String progress, String instances) {
        return String.format(OTHER, state, progress, instances);
    }

    /** A request event as contract section 6 describes it (live-only: no id). */
    private static String request(String type, String id, String model) {
        return "{\"type\":\"" + type + "\",\"at\":\"2026-11-24T08:00:05Z\",\"model_id\":\"" + model + "\",\"host\":\"local\","
                + "\"cause\":\"gateway\",\"message\":\"\",\"details\":{\"request_id\":\"" + id
                + "\",\"endpoint\":\"/v1/chat/completions\"}}";
    }
}
