package io.lmdeck.lifecycle;

import io.lmdeck.events.EventPublisher;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.util.ArrayList;
import java.util.List;

/** Collects published event drafts in order. */
final class RecordingEvents implements EventPublisher {
    private final List<LifecycleEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(LifecycleEvent draft) {
        events.add(draft);
    }

    synchronized List<LifecycleEvent> all() {
        return List.copyOf(events);
    }

    synchronized List<LifecycleEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    synchronized List<String> messages() {
        return events.stream().filter(e -> e.type() != EventType.MODEL_LOADING_PROGRESS)
                .map(LifecycleEvent::message).toList();
    }

    synchronized List<EventType> types() {
        return events.stream().map(LifecycleEvent::type).filter(t -> t != EventType.MODEL_LOADING_PROGRESS).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}
