package io.lmdeck.ui;

import static io.lmdeck.ui.LmdeckPage.activityRow;
import static io.lmdeck.ui.LmdeckPage.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.http.TestHttp;
import io.lmdeck.server.RunningLmdeck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The Activity Log over a longer history: filters by type and model, and "Load older" pages back to the start. */
class WebUiActivityLogTest {
    private static final String A = RunningLmdeck.SMALL_MODEL;
    private static final String B = RunningLmdeck.OTHER_MODEL;

    @RegisterExtension
    final UiSession ui = UiSession.on(RunningLmdeck.builder());

    @Test
    void filtersNarrowTheLogAndLoadOlderReachesBackToTheStart() {
        LmdeckPage page = ui.page();
        page.open(ui.url());
        page.openSettings();
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(LmdeckPage.option(A)));
        int swaps = 0;
        while (persistedEvents() <= 60) { // more than one page of 50
            String model = swaps % 2 == 0 ? A : B;
            page.choose(model);
            page.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("engine-name"), displayName(model)));
            page.awaitModelState("Ready");
            swaps++;
        }
        page.showActivity();
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(testId("activity-older")));
        assertThat(page.driver().findElements(activityRow("lmstudio_online"))).as("the start is on an older page").isEmpty();

        while (!page.driver().findElements(testId("activity-older")).isEmpty()
                && page.find("activity-older").isDisplayed()) {
            int before = rows().size();
            page.find("activity-older").click();
            page.waiting().until(d -> rows().size() > before || !page.find("activity-older").isDisplayed());
        }
        page.waiting().until(ExpectedConditions.presenceOfElementLocated(activityRow("lmstudio_online")));
        List<Long> ids = rows().stream().map(r -> Long.parseLong(r.getDomAttribute("data-id"))).toList();
        assertThat(ids).as("newest first, no duplicates").isSortedAccordingTo((x, y) -> Long.compare(y, x)).doesNotHaveDuplicates();

        new Select(page.find("activity-filter-type")).selectByValue("model_loading_complete");
        page.waiting().until(d -> rows().stream().allMatch(r -> "model_loading_complete".equals(r.getDomAttribute("data-type"))));
        assertThat(rows()).hasSize(persisted("?type=model_loading_complete&limit=500"));

        new Select(page.find("activity-filter-model")).selectByValue(B);
        int loadsOfB = persisted("?type=model_loading_complete&model_id=" + B + "&limit=500");
        assertThat(loadsOfB).isPositive();
        page.waiting().until(d -> rows().size() == loadsOfB);
        assertThat(rows()).allSatisfy(r -> assertThat(r.getText()).contains(displayName(B)));
        ui.browser().screenshot("14-activity-filtered");
    }

    private int persistedEvents() {
        return persisted("?limit=500");
    }

    private int persisted(String query) {
        return TestHttp.json(ui.lmdeck().http().get("/api/activity" + query)).get("items").size();
    }

    private List<WebElement> rows() {
        return ui.page().driver().findElements(testId("activity-row"));
    }

    private String displayName(String key) {
        return ui.displayName(key);
    }
}
