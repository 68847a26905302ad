package io.lmdeck.activity;

import io.lmdeck.events.LifecycleEvent;
import java.util.List;

/** One page of the activity log, newest first; {@code nextBefore} is null on the last page. */
public record ActivityPage(List<LifecycleEvent> items, Long nextBefore) {
    public ActivityPage {
        items = List.copyOf(items);
    }
}
