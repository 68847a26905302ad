package io.lmdeck.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Answers the fake LM Studio keeps back while told to, then gives all at once, in order: a slow LM Studio on cue. */
final class HeldAnswers {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    synchronized void hold(boolean value) {
        holding = value;
    }

    /** {@code value} now, or when {@link #release()}d if answers are held. */
    synchronized <T> CompletableFuture<T> answer(T value) {
        if (!holding) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        held.add(() -> later.complete(value));
        return later;
    }

    /** Stops holding and gives the held answers, outside the lock: completing them runs the callers' next steps. */
    void release() {
        List<Runnable> due;
        synchronized (this) {
            holding = false;
            due = List.copyOf(held);
            held.clear();
        }
        due.forEach(Runnable::run);
    }
}
