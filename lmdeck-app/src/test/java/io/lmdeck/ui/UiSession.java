package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.RunningLmdeck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One browser test's world, started before each test and stopped after it: the real lmdeck server on the
 * simulator ({@link RunningLmdeck}) and a headless Chromium with a fresh profile. Stopping checks that the
 * page raised no script errors. Use as {@code @RegisterExtension final UiSession ui = UiSession.on(builder);}.
 */
final class UiSession implements BeforeEachCallback, AfterEachCallback {
    private final RunningLmdeck.Builder server;
    private boolean dark;
    private Path profile;
    private RunningLmdeck lmdeck;
    private HeadlessChromium browser;
    private LmdeckPage page;

    private UiSession(RunningLmdeck.Builder server) {
        this.server = server;
    }

    static UiSession on(RunningLmdeck.Builder server) {
        return new UiSession(server);
    }

    /** The browser prefers the dark colour scheme. */
    UiSession dark() {
        dark = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        profile = Files.createTempDirectory("lmdeck-ui-profile-");
        lmdeck = server.start();
        browser = HeadlessChromium.start(profile, 1180, 820, dark);
        page = new LmdeckPage(browser);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (browser != null) {
                assertThat(browser.javascriptErrors()).as("uncaught errors in the page").isEmpty();
            }
        } finally {
            try {
                if (browser != null) {
                    browser.close();
                }
            } finally {
                if (lmdeck != null) {
                    lmdeck.close();
                }
                deleteTree(profile);
            }
        }
    }

    RunningLmdeck lmdeck() {
        return lmdeck;
    }

    HeadlessChromium browser() {
        return browser;
    }

    LmdeckPage page() {
        return page;
    }

    /** lmdeck's page, e.g. {@code http://127.0.0.1:41234/}. */
    String url() {
        return lmdeck.url() + "/";
    }

    /** The display name the simulator's catalogue gives a model key (what the page shows). */
    String displayName(String modelKey) {
        return lmdeck.simulator().catalog().find(modelKey).orElseThrow().displayName();
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + dir, e);
        }
    }
}
