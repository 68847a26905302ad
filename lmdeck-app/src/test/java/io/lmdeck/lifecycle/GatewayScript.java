package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.GB;
import static io.lmdeck.lifecycle.TransitionFixture.T0;
import static io.lmdeck.lifecycle.TransitionFixture.instance;
import static io.lmdeck.lifecycle.TransitionFixture.observed;

import io.lmdeck.events.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Gateway states for the transition tables, reached by applying commands to {@link Transition#apply} at a time the
 * script sets (a fake clock): no threads, no I/O. Gateway request {@code n} is admitted under request id {@code n}.
 */
final class GatewayScript {
    static final Duration WAIT = Duration.ofSeconds(300);
    /** Llama and Qwen (5 GB each) do not fit together in 8 GB. */
    static final LifecycleSettings TIGHT = TransitionFixture.SETTINGS.withMemoryBudgetBytes(8 * GB);

    private final String name;
    private final LifecycleSettings settings;
    private CoreState state = CoreState.initial();
    private Instant now = T0;
    private Transition.Step last;

    GatewayScript(String name, LifecycleSettings settings) {
        this.name = name;
        this.settings = settings;
        apply(observed());
    }

    GatewayScript(String name) {
        this(name, TransitionFixture.SETTINGS);
    }

    GatewayScript apply(Command command) {
        last = Transition.apply(state, command, now, settings);
        state = last.state();
        return this;
    }

    GatewayScript at(Duration sinceStart) {
        now = T0.plus(sinceStart);
        return this;
    }

    GatewayScript admit(long id, String modelId) {
        return apply(admission(id, modelId, now));
    }

    GatewayScript withdraw(long id) {
        return apply(new Command.Withdraw(id));
    }

    GatewayScript accept() {
        return apply(new Command.LoadAccepted(state.lane().op().id(), true, true));
    }

    GatewayScript prepared(long estimateBytes) {
        return apply(new Command.Prepared(state.lane().op().id(), Optional.empty(), OptionalLong.of(estimateBytes),
                Command.HostMemorySample.UNKNOWN));
    }

    GatewayScript land(String modelId) {
        return apply(new Command.LoadSucceeded(state.lane().op().id(), instance(modelId)));
    }

    GatewayScript fail(String reason) {
        return apply(new Command.LoadFailed(state.lane().op().id(),
                new LmStudioPortException(LmStudioPortException.Reason.FAILED, reason)));
    }

    GatewayScript unloaded(String instanceId) {
        return apply(new Command.UnloadDone(instanceId, null));
    }

    GatewayScript unload(String modelId) {
        return apply(new Command.Unload(900, UnloadRequest.model(modelId, Cause.USER)));
    }

    /** A user makes the model active: selected, accepted, landed. */
    GatewayScript select(String modelId) {
        apply(new Command.Select(800, "op_user", LoadRequest.of(modelId, Cause.USER)));
        accept();
        return land(modelId);
    }

    GatewayScript chatLease() {
        return apply(new Command.AcquireLease(901, LeaseHolder.CHAT));
    }

    static Command.Admit admission(long id, String modelId, Instant at) {
        return new Command.Admit(id, new GatewayRequest("req_" + id, modelId, "/v1/chat/completions", "test", at),
                "op_gw_" + id, at.plus(WAIT));
    }

    CoreState state() {
        return state;
    }

    Instant now() {
        return now;
    }

    Transition.Step last() {
        return last;
    }

    LifecycleSettings settings() {
        return settings;
    }

    /** Request id → "running on <instance>" or "waiting". */
    Map<Long, String> requests() {
        return requests(state);
    }

    static Map<Long, String> requests(CoreState state) {
        Map<Long, String> out = new TreeMap<>();
        state.gateway().values().forEach(e -> out.put(e.requestId(),
                e.running() ? "running on " + e.instanceId() : "waiting"));
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
