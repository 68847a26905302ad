package io.lmdeck.lifecycle;

/** The answer to a {@link Command.Request}, given by the shell to whoever waits under {@code requestId}. */
sealed interface Reply {
    long requestId();

    record Answer(long requestId, Object value) implements Reply {
    }

    record Refusal(long requestId, LifecycleException error) implements Reply {
    }
}
