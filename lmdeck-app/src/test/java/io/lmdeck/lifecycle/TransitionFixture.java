package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Core states for the transition tables, reached by applying commands to {@link Transition#apply} from the initial
 * state: no threads, no I/O, no clock but {@link #T0}. Llama 3 8B and Qwen3 8B (5 GB each) are chat models.
 */
final class TransitionFixture {
    static final long GB = 1L << 30;
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final String LLAMA = "llama-3-8b";
    static final String QWEN = "qwen3-8b";
    static final LifecycleSettings SETTINGS = LifecycleSettings.defaults(URI.create("http://127.0.0.1:1234"))
            .withHostMemory(HostMemory.unknown()).withLoadBytesPerSecond(GB);

    private TransitionFixture() {
    }

    /** A state reached by a script, with the operation id the script's first load got (null when none). */
    record Given(String name, CoreState state, String operationId) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Applies commands one after another, remembering the operation id of the first load. */
    static final class Script {
        private final String name;
        private CoreState state = CoreState.initial();
        private String operationId;
        private long requestIds;

        Script(String name) {
            this.name = name;
            apply(observed());
        }

        Script apply(Command command) {
            state = Transition.apply(state, command, T0, SETTINGS).state();
            if (operationId == null && state.lane() != null) {
                operationId = state.lane().op().id();
            }
            return this;
        }

        Script select(String modelId) {
            ++requestIds;
            return apply(new Command.Select(requestIds, "op_" + requestIds, LoadRequest.of(modelId, Cause.USER)));
        }

        Script accept(boolean cancellable) {
            return apply(new Command.LoadAccepted(laneId(), cancellable, cancellable));
        }

        Script land(String modelId) {
            return apply(new Command.LoadSucceeded(laneId(), instance(modelId)));
        }

        Script cancel() {
            return apply(new Command.Cancel(++requestIds, laneId()));
        }

        Script failCancelled() {
            return apply(new Command.LoadFailed(laneId(), portError(LmStudioPortException.Reason.CANCELLED)));
        }

        Script prepared(long estimateBytes) {
            return apply(new Command.Prepared(laneId(), Optional.empty(), OptionalLong.of(estimateBytes),
                    new Command.HostMemorySample(16 * GB, 8 * GB)));
        }

        Script lease() {
            return apply(new Command.AcquireLease(++requestIds, LeaseHolder.CHAT));
        }

        Script unload(String modelId) {
            return apply(new Command.Unload(++requestIds, UnloadRequest.model(modelId, Cause.USER)));
        }

        private String laneId() {
            return state.lane().op().id();
        }

        Given given() {
            return new Given(name, state, operationId);
        }
    }

    /** LM Studio's answer to a look, listing these instances. */
    static Command.Observed observed(LmStudioPort.Instance... instances) {
        return new Command.Observed(0, observation(instances), Command.HostMemorySample.UNKNOWN);
    }

    /** A look asked after lmdeck's last own change (so it is not discarded). */
    static Command.Observed observedNow(CoreState state, LmStudioPort.Instance... instances) {
        return new Command.Observed(state.observing().mutations(), observation(instances),
                Command.HostMemorySample.UNKNOWN);
    }

    private static LmStudioPort.Observation observation(LmStudioPort.Instance... instances) {
        List<LmStudioPort.Model> models = new ArrayList<>();
        for (String key : List.of(LLAMA, QWEN)) {
            List<LmStudioPort.Instance> of = List.of(instances).stream().filter(i -> i.modelId().equals(key)).toList();
            models.add(new LmStudioPort.Model(key, key.equals(LLAMA) ? "Llama 3 8B" : "Qwen3 8B", ModelType.LLM,
                    "lmstudio-community", "llama", "Q4_K_M", "8B", 5 * GB, 32768, "gguf", false, true, of));
        }
        return new LmStudioPort.Observation(new LmStudioPort.ServerInfo("0.4.0", "websocket"), models);
    }

    static LmStudioPort.Instance instance(String modelId) {
        return new LmStudioPort.Instance(modelId, modelId, 4096, null, null);
    }

    static LmStudioPortException portError(LmStudioPortException.Reason reason) {
        return new LmStudioPortException(reason, reason.name().toLowerCase());
    }

    /** The step's effects, events (by type) and reply (its class; null: no reply) are exactly these. */
    static void assertStep(Transition.Step step, List<Class<? extends Effect>> effects, List<EventType> events,
                           Class<? extends Reply> reply) {
        assertThat(step.effects()).as("effects").map(Object::getClass).map(Class.class::cast)
                .containsExactlyElementsOf(effects);
        assertThat(step.events()).as("events").map(LifecycleEvent::type).containsExactlyElementsOf(events);
        if (reply == null) {
            assertThat(step.replies()).as("replies").isEmpty();
        } else {
            assertThat(step.replies()).as("replies").singleElement().isInstanceOf(reply);
        }
    }
}
