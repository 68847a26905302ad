package io.lmdeck.cli;

import java.util.concurrent.CopyOnWriteArrayList;

/** Ctrl-C on demand: {@link #press()} runs what the command registered, like SIGINT would. */
final class ManualInterrupts implements Interrupts {
    private final CopyOnWriteArrayList<Runnable> handlers = new CopyOnWriteArrayList<>();

    @Override
    public Registration onInterrupt(Runnable onInterrupt) {
        handlers.add(onInterrupt);
        return () -> handlers.remove(onInterrupt);
    }

    boolean listening() {
        return !handlers.isEmpty();
    }

    void press() {
        handlers.forEach(Runnable::run);
    }
}
