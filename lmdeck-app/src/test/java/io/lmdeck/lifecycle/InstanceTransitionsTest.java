package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
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
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instance states (idle, leased, draining, unloading, cleaning up) × the commands that can arrive in them, LM
 * Studio's answers included (in time, twice, "already gone"), straight on {@link Transition#apply}. (The given
 * states have a look at LM Studio in flight, so a further look is folded into it: no second {@code Observe}.)
 */
class InstanceTransitionsTest {

    static final Given IDLE = new Script("loaded, idle").select(LLAMA).accept(true).land(LLAMA).given();
    static final Given LEASED = new Script("leased").select(LLAMA).accept(true).land(LLAMA).lease().given();
    static final Given DRAINING = new Script("draining (unload asked while leased)").select(LLAMA).accept(true)
            .land(LLAMA).lease().unload(LLAMA).given();
    static final Given UNLOADING = new Script("unloading").select(LLAMA).accept(true).land(LLAMA).unload(LLAMA)
            .given();
    static final Given CLEANING_UP = new Script("cleaning up a cancelled load's leftover").select(LLAMA).accept(true)
            .cancel().land(LLAMA).given();

    /** {@code use}: the llama instance's state after, null when it is gone. */
    record Row(Given given, String command, Function<Given, Command> make, Instant at, Class<?> use,
               List<Class<? extends Effect>> effects, List<EventType> events, Class<? extends Reply> reply) {
        @Override
        public String toString() {
            return given + " × " + command;
        }
    }

    static Row row(Given given, String command, Function<Given, Command> make, Class<?> use,
                   List<Class<? extends Effect>> effects, List<EventType> events, Class<? extends Reply> reply) {
        return new Row(given, command, make, T0, use, effects, events, reply);
    }

    static Stream<Row> rows() {
        Instant drainOver = T0.plus(SETTINGS.drainTimeout()).plusSeconds(1);
        return Stream.of(
                row(IDLE, "lease", g -> lease(), InstanceUse.Leased.class, List.of(), List.of(), Reply.Answer.class),
                row(IDLE, "a stray release", g -> release(), InstanceUse.Idle.class, List.of(), List.of(), null),
                row(IDLE, "unload", g -> unload(), InstanceUse.Unloading.class, List.of(Effect.Unload.class),
                        List.of(), null),
                row(IDLE, "a look without it: another program unloaded it", g -> observedNow(g.state()), null,
                        List.of(), List.of(EventType.MODEL_UNLOADED_EXTERNALLY, EventType.ACTIVE_MODEL_CHANGED), null),
                row(IDLE, "a look with it", g -> observedNow(g.state(), instance(LLAMA)), InstanceUse.Idle.class,
                        List.of(), List.of(), null),
                row(LEASED, "a second lease", g -> lease(), InstanceUse.Leased.class, List.of(), List.of(),
                        Reply.Answer.class),
                row(LEASED, "release", g -> release(), InstanceUse.Idle.class, List.of(), List.of(), null),
                row(LEASED, "unload: answered at once (draining), waits for the lease", g -> unload(),
                        InstanceUse.Draining.class, List.of(), List.of(), Reply.Answer.class),
                row(DRAINING, "a new lease is refused", g -> lease(), InstanceUse.Draining.class, List.of(), List.of(),
                        Reply.Refusal.class),
                row(DRAINING, "the lease ends: unloaded", g -> release(), InstanceUse.Unloading.class,
                        List.of(Effect.Unload.class), List.of(), null),
                new Row(DRAINING, "the drain times out: unloaded anyway", g -> new Command.Tick(), drainOver,
                        InstanceUse.Unloading.class, List.of(Effect.Unload.class), List.of(), null),
                row(DRAINING, "chosen again: it stays, leased", g -> new Command.Select(100, "op_100",
                        LoadRequest.of(LLAMA, Cause.USER)), InstanceUse.Leased.class, List.of(), List.of(), Reply.Answer.class),
                row(UNLOADING, "unloaded", g -> new Command.UnloadDone(LLAMA, null), null, List.of(),
                        List.of(EventType.MODEL_UNLOADED, EventType.ACTIVE_MODEL_CHANGED), Reply.Answer.class),
                row(UNLOADING, "already gone (another program was first)",
                        g -> new Command.UnloadDone(LLAMA, portError(Reason.NOT_FOUND)), null,
                        List.of(),
                        List.of(EventType.MODEL_UNLOADED_EXTERNALLY, EventType.ACTIVE_MODEL_CHANGED),
                        Reply.Answer.class),
                row(UNLOADING, "LM Studio refuses", g -> new Command.UnloadDone(LLAMA, portError(Reason.FAILED)),
                        InstanceUse.Idle.class, List.of(), List.of(), Reply.Answer.class),
                row(UNLOADING, "a look without it (the unload's answer will say)", g -> observedNow(g.state()),
                        InstanceUse.Unloading.class, List.of(), List.of(), null),
                row(UNLOADING, "a lease is refused", g -> lease(), InstanceUse.Unloading.class, List.of(), List.of(),
                        Reply.Refusal.class),
                row(CLEANING_UP, "unloaded", g -> new Command.UnloadDone(LLAMA, null), null,
                        List.of(), List.of(EventType.MODEL_UNLOADED), null),
                row(CLEANING_UP, "already gone: quiet", g -> new Command.UnloadDone(LLAMA,
                        portError(Reason.NOT_FOUND)), null, List.of(), List.of(), null),
                row(CLEANING_UP, "an unload answer twice", g -> new Command.UnloadDone("no-such", null),
                        InstanceUse.CleaningUp.class, List.of(), List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void transition(Row row) {
        Transition.Step step = Transition.apply(row.given().state(), row.make().apply(row.given()), row.at(), SETTINGS);

        TrackedInstance llama = step.state().instances().get(LLAMA);
        assertThat(llama == null ? null : llama.use().getClass()).as("llama's state").isEqualTo(row.use());
        TransitionFixture.assertStep(step, row.effects(), row.events(), row.reply());
    }

    private static Command lease() {
        return new Command.AcquireLease(100, LeaseHolder.CHAT);
    }

    private static Command release() {
        return new Command.ReleaseLease(LLAMA, LeaseHolder.CHAT);
    }

    private static Command unload() {
        return new Command.Unload(100, UnloadRequest.model(LLAMA, Cause.USER));
    }
}
