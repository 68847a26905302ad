package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    @Test
    void theShippedModulesBehaveAsThePageRelies(@TempDir Path profile) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", UiLogicInBrowserTest::serve);
        server.start();
        try (HeadlessChromium browser = HeadlessChromium.start(profile, 800, 600, false)) {
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/harness.html");
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
        } finally {
            server.stop(0);
        }
    }

    /** /harness.html from the test resources, everything else from the shipped /public. */
    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = path.equals("/harness.html") ? "io/lmdeck/ui/logic-harness.html" : "public" + path;
        try (exchange; InputStream in = UiLogicInBrowserTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null || path.contains("..")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = in.readAllBytes();
            String ext = path.substring(path.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
