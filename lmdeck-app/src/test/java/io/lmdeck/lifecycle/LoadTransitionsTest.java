package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.GB;
import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
import static io.lmdeck.lifecycle.TransitionFixture.QWEN;
import static io.lmdeck.lifecycle.TransitionFixture.SETTINGS;
import static io.lmdeck.lifecycle.TransitionFixture.T0;
import static io.lmdeck.lifecycle.TransitionFixture.instance;
import static io.lmdeck.lifecycle.TransitionFixture.observedNow;
import static io.lmdeck.lifecycle.TransitionFixture.portError;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.lifecycle.LmStudioPortException.Reason;
import io.lmdeck.lifecycle.TransitionFixture.Given;
import io.lmdeck.lifecycle.TransitionFixture.Script;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The load states × the commands that can arrive in them, LM Studio's answers included (in time, late, twice, after
 * a cancel), straight on {@link Transition#apply}: given state, command, then the lane and queue states, the
 * effects, the events and the reply. No threads, no HTTP. (Where a given state has a look at LM Studio in flight, a
 * further look is folded into it: no second {@code Observe}.)
 */
class LoadTransitionsTest {

    static final Given IDLE = new Script("idle").given();
    static final Given LOADING = new Script("loading").select(LLAMA).given();
    static final Given ACCEPTED = new Script("loading, accepted").select(LLAMA).accept(true).given();
    static final Given REST_ACCEPTED = new Script("loading, accepted, not cancellable").select(LLAMA).accept(false)
            .given();
    static final Given CANCEL_BEFORE_ACCEPT = new Script("cancel requested before accepted").select(LLAMA).cancel()
            .given();
    static final Given CANCEL_REQUESTED = new Script("cancel requested").select(LLAMA).accept(true).cancel().given();
    static final Given CANCELLED = new Script("cancelled (LM Studio said so)").select(LLAMA).accept(true).cancel()
            .failCancelled().given();
    static final Given QUEUED = new Script("queued behind a cancel").select(LLAMA).accept(true).select(QWEN).given();
    static final Given LANDED = new Script("landed").select(LLAMA).accept(true).land(LLAMA).given();
    static final Given PREPARING = new Script("preparing (llama active, qwen chosen)").select(LLAMA).accept(true)
            .land(LLAMA).select(QWEN).given();
    static final Given SHUT_DOWN = new Script("shut down").apply(new Command.Shutdown()).given();
    static final Given FREEING = new Script("freeing (both do not fit)").select(LLAMA).accept(true).land(LLAMA)
            .select(QWEN).prepared(9 * GB).given();

    /** One row of the table. {@code lane}/{@code pending}: the state classes expected after, null for none. */
    record Row(Given given, String command, Function<Given, Command> make, Instant at, Class<?> lane,
               Class<?> pending, List<Class<? extends Effect>> effects, List<EventType> events,
               Class<? extends Reply> reply) {
        @Override
        public String toString() {
            return given + " × " + command;
        }
    }

    static Row row(Given given, String command, Function<Given, Command> make, Class<?> lane, Class<?> pending,
                   List<Class<? extends Effect>> effects, List<EventType> events, Class<? extends Reply> reply) {
        return new Row(given, command, make, T0, lane, pending, effects, events, reply);
    }

    static Stream<Row> rows() {
        Instant stalled = T0.plus(SETTINGS.stallLimit()).plusSeconds(1);
        return Stream.of(
                row(IDLE, "select", g -> select(LLAMA), LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class, Effect.Prepare.class),
                        List.of(EventType.MODEL_LOADING_STARTED), Reply.Answer.class),
                row(IDLE, "select an unknown model", g -> select("nope"), null, null, List.of(), List.of(),
                        Reply.Refusal.class),
                row(IDLE, "a success for no load", g -> succeeded("op_gone", LLAMA), null, null, List.of(), List.of(),
                        null),
                row(LOADING, "select the same model", g -> select(LLAMA), LoadState.Loading.class, null, List.of(),
                        List.of(), Reply.Answer.class),
                row(LOADING, "accepted", g -> new Command.LoadAccepted(g.operationId(), true, true),
                        LoadState.Loading.class, null, List.of(), List.of(), null),
                row(LOADING, "progress", g -> new Command.LoadProgress(g.operationId(), 0.5), LoadState.Loading.class,
                        null, List.of(), List.of(EventType.MODEL_LOADING_PROGRESS), null),
                row(LOADING, "progress of another load", g -> new Command.LoadProgress("op_other", 0.5),
                        LoadState.Loading.class, null, List.of(), List.of(), null),
                row(LOADING, "succeeded", g -> succeeded(g.operationId(), LLAMA), null, null,
                        List.of(Effect.Observe.class),
                        List.of(EventType.MODEL_LOADING_COMPLETE, EventType.ACTIVE_MODEL_CHANGED), null),
                row(LOADING, "failed: not enough memory",
                        g -> new Command.LoadFailed(g.operationId(), portError(Reason.INSUFFICIENT_MEMORY)), null, null,
                        List.of(Effect.Observe.class), List.of(EventType.MODEL_LOADING_FAILED), null),
                row(LOADING, "cancel (not accepted yet: sent on accept)", g -> cancel(g.operationId()),
                        LoadState.CancelRequested.class, null, List.of(),
                        List.of(EventType.MODEL_LOADING_CANCELLED), Reply.Answer.class),
                new Row(LOADING, "tick past the stall limit", g -> new Command.Tick(), stalled, null, null,
                        List.of(Effect.Observe.class), List.of(EventType.MODEL_LOADING_FAILED), null),
                new Row(ACCEPTED, "tick past the stall limit", g -> new Command.Tick(), stalled, null, null,
                        List.of(Effect.CancelLoad.class, Effect.Observe.class),
                        List.of(EventType.MODEL_LOADING_FAILED), null),
                row(ACCEPTED, "cancel", g -> cancel(g.operationId()), LoadState.CancelRequested.class, null,
                        List.of(Effect.CancelLoad.class), List.of(EventType.MODEL_LOADING_CANCELLED),
                        Reply.Answer.class),
                row(ACCEPTED, "select another model", g -> select(QWEN), LoadState.CancelRequested.class,
                        LoadState.Queued.class, List.of(Effect.CancelLoad.class),
                        List.of(EventType.MODEL_LOADING_CANCELLED), Reply.Answer.class),
                row(REST_ACCEPTED, "cancel (cannot stop it: held until it lands)", g -> cancel(g.operationId()),
                        LoadState.CancelRequested.class, null, List.of(), List.of(EventType.MODEL_LOADING_CANCELLED),
                        Reply.Answer.class),
                row(CANCEL_BEFORE_ACCEPT, "accepted: the cancel goes out",
                        g -> new Command.LoadAccepted(g.operationId(), true, true), LoadState.CancelRequested.class,
                        null, List.of(Effect.CancelLoad.class), List.of(), null),
                row(CANCEL_REQUESTED, "cancel again: already over", g -> cancel(g.operationId()),
                        LoadState.CancelRequested.class, null, List.of(), List.of(), Reply.Answer.class),
                row(CANCEL_REQUESTED, "progress (not shown)", g -> new Command.LoadProgress(g.operationId(), 0.7),
                        LoadState.CancelRequested.class, null, List.of(), List.of(), null),
                row(CANCEL_REQUESTED, "LM Studio says cancelled",
                        g -> new Command.LoadFailed(g.operationId(), portError(Reason.CANCELLED)), null, null,
                        List.of(Effect.Observe.class), List.of(), null),
                row(CANCEL_REQUESTED, "it landed anyway: lmdeck unloads it", g -> succeeded(g.operationId(), LLAMA),
                        null, null, List.of(Effect.Unload.class, Effect.Observe.class), List.of(), null),
                row(CANCELLED, "it lands late after all: lmdeck unloads it", g -> succeeded(g.operationId(), LLAMA),
                        null, null, List.of(Effect.Unload.class), List.of(), null),
                row(CANCELLED, "a look shows what landed: lmdeck unloads it",
                        g -> observedNow(g.state(), instance(LLAMA)), null, null, List.of(Effect.Unload.class),
                        List.of(), null),
                row(CANCELLED, "LM Studio says cancelled twice",
                        g -> new Command.LoadFailed(g.operationId(), portError(Reason.CANCELLED)), null, null,
                        List.of(), List.of(), null),
                row(QUEUED, "the cancelled load ends: the queued one starts",
                        g -> new Command.LoadFailed(g.operationId(), portError(Reason.CANCELLED)),
                        LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class, Effect.Prepare.class, Effect.Observe.class),
                        List.of(EventType.MODEL_LOADING_STARTED), null),
                row(QUEUED, "the cancelled load lands: unloaded first, the queued one waits",
                        g -> succeeded(g.operationId(), LLAMA), null,
                        LoadState.Queued.class, List.of(Effect.Unload.class, Effect.Observe.class), List.of(), null),
                row(QUEUED, "select the cancelled model again", g -> select(LLAMA), LoadState.CancelRequested.class,
                        LoadState.Queued.class, List.of(), List.of(EventType.MODEL_LOADING_CANCELLED),
                        Reply.Answer.class),
                row(LANDED, "LM Studio says it succeeded twice", g -> succeeded(g.operationId(), LLAMA), null, null,
                        List.of(), List.of(), null),
                row(LANDED, "a late failure of the landed load",
                        g -> new Command.LoadFailed(g.operationId(), portError(Reason.FAILED)), null, null, List.of(),
                        List.of(), null),
                row(PREPARING, "estimate: both fit", g -> prepared(g, 2 * GB), LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class), List.of(EventType.MODEL_LOADING_STARTED), null),
                row(PREPARING, "estimate: both do not fit", g -> prepared(g, 9 * GB), LoadState.Freeing.class, null,
                        List.of(Effect.Unload.class), List.of(), null),
                row(PREPARING, "an estimate for another load", g -> new Command.Prepared("op_other", Optional.empty(),
                        OptionalLong.of(GB), Command.HostMemorySample.UNKNOWN), LoadState.Preparing.class, null,
                        List.of(), List.of(), null),
                row(PREPARING, "cancel", g -> cancel(g.state().lane().op().id()), null, null, List.of(),
                        List.of(EventType.MODEL_LOADING_CANCELLED), Reply.Answer.class),
                row(SHUT_DOWN, "select", g -> select(LLAMA), null, null, List.of(), List.of(), Reply.Refusal.class),
                row(LOADING, "await: answered when it ends", g -> new Command.Await(102, g.operationId()),
                        LoadState.Loading.class, null, List.of(), List.of(), null),
                row(LOADING, "a look asked before lmdeck's own change: discarded, asked again",
                        g -> new Command.Observed(-1, TransitionFixture.observed().observation(),
                                Command.HostMemorySample.UNKNOWN), LoadState.Loading.class, null,
                        List.of(Effect.Observe.class), List.of(), null),
                row(LOADING, "shutdown", g -> new Command.Shutdown(), LoadState.Loading.class, null, List.of(),
                        List.of(), null),
                row(QUEUED, "cancel the queued load", g -> cancel(g.state().pending().op().id()),
                        LoadState.CancelRequested.class, null, List.of(), List.of(EventType.MODEL_LOADING_CANCELLED),
                        Reply.Answer.class),
                row(CANCELLED, "select it again", g -> select(LLAMA), LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class, Effect.Prepare.class),
                        List.of(EventType.MODEL_LOADING_STARTED), Reply.Answer.class),
                row(PREPARING, "progress (nothing runs yet)", g -> new Command.LoadProgress(
                        g.state().lane().op().id(), 0.5), LoadState.Preparing.class, null, List.of(), List.of(), null),
                row(FREEING, "the model being unloaded is chosen again: queued until it is gone", g -> select(LLAMA),
                        null, LoadState.Queued.class, List.of(), List.of(EventType.MODEL_LOADING_CANCELLED),
                        Reply.Answer.class),
                row(FREEING, "the old model is unloaded: the load starts", g -> new Command.UnloadDone(LLAMA, null),
                        LoadState.Loading.class, null, List.of(Effect.StartLoad.class),
                        List.of(EventType.MODEL_UNLOADED, EventType.ACTIVE_MODEL_CHANGED,
                                EventType.MODEL_LOADING_STARTED), null),
                row(FREEING, "someone else unloaded it first", g -> new Command.UnloadDone(LLAMA,
                        portError(Reason.NOT_FOUND)), LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class),
                        List.of(EventType.MODEL_UNLOADED_EXTERNALLY, EventType.ACTIVE_MODEL_CHANGED,
                                EventType.MODEL_LOADING_STARTED), null),
                row(FREEING, "the unload fails: the load starts anyway", g -> new Command.UnloadDone(LLAMA,
                        portError(Reason.FAILED)), LoadState.Loading.class, null,
                        List.of(Effect.StartLoad.class),
                        List.of(EventType.MODEL_LOADING_STARTED), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void transition(Row row) {
        Transition.Step step = Transition.apply(row.given().state(), row.make().apply(row.given()), row.at(), SETTINGS);

        assertThat(classOf(step.state().lane())).as("lane").isEqualTo(row.lane());
        assertThat(classOf(step.state().pending())).as("queued").isEqualTo(row.pending());
        TransitionFixture.assertStep(step, row.effects(), row.events(), row.reply());
        Transition.Step again = Transition.apply(row.given().state(), row.make().apply(row.given()), row.at(), SETTINGS);
        assertThat(again.state()).as("a function of its inputs (the given state is left as it was)")
                .isEqualTo(step.state());
        assertThat(again.effects()).isEqualTo(step.effects());
    }

    private static Class<?> classOf(Object value) {
        return value == null ? null : value.getClass();
    }

    private static Command select(String modelId) {
        return new Command.Select(100, "op_100", LoadRequest.of(modelId, Cause.USER));
    }

    private static Command cancel(String operationId) {
        return new Command.Cancel(101, operationId);
    }

    private static Command succeeded(String operationId, String modelId) {
        return new Command.LoadSucceeded(operationId, instance(modelId));
    }

    private static Command prepared(Given given, long estimateBytes) {
        return new Command.Prepared(given.state().lane().op().id(), Optional.empty(), OptionalLong.of(estimateBytes),
                new Command.HostMemorySample(16 * GB, 8 * GB));
    }
}
