package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
import static io.lmdeck.lifecycle.TransitionFixture.QWEN;
import static io.lmdeck.lifecycle.TransitionFixture.instance;
import static io.lmdeck.lifecycle.TransitionFixture.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's states (a request waiting for a load, queued for a slot, running; an instance leased by the gateway,
 * draining) × the commands that can arrive in them, straight on {@link Transition#apply}: the requests after (running
 * on which instance, or waiting), the effects, the events and the replies in order. No threads, no HTTP.
 */
class GatewayTransitionsTest {
    private static final String RUNNING = "running on " + LLAMA;
    private static final String WAITING = "waiting";

    static final GatewayScript NOT_LOADED = new GatewayScript("llama not loaded");
    static final GatewayScript LOADED = new GatewayScript("llama loaded by another app")
            .apply(observed(instance(LLAMA)));
    static final GatewayScript LOADING = new GatewayScript("request 1 waits for its load").admit(1, LLAMA).accept();
    static final GatewayScript THREE_WAIT = new GatewayScript("requests 1-3 wait for the load").admit(1, LLAMA)
            .admit(2, LLAMA).admit(3, LLAMA).accept();
    static final GatewayScript SIX_WAIT = new GatewayScript("requests 1-6 wait for the load").admit(1, LLAMA)
            .admit(2, LLAMA).admit(3, LLAMA).admit(4, LLAMA).admit(5, LLAMA).admit(6, LLAMA).accept();
    static final GatewayScript RUNNING_ONE = new GatewayScript("request 1 runs").apply(observed(instance(LLAMA)))
            .admit(1, LLAMA);
    static final GatewayScript FULL = new GatewayScript("4 slots taken, request 5 queued")
            .apply(observed(instance(LLAMA))).admit(1, LLAMA).admit(2, LLAMA).admit(3, LLAMA).admit(4, LLAMA)
            .admit(5, LLAMA);
    static final GatewayScript DRAINING = new GatewayScript("request 1 runs, a user unloaded llama")
            .apply(observed(instance(LLAMA))).admit(1, LLAMA).unload(LLAMA);
    static final GatewayScript CHAT_AND_GATEWAY = new GatewayScript("llama active with a chat, qwen loading for request 1")
            .select(LLAMA).admit(1, QWEN);

    record Row(GatewayScript given, String command, Function<GatewayScript, Command> make, Duration later,
               Map<Long, String> requests, List<Class<? extends Effect>> effects, List<EventType> events,
               List<Class<? extends Reply>> replies) {
        @Override
        public String toString() {
            return given + " × " + command;
        }
    }

    static Row row(GatewayScript given, String command, Function<GatewayScript, Command> make,
                   Map<Long, String> requests, List<Class<? extends Effect>> effects, List<EventType> events,
                   List<Class<? extends Reply>> replies) {
        return new Row(given, command, make, Duration.ZERO, requests, effects, events, replies);
    }

