package io.lmdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.server.RunningLmdeck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The Decision Engine's picker with the simulator's 11-model demo catalogue: type to filter, keys to choose, nothing hidden. */
class WebUiPickerTest {
    private static final String QWEN_8B = "qwen/qwen3-8b";

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder().loadSecondsPerGb(1.2));

    @Test
    void typingFiltersByNamePublisherQuantizationAndParametersAndTheKeyboardChoosesAMatch() {
        LmdeckPage page = openPicker();
        assertThat(visibleIds()).hasSize(11);
        WebElement filter = page.find("model-filter");

        filter.sendKeys("qwen");
        assertThat(visibleIds()).containsExactly("qwen/qwen3-4b-2507", QWEN_8B, "qwen/qwen3-32b", "qwen2-vl-7b-instruct");
        assertThat(filterTo(filter, "24b")).as("parameters").containsExactly("mistralai/mistral-small-3.2");
        assertThat(filterTo(filter, "mxfp4")).as("quantization").containsExactly("openai/gpt-oss-20b");
        assertThat(filterTo(filter, "google")).as("publisher").containsExactly("google/gemma-3-1b", "google/gemma-3-12b");
        assertThat(filterTo(filter, "gemma 3 12")).as("words in any order, spaces ignored").containsExactly("google/gemma-3-12b");
        assertThat(filterTo(filter, "zzz")).isEmpty();
        page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("picker-empty"), "No model matches “zzz”."));

        filter.sendKeys(Keys.ESCAPE);
        assertThat(filter.getDomProperty("value")).as("Esc clears the filter").isEmpty();
        assertThat(page.find("model-picker").isDisplayed()).as("…and leaves Settings open").isTrue();
        assertThat(visibleIds()).hasSize(11);

        filter.sendKeys("qwen", Keys.ARROW_DOWN);
        assertThat(focusedModelId()).isEqualTo("qwen/qwen3-4b-2507");
        page.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(focusedModelId()).isEqualTo(QWEN_8B);
        page.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        page.waiting().until(ExpectedConditions.textToBe(By.id("engine-name"), ui.displayName(QWEN_8B)));
        assertThat(page.modelState()).isIn("Loading…", "Ready");
        ui.browser().screenshot("13-picker-filtered");
    }

    @Test
    void theLoadingCardNeverCoversARowOfTheList() {
        LmdeckPage page = openPicker();
        page.choose(QWEN_8B);
        page.awaitModelState("Loading…");
        WebElement filter = page.find("model-filter");
        filter.sendKeys(Keys.ARROW_DOWN);
        page.driver().switchTo().activeElement().sendKeys(Keys.END);
        assertThat(focusedModelId()).as("End goes to the last model").isEqualTo("text-embedding-bge-m3");
        for (String id : visibleIds()) {
            js().executeScript("arguments[0].focus()", page.driver().findElement(LmdeckPage.option(id))); // scrolls it into view
            assertThat(uncovered(id)).as("%s, focused, can be seen and clicked", id).isTrue();
        }
        ui.browser().screenshot("14-picker-last-row-while-loading");
    }

    private LmdeckPage openPicker() {
        LmdeckPage page = ui.page();
        page.open(ui.url());
        page.awaitText("status-pill", "LM Studio online");
        page.openSettings();
        page.waiting().until(d -> visibleIds().size() == 11);
        return page;
    }

    private List<String> filterTo(WebElement filter, String text) {
        filter.clear();
        filter.sendKeys(text);
        return visibleIds();
    }

    private JavascriptExecutor js() {
        return ui.browser().driver();
    }

    @SuppressWarnings("unchecked")
    private List<String> visibleIds() {
        return (List<String>) js().executeScript("return [...document.querySelectorAll('[data-testid=model-option]')]"
                + ".filter(b => b.offsetParent !== null).map(b => b.dataset.modelId);");
    }

    private String focusedModelId() {
        return (String) js().executeScript("return document.activeElement.dataset.modelId || null;");
    }

    /** The row's top edge and its middle are the row itself on screen: nothing (the engine card) lies over it. */
    private boolean uncovered(String modelId) {
        return (Boolean) js().executeScript(
                "const b = document.querySelector(`[data-testid=model-option][data-model-id='${arguments[0]}']`);"
                        + "const r = b.getBoundingClientRect();"
                        + "return [r.top + 3, r.top + r.height / 2].every(y => {"
                        + "  const hit = document.elementFromPoint(r.left + r.width / 2, y); return hit !== null && b.contains(hit); });",
                modelId);
    }
}
