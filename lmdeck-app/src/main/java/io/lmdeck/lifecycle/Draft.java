package io.lmdeck.lifecycle;

import io.lmdeck.events.LifecycleEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The working copy of one transition: starts from an immutable {@link CoreState}, is changed by the transition
 * functions, and ends as the next {@link CoreState} plus what the step produced (effects, events, replies). It lives
 * only inside {@link Transition#apply}, so the transition stays a function of (state, command).
 */
final class Draft {
    final Instant now;
    final LifecycleSettings settings;

    boolean online;
    boolean observedOnce;
    boolean offlineAnnounced;
    String version;
    String transport;
    Instant checkedAt;
    Command.HostMemorySample host;
    final Cow<String, LmStudioPort.Model> catalogue;
    final Cow<String, TrackedInstance> instances;
    String activeModelId;
    String activeInstanceId;
    LoadState lane;
    LoadState.Queued pending;
    final Cow<String, List<Long>> operationWaiters;
    List<CoreState.UnloadWaiter> unloadWaiters;
    final Cow<String, LastError> failures;
    LastError lastError;
    boolean lastLoadFailed;
    final Cow<String, OperationResult> finished;
    final Cow<String, java.time.Duration> typicalDurations;
    final Cow<String, Long> estimatedBytes;
    final Cow<String, CoreState.Orphan> orphans;
    final Cow<String, CoreState.CancelledLoad> cancelledLoads;
    long selections;
    boolean observing;
    boolean observeAgain;
    long mutations;
    boolean shutDown;
    final Cow<Long, CoreState.GatewayEntry> gateway;
    java.util.Map<String, ModelPolicy> policies;

    final List<Effect> effects = new ArrayList<>();
    final List<LifecycleEvent> events = new ArrayList<>();
    final List<Reply> replies = new ArrayList<>();

    Draft(CoreState state, Instant now, LifecycleSettings settings) {
        this.now = now;
        this.settings = settings;
        CoreState.Link link = state.link();
        online = link.online();
        observedOnce = link.observedOnce();
        offlineAnnounced = link.offlineAnnounced();
        version = link.version();
        transport = link.transport();
        checkedAt = link.checkedAt();
        host = link.host();
        catalogue = new Cow<>(state.catalogue());
        instances = new Cow<>(state.instances());
        activeModelId = state.activeModelId();
        activeInstanceId = state.activeInstanceId();
        lane = state.lane();
        pending = state.pending();
        operationWaiters = new Cow<>(state.waiters().byOperation());
        unloadWaiters = state.waiters().unloads();
        failures = new Cow<>(state.failures().byModel());
        lastError = state.failures().last();
        lastLoadFailed = state.failures().lastLoadFailed();
        finished = new Cow<>(state.finished(), CoreState.FINISHED_KEPT);
        typicalDurations = new Cow<>(state.learned().typicalDurations());
        estimatedBytes = new Cow<>(state.learned().estimatedBytes());
        orphans = new Cow<>(state.orphans());
        cancelledLoads = new Cow<>(state.cancelledLoads());
        selections = state.selections();
        observing = state.observing().inFlight();
        observeAgain = state.observing().again();
        mutations = state.observing().mutations();
        shutDown = state.shutDown();
        gateway = new Cow<>(state.gateway());
        policies = state.policies();
    }

    CoreState freeze() {
        return new CoreState(new CoreState.Link(online, observedOnce, offlineAnnounced, version, transport, checkedAt,
                host), catalogue.freeze(), instances.freeze(), activeModelId, activeInstanceId, lane, pending,
                new CoreState.Waiters(operationWaiters.freeze(), List.copyOf(unloadWaiters)),
                new CoreState.Failures(failures.freeze(), lastError, lastLoadFailed), finished.freeze(),
                new CoreState.Learned(typicalDurations.freeze(), estimatedBytes.freeze()), orphans.freeze(),
                cancelledLoads.freeze(), selections, new CoreState.Observing(observing, observeAgain, mutations),
                shutDown, gateway.freeze(), policies);
    }

    void emit(LifecycleEvent event) {
        events.add(event);
    }

    void effect(Effect effect) {
        if (effect instanceof Effect.StartLoad || effect instanceof Effect.Unload
                || effect instanceof Effect.CancelLoad) {
            mutations++;
        }
        effects.add(effect);
    }

    void answer(long requestId, Object value) {
        replies.add(new Reply.Answer(requestId, value));
    }

    void refuse(long requestId, LifecycleException error) {
        replies.add(new Reply.Refusal(requestId, error));
    }

    /** One observation in flight at a time; asks made meanwhile are folded into one more. */
    void requestObserve() {
        if (observing) {
            observeAgain = true;
        } else {
            observing = true;
            effect(new Effect.Observe(mutations, !observedOnce));
        }
    }

    void observationEnded() {
        observing = false;
        if (observeAgain) {
            observeAgain = false;
            requestObserve();
        }
    }

    ModelPolicy policyOf(String modelId) {
        return policies.getOrDefault(modelId, ModelPolicy.NONE);
    }

    /** Embedding models can be loaded but never become the active (chat) model nor replace it. */
    boolean activates(String modelId) {
        LmStudioPort.Model model = catalogue.read().get(modelId);
        return model == null || model.type() != ModelType.EMBEDDING;
    }

    /** The model's type from the catalogue (LLM when unknown). */
    ModelType typeOf(String modelId) {
        LmStudioPort.Model model = catalogue.read().get(modelId);
        return model == null || model.type() == null ? ModelType.LLM : model.type();
    }

    String displayName(String modelId) {
        return CoreState.displayName(catalogue.read(), modelId);
    }

    long sizeOf(String modelId) {
        Long size = CoreState.sizeOf(catalogue.read(), modelId);
        return size == null ? 0 : size;
    }

    List<TrackedInstance> instancesOf(String modelId) {
        return instances.read().values().stream().filter(i -> i.modelId().equals(modelId)).toList();
    }

    TrackedInstance instance(String instanceId) {
        return instances.read().get(instanceId);
    }

    void put(TrackedInstance instance) {
        instances.put(instance.id(), instance);
    }

    long loadedBytes() {
        return CoreState.loadedBytes(instances.read().values(), catalogue.read(), estimatedBytes.read());
    }

    Long availableBytes() {
        return CoreState.availableBytes(host, settings.memoryBudgetBytes(), loadedBytes());
    }

    LoadState visibleLoad() {
        return CoreState.visibleLoad(lane, pending);
    }

    /** The visible load with this id (the lane's unless cancelled, or the pending one), else null. */
    LoadState operation(String id) {
        if (lane != null && !(lane instanceof LoadState.CancelRequested) && lane.op().id().equals(id)) {
            return lane;
        }
        return pending != null && pending.op().id().equals(id) ? pending : null;
    }

    /** No load holds the lane and no unload runs (an unload frees memory a load may need, and LM Studio serializes). */
    boolean laneFree() {
        return lane == null && instances.read().values().stream().noneMatch(i -> i.use().unloading());
    }
}