    static Stream<Row> rows() {
        Duration chatDrain = TransitionFixture.SETTINGS.drainTimeout().plusSeconds(1);
        Duration gatewayDrain = TransitionFixture.SETTINGS.gatewayDrainTimeout().plusSeconds(1);
        return Stream.of(
                row(LOADED, "admit: a slot at once", g -> admit(g, 1, LLAMA), Map.of(1L, RUNNING), List.of(),
                        List.of(), List.of(Reply.Answer.class)),
                row(NOT_LOADED, "admit: loads it (cause gateway)", g -> admit(g, 1, LLAMA), Map.of(1L, WAITING),
                        List.of(Effect.StartLoad.class, Effect.Prepare.class),
                        List.of(EventType.MODEL_LOADING_STARTED), List.of()),
                row(NOT_LOADED, "admit an unknown model", g -> admit(g, 1, "nope"), Map.of(), List.of(), List.of(),
                        List.of(Reply.Refusal.class)),
                row(LOADING, "admit the same model: joins the load", g -> admit(g, 2, LLAMA),
                        Map.of(1L, WAITING, 2L, WAITING), List.of(), List.of(), List.of()),
                row(LOADING, "a user cancels the gateway's load: its waiters are answered",
                        g -> new Command.Cancel(100, g.state().lane().op().id()), Map.of(),
                        List.of(Effect.CancelLoad.class), List.of(EventType.MODEL_LOADING_CANCELLED),
                        List.of(Reply.Refusal.class, Reply.Answer.class)),
                row(LOADING, "a user selects another model: the gateway's load goes on, the selection waits",
                        g -> new Command.Select(100, "op_user", LoadRequest.of(QWEN, Cause.USER)), Map.of(1L, WAITING),
                        List.of(), List.of(), List.of(Reply.Answer.class)),
                row(LOADING, "the client leaves: dropped, the load goes on", g -> new Command.Withdraw(1), Map.of(),
                        List.of(), List.of(), List.of()),
                new Row(FULL, "maxWait passes for the queued one", g -> new Command.Tick(),
                        GatewayScript.WAIT.plusSeconds(1), Map.of(1L, RUNNING, 2L, RUNNING, 3L, RUNNING, 4L, RUNNING),
                        List.of(), List.of(), List.of(Reply.Refusal.class)),
                row(THREE_WAIT, "the load lands: every waiter runs", g -> land(g, LLAMA),
                        Map.of(1L, RUNNING, 2L, RUNNING, 3L, RUNNING), List.of(Effect.Observe.class),
                        List.of(EventType.MODEL_LOADING_COMPLETE),
                        List.of(Reply.Answer.class, Reply.Answer.class, Reply.Answer.class)),
                row(SIX_WAIT, "the load lands: 4 slots, 2 queued", g -> land(g, LLAMA),
                        Map.of(1L, RUNNING, 2L, RUNNING, 3L, RUNNING, 4L, RUNNING, 5L, WAITING, 6L, WAITING),
                        List.of(Effect.Observe.class), List.of(EventType.MODEL_LOADING_COMPLETE),
                        List.of(Reply.Answer.class, Reply.Answer.class, Reply.Answer.class, Reply.Answer.class)),
                row(THREE_WAIT, "the load fails: every waiter gets LM Studio's reason",
                        g -> new Command.LoadFailed(g.state().lane().op().id(),
                                new LmStudioPortException(LmStudioPortException.Reason.FAILED, "out of VRAM")),
                        Map.of(), List.of(Effect.Observe.class), List.of(EventType.MODEL_LOADING_FAILED),
                        List.of(Reply.Refusal.class, Reply.Refusal.class, Reply.Refusal.class)),
                row(FULL, "a slot is freed: the next in the queue gets it", g -> new Command.Withdraw(2),
                        Map.of(1L, RUNNING, 3L, RUNNING, 4L, RUNNING, 5L, RUNNING), List.of(), List.of(),
                        List.of(Reply.Answer.class)),
                row(FULL, "the queued client leaves", g -> new Command.Withdraw(5),
                        Map.of(1L, RUNNING, 2L, RUNNING, 3L, RUNNING, 4L, RUNNING), List.of(), List.of(), List.of()),
                row(RUNNING_ONE, "another program unloads it: the request is told why",
                        g -> TransitionFixture.observedNow(g.state()), Map.of(), List.of(Effect.Revoke.class),
                        List.of(EventType.MODEL_UNLOADED_EXTERNALLY), List.of()),
                row(LOADING, "shut down: the waiter is refused", g -> new Command.Shutdown(), Map.of(), List.of(),
                        List.of(), List.of(Reply.Refusal.class)),
                row(FULL, "a tick within every wait and bound changes nothing", g -> new Command.Tick(),
                        Map.of(1L, RUNNING, 2L, RUNNING, 3L, RUNNING, 4L, RUNNING, 5L, WAITING), List.of(), List.of(),
                        List.of()),
                row(RUNNING_ONE, "the slot closes", g -> new Command.Withdraw(1), Map.of(), List.of(), List.of(),
                        List.of()),
                row(RUNNING_ONE, "a user unloads: answered at once, draining", g -> unload(LLAMA),
                        Map.of(1L, RUNNING), List.of(), List.of(), List.of(Reply.Answer.class)),
                row(DRAINING, "the last request ends: unloaded", g -> new Command.Withdraw(1), Map.of(),
                        List.of(Effect.Unload.class), List.of(), List.of()),
                row(DRAINING, "a new request for it waits (no slot on a draining instance)", g -> admit(g, 2, LLAMA),
                        Map.of(1L, RUNNING, 2L, WAITING), List.of(), List.of(), List.of()),
                new Row(DRAINING, "chat's drain bound passes: gateway requests keep their own", g -> new Command.Tick(),
                        chatDrain, Map.of(1L, RUNNING), List.of(), List.of(), List.of()),
                new Row(DRAINING, "the gateway drain timeout passes: unloaded, the request is told why",
                        g -> new Command.Tick(), gatewayDrain, Map.of(),
                        List.of(Effect.Revoke.class, Effect.Unload.class), List.of(), List.of()),
                row(CHAT_AND_GATEWAY, "a chat lease on the active model is not held up by the gateway's load",
                        g -> new Command.AcquireLease(100, LeaseHolder.CHAT), Map.of(1L, WAITING), List.of(), List.of(),
                        List.of(Reply.Answer.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void transition(Row row) {
        GatewayScript given = row.given();
        Transition.Step step = Transition.apply(given.state(), row.make().apply(given), given.now().plus(row.later()),
                given.settings());

        assertThat(GatewayScript.requests(step.state())).as("requests").isEqualTo(row.requests());
        assertThat(step.effects()).as("effects").map(Object::getClass).map(Class.class::cast)
                .containsExactlyElementsOf(row.effects());
        assertThat(step.events()).as("events").map(LifecycleEvent::type).containsExactlyElementsOf(row.events());
        assertThat(step.replies()).as("replies").map(Object::getClass).map(Class.class::cast)
                .containsExactlyElementsOf(row.replies());
    }

    private static Command admit(GatewayScript g, long id, String modelId) {
        return GatewayScript.admission(id, modelId, g.now());
    }

    private static Command land(GatewayScript g, String modelId) {
        return new Command.LoadSucceeded(g.state().lane().op().id(), instance(modelId));
    }

    private static Command unload(String modelId) {
        return new Command.Unload(100, UnloadRequest.model(modelId, Cause.USER));
    }
}
