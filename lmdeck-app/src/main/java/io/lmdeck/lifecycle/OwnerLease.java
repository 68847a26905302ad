package io.lmdeck.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A chat's lease; closing it more than once releases once. */
final class OwnerLease implements ChatLease {
    private final Command.LeaseGrant grant;
    private final Consumer<Command.LeaseGrant> release;
    private final AtomicBoolean closed = new AtomicBoolean();

    OwnerLease(Command.LeaseGrant grant, Consumer<Command.LeaseGrant> release) {
        this.grant = grant;
        this.release = release;
    }

    @Override
    public String modelId() {
        return grant.modelId();
    }

    @Override
    public String instanceId() {
        return grant.instanceId();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.accept(grant);
        }
    }
}
