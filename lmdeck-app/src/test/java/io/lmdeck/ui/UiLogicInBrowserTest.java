package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The UI's own logic run in the real browser by a harness page that imports the shipped modules: SSE parsing, the
 * strings people read, and the pure reducer (store.reduce, fed frozen states so that a mutation fails) with the
 * banner and Decision Engine each sequence of server messages gives. Edge cases the simulator cannot
 * produce on demand are checked here; the end-to-end behaviour is in {@link WebUiFlowTest}.
 */
class UiLogicInBrowserTest {
    @Test
    void theShippedModulesBehaveAsThePageRelies(@TempDir Path profile) throws Exception {
        try (StubLmdeck server = new StubLmdeck().resource("/harness.html", "io/lmdeck/ui/logic-harness.html");
             HeadlessChromium browser = HeadlessChromium.start(profile, 800, 600, false)) {
            browser.driver().get(server.url() + "/harness.html");
            browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-done", "true"));
            JsonNode results = new ObjectMapper().readTree(browser.driver().findElement(By.id("results")).getText());

            List<String> failures = new ArrayList<>();
            results.forEach(r -> {
                if (!r.get("ok").asBoolean()) {
                    failures.add(r.get("name").asText() + ": " + r.get("detail").asText());
                }
            });
            assertThat(failures).isEmpty();
            assertThat(results.size()).as("checks run").isEqualTo(18);
            assertThat(browser.javascriptErrors()).isEmpty();
        }
    }
}
