package io.lmdeck.lmstudio.sim.control;

/** The simulator's TCP listener, which the control surface can take down and bring back on the same port. */
public interface Listener {
    /** Stops accepting connections (existing ones are dropped). No effect when already stopped. */
    void stop();

    /** Starts accepting again on the same port. No effect when already running. */
    void start();

    boolean running();
}
