package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.http.TestHttp;
import io.lmdeck.server.RunningLmdeck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Decision Engine's preset editor against the real server: what is saved is what {@code GET /api/presets/{id}}
 * answers, the server's refusals appear next to the field they are about, and it all works from the keyboard.
 */
class WebUiPresetEditorTest {
    private static final String QWEN_8B = "qwen/qwen3-8b";
    private static final String GEMMA = "google/gemma-3-1b";

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(0.2));

    @Test
    void savingFromTheKeyboardStoresTheWholePresetAndTheModelIsLoadedWithIt() throws Exception {
        LmdeckPage page = openPicker();
        WebElement editor = openEditor(page, QWEN_8B);
        assertThat(page.driver().switchTo().activeElement().getDomAttribute("data-testid"))
                .as("the first field has the focus").isEqualTo("preset-ttl");
        assertThat(field(editor, "preset-ttl").getDomAttribute("placeholder")).isEqualTo("never");

        type(editor, "preset-ttl", "600");
        type(editor, "preset-context", "8192");
        type(editor, "preset-parallel", "2");
        field(editor, "preset-pin").sendKeys(Keys.SPACE);
        type(editor, "preset-aliases", "fast, coder");
        field(editor, "preset-aliases").sendKeys(Keys.ENTER); // Enter in a field saves
        page.waiting().until(ExpectedConditions.textToBePresentInElement(editor, "Saved."));
        ui.browser().screenshot("21-preset-editor-saved");

        JsonNode stored = TestHttp.json(ui.lmdeck().http().get("/api/presets/" + QWEN_8B));
        assertThat(List.of(stored.path("ttl_seconds").asInt(), stored.path("context_length").asInt(),
                stored.path("parallel").asInt(), stored.path("pinned").asBoolean(), stored.path("source").asText()))
                .containsExactly(600, 8192, 2, true, "api");
        assertThat(stored.path("aliases")).extracting(JsonNode::asText).containsExactly("fast", "coder");
        assertThat(stored.path("gpu_offload").isNull()).as("a setting the editor does not show stays as it was").isTrue();

        // Esc closes the editor, not Settings, and gives the focus back to its button; reopening reads what was saved.
        field(editor, "preset-context").sendKeys(Keys.ESCAPE);
        page.waiting().until(ExpectedConditions.invisibilityOf(editor));
        assertThat(page.find("model-picker").isDisplayed()).isTrue();
        assertThat(page.driver().switchTo().activeElement().getDomAttribute("aria-expanded")).isEqualTo("false");
        page.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        page.waiting().until(ExpectedConditions.visibilityOf(editor));
        page.waiting().until(d -> "8192".equals(field(editor, "preset-context").getDomProperty("value")));
        assertThat(editor.getText()).contains("Set through lmdeck.");

        // A load from the picker is the person's: the row says so.
        page.choose(QWEN_8B);
        page.awaitModelState("Ready");
        WebElement row = page.driver().findElement(By.cssSelector("li.option:has([data-model-id='" + QWEN_8B + "'])"));
        page.waiting().until(ExpectedConditions.textToBePresentInElement(row, "Loaded by you · active"));
        assertThat(row.getDomAttribute("data-loaded-by")).isEqualTo("you");
        assertThat(ui.lmdeck().status().path("loaded").get(0).path("context_length").asInt())
                .as("the load used the preset").isEqualTo(8192);
    }

    @Test
    void anAliasAnotherModelHasAndAValueOutOfRangeAreShownNextToTheirFieldAndNothingIsStored() throws Exception {
        assertThat(ui.lmdeck().http().send(ui.lmdeck().http().builder("/api/presets/" + QWEN_8B)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"aliases\":[\"fast\"]}")).build()).statusCode())
                .isEqualTo(200);
        LmdeckPage page = openPicker();
        WebElement editor = openEditor(page, GEMMA);

        type(editor, "preset-aliases", "fast");
        editor.findElement(LmdeckPage.testId("preset-save")).click();
        WebElement aliasError = errorOf(page, editor, "preset-aliases");
        assertThat(aliasError.getText()).isEqualTo("“fast” is already an alias of " + ui.displayName(QWEN_8B)
                + ". Choose another name, or remove it there first.");
        assertThat(field(editor, "preset-aliases").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.driver().switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("preset-aliases");
        ui.browser().screenshot("22-preset-editor-alias-conflict");

        type(editor, "preset-aliases", "gemma");
        type(editor, "preset-context", "0");
        editor.findElement(LmdeckPage.testId("preset-save")).click();
        WebElement contextError = errorOf(page, editor, "preset-context");
        assertThat(contextError.getText()).startsWith("Must be between 1 and ");
        assertThat(aliasError.isDisplayed()).as("the alias is fine now").isFalse();

        type(editor, "preset-context", "");
        type(editor, "preset-ttl", "ten minutes");
        editor.findElement(LmdeckPage.testId("preset-save")).click();
        assertThat(errorOf(page, editor, "preset-ttl").getText()).startsWith("Enter a whole number of seconds");

        JsonNode stored = TestHttp.json(ui.lmdeck().http().get("/api/presets/" + GEMMA));
        assertThat(stored.path("source").asText()).as("nothing was stored").isEqualTo("default");
    }

    private LmdeckPage openPicker() {
        LmdeckPage page = ui.page();
        page.open(ui.url());
        page.awaitText("status-pill", "LM Studio online");
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(QWEN_8B)));
        return page;
    }

    /** Opens a model's editor with its button, from the keyboard, and waits for its preset to be read. */
    private WebElement openEditor(LmdeckPage page, String modelId) {
        WebElement toggle = page.driver().findElement(
                By.cssSelector("[data-testid='preset-open'][data-model-id='" + modelId + "']"));
        assertThat(toggle.getDomAttribute("aria-label")).isEqualTo("Preset for " + ui.displayName(modelId));
        toggle.sendKeys(Keys.ENTER);
        WebElement editor = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='preset-editor'][data-model-id='" + modelId + "']")));
        page.waiting().until(d -> field(editor, "preset-ttl").isEnabled());
        assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
        return editor;
    }

    private static WebElement field(WebElement editor, String testId) {
        return editor.findElement(LmdeckPage.testId(testId));
    }

    private static void type(WebElement editor, String testId, String text) {
        WebElement input = field(editor, testId);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** The visible error the field names in aria-describedby (how a screen reader finds it too). */
    private static WebElement errorOf(LmdeckPage page, WebElement editor, String testId) {
        return page.waiting().until(d -> {
            String[] ids = field(editor, testId).getDomAttribute("aria-describedby").split(" ");
            WebElement error = d.findElement(By.id(ids[ids.length - 1]));
            return error.isDisplayed() && !error.getText().isBlank() ? error : null;
        });
    }
}
