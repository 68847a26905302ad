package io.lmdeck.cli;

/**
 * Ctrl-C for the real terminal: while a command listens, SIGINT runs its handler instead of killing the JVM
 * (so {@code load} can cancel the load and exit 1). Where SIGINT cannot be caught, a shutdown hook does the same.
 */
final class SignalInterrupts implements Interrupts {
    private SignalInterrupts() {
    }

    static Interrupts create() {
        return new SignalInterrupts();
    }

    @Override
    public Registration onInterrupt(Runnable onInterrupt) {
        try {
            sun.misc.Signal interrupt = new sun.misc.Signal("INT");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(interrupt, signal -> onInterrupt.run());
            return () -> sun.misc.Signal.handle(interrupt, previous);
        } catch (IllegalArgumentException | LinkageError e) {
            Thread hook = new Thread(onInterrupt, "lmdeck-cli-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Already running: nothing to remove.
                }
            };
        }
    }
}
