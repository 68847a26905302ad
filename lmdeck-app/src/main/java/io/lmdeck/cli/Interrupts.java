package io.lmdeck.cli;

/**
 * Where Ctrl-C reaches a command. The real one listens to SIGINT; tests pass one they trigger themselves.
 */
public interface Interrupts {
    /** Runs {@code onInterrupt} (on another thread) when the user presses Ctrl-C, until the returned handle is closed. */
    Registration onInterrupt(Runnable onInterrupt);

    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** For commands run where nobody can press Ctrl-C. */
    static Interrupts none() {
        return onInterrupt -> () -> { };
    }
}
