package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
import static io.lmdeck.lifecycle.TransitionFixture.QWEN;
import static io.lmdeck.lifecycle.TransitionFixture.T0;
import static io.lmdeck.lifecycle.TransitionFixture.instance;
import static io.lmdeck.lifecycle.TransitionFixture.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lmdeck's own idle TTL, pins and slots from presets (contract §7), straight on {@link Transition#apply} with a fake
 * clock: which instance the TTL unloads and when, that a preset's change applies at once to what is loaded, and what
 * the views show of it. Llama is loaded by lmdeck at {@code T0} unless a row says otherwise; its TTL is 60 s.
 */
class TtlTransitionsTest {
    private static final ModelPolicy TTL_60 = new ModelPolicy(false, 60, null);

    /** Llama loaded by lmdeck (a user's load) at T0, idle since. */
    private static GatewayScript loaded(ModelPolicy policy) {
        return loaded(policy, TransitionFixture.SETTINGS);
    }

    private static GatewayScript loaded(ModelPolicy policy, LifecycleSettings settings) {
        return new GatewayScript("llama loaded by lmdeck", settings).select(LLAMA).apply(policies(policy));
    }

    /** Llama loaded by another program, seen at T0. */
    private static GatewayScript external(ModelPolicy policy, LifecycleSettings settings) {
        return new GatewayScript("llama loaded elsewhere", settings).apply(observed(instance(LLAMA)))
                .apply(policies(policy));
    }

    private static Command.PoliciesChanged policies(ModelPolicy llama) {
        return new Command.PoliciesChanged(Map.of(LLAMA, llama));
    }

    /** {@code unloads}: whether the command's step unloads Llama for its TTL. */
    record Row(String name, Supplier<GatewayScript> given, Duration at, Function<GatewayScript, Command> command,
               boolean unloads) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        Function<GatewayScript, Command> tick = g -> new Command.Tick();
        LifecycleSettings evictExternal = TransitionFixture.SETTINGS.withEvictExternal(true);
        return Stream.of(
                new Row("idle past its TTL: unloaded", () -> loaded(TTL_60), Duration.ofSeconds(60), tick, true),
                new Row("idle, TTL not reached yet: stays", () -> loaded(TTL_60), Duration.ofSeconds(59), tick, false),
                new Row("no TTL: stays however long idle", () -> loaded(ModelPolicy.NONE), Duration.ofDays(3), tick,
                        false),
                new Row("a chat holds it past its TTL: stays", () -> loaded(TTL_60).chatLease(),
                        Duration.ofSeconds(600), tick, false),
                new Row("a gateway request runs on it past its TTL: stays", () -> loaded(TTL_60).admit(1, LLAMA),
                        Duration.ofSeconds(600), tick, false),
                new Row("pinned: never TTL-unloaded", () -> loaded(new ModelPolicy(true, 60, null)),
                        Duration.ofSeconds(600), tick, false),
                new Row("counted from its last use: a chat ended at 50 s, tick at 100 s", () -> loaded(TTL_60)
                        .at(Duration.ofSeconds(30)).chatLease().at(Duration.ofSeconds(50)).apply(releaseChat()),
                        Duration.ofSeconds(100), tick, false),
                new Row("counted from its last use: a chat ended at 50 s, tick at 110 s", () -> loaded(TTL_60)
                        .at(Duration.ofSeconds(30)).chatLease().at(Duration.ofSeconds(50)).apply(releaseChat()),
                        Duration.ofSeconds(110), tick, true),
                new Row("LM Studio saw a later use (another program's request): counted from it", 
                        TtlTransitionsTest::usedElsewhereAt40s, Duration.ofSeconds(90), tick, false),
                new Row("already unloading for a user: not asked twice", () -> loaded(TTL_60).unload(LLAMA),
                        Duration.ofSeconds(600), tick, false),
                new Row("another program's instance: not lmdeck's to unload", () -> external(TTL_60,
                        TransitionFixture.SETTINGS), Duration.ofSeconds(600), tick, false),
                new Row("another program's instance with --evict-external: unloaded", () -> external(TTL_60,
                        evictExternal), Duration.ofSeconds(60), tick, true),
                new Row("a TTL set on an instance idle for 2 min: unloaded at once",
                        () -> loaded(ModelPolicy.NONE), Duration.ofSeconds(120), g -> policies(TTL_60), true),
                new Row("a TTL set longer than its idle time: stays", () -> loaded(ModelPolicy.NONE),
                        Duration.ofSeconds(120), g -> policies(new ModelPolicy(false, 600, null)), false),
                new Row("its TTL removed before it ran out: stays", () -> loaded(TTL_60).apply(policies(ModelPolicy.NONE)),
                        Duration.ofSeconds(600), tick, false),
                new Row("pinned at once: stays", () -> loaded(TTL_60), Duration.ofSeconds(600),
                        g -> policies(new ModelPolicy(true, 60, null)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theIdleTtl(Row row) {
        GatewayScript g = row.given().get();
        g.at(row.at()).apply(row.command().apply(g));

        TrackedInstance llama = g.state().instances().get(LLAMA);
        if (row.unloads()) {
            assertThat(g.last().effects()).containsExactly(new Effect.Unload(LLAMA));
            assertThat(llama.use()).isEqualTo(new InstanceUse.Unloading(Cause.TTL));
        } else {
            assertThat(g.last().effects()).doesNotContain(new Effect.Unload(LLAMA));
            assertThat(llama.use()).isNotEqualTo(new InstanceUse.Unloading(Cause.TTL));
        }
    }

    @Test
    void theUnloadSaysItWasTheIdleTtl() {
        GatewayScript g = loaded(TTL_60).at(Duration.ofSeconds(61)).apply(new Command.Tick())
                .unloaded(LLAMA);

        LifecycleEvent unloaded = g.last().events().get(0);
        assertThat(unloaded.type()).isEqualTo(EventType.MODEL_UNLOADED);
        assertThat(unloaded.cause()).isEqualTo(Cause.TTL);
        assertThat(unloaded.details()).containsEntry("reason", "idle_ttl").containsEntry("loaded_by", "lmdeck");
        assertThat(unloaded.message()).isEqualTo("LM Studio: Llama 3 8B unloaded after its idle TTL");
        assertThat(g.state().instances()).doesNotContainKey(LLAMA);
    }

    @Test
    void anUnloadLmStudioRefusedIsTriedAgainAfterAnotherTtlNotEveryTick() {
        GatewayScript g = loaded(TTL_60).at(Duration.ofSeconds(60)).apply(new Command.Tick())
                .apply(new Command.UnloadDone(LLAMA, new LmStudioPortException(LmStudioPortException.Reason.FAILED,
                        "busy")));
        assertThat(g.state().instances().get(LLAMA).use()).isInstanceOf(InstanceUse.Idle.class);

        assertThat(g.at(Duration.ofSeconds(61)).apply(new Command.Tick()).last().effects()).isEmpty();
        assertThat(g.at(Duration.ofSeconds(120)).apply(new Command.Tick()).last().effects())
                .containsExactly(new Effect.Unload(LLAMA));
    }

    @Test
    void moreSlotsApplyAtOnceToQueuedRequests() {
        GatewayScript g = new GatewayScript("qwen: one request at a time")
                .apply(new Command.PoliciesChanged(Map.of(QWEN, new ModelPolicy(false, null, 1))))
                .admit(1, QWEN).accept().land(QWEN).admit(2, QWEN).admit(3, QWEN);
        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + QWEN, 2L, "waiting", 3L, "waiting"));

        g.apply(new Command.PoliciesChanged(Map.of(QWEN, new ModelPolicy(false, null, 3))));

        assertThat(g.requests()).isEqualTo(Map.of(1L, "running on " + QWEN, 2L, "running on " + QWEN,
                3L, "running on " + QWEN));
        assertThat(g.last().replies()).hasSize(2).allSatisfy(reply -> assertThat(reply).isInstanceOf(Reply.Answer.class));

        g.apply(new Command.PoliciesChanged(Map.of()));
        g.withdraw(1).withdraw(2).withdraw(3).admit(4, QWEN).admit(5, QWEN).admit(6, QWEN).admit(7, QWEN).admit(8, QWEN);
        assertThat(g.requests().values()).as("back to the default (4)")
                .filteredOn(state -> state.startsWith("running")).hasSize(4);
        assertThat(g.requests()).containsEntry(8L, "waiting");
    }

    @Test
    void theViewsShowTheLastUseThePolicyAndWhenTheTtlWouldUnloadIt() {
        GatewayScript g = loaded(TTL_60).at(Duration.ofSeconds(10)).chatLease();
        assertThat(view(g)).satisfies(view -> {
            assertThat(view.ttlSeconds()).isEqualTo(60);
            assertThat(view.pinned()).isFalse();
            assertThat(view.ttlExpiresAt()).as("in use: no countdown").isNull();
        });

        g.at(Duration.ofSeconds(25)).apply(releaseChat());
        assertThat(g.last().viewsUnchanged()).as("idle again: its countdown starts, the snapshot shows it").isFalse();
        assertThat(view(g)).satisfies(view -> {
            assertThat(view.lastUsedAt()).isEqualTo(T0.plusSeconds(25));
            assertThat(view.ttlExpiresAt()).isEqualTo(T0.plusSeconds(85));
        });

        g.apply(policies(new ModelPolicy(true, 60, null)));
        assertThat(view(g)).satisfies(view -> {
            assertThat(view.pinned()).isTrue();
            assertThat(view.ttlExpiresAt()).as("pinned: no countdown").isNull();
        });

        GatewayScript other = external(TTL_60, TransitionFixture.SETTINGS);
        assertThat(view(other)).as("not lmdeck's to unload").satisfies(view -> {
            assertThat(view.ttlSeconds()).isNull();
            assertThat(view.ttlExpiresAt()).isNull();
            assertThat(view.lastUsedAt()).isEqualTo(T0);
        });
    }

    @Test
    void aChatsLeaseSkipsTheSnapshotUnlessItStopsACountdown() {
        GatewayScript noTtl = loaded(ModelPolicy.NONE).chatLease();
        assertThat(noTtl.last().viewsUnchanged()).as("no countdown to stop: the chat's fast path").isTrue();
        assertThat(noTtl.chatLease().last().viewsUnchanged()).as("a second chat").isTrue();
        assertThat(noTtl.apply(releaseChat()).last().viewsUnchanged()).as("one of two ends: still busy").isTrue();
        assertThat(noTtl.apply(releaseChat()).last().viewsUnchanged()).as("idle again: last use shown").isFalse();

        assertThat(loaded(TTL_60).chatLease().last().viewsUnchanged()).as("its countdown stops").isFalse();
    }

    private static InstanceView view(GatewayScript g) {
        return SnapshotViews.build(1, g.state(), g.settings(), g.now()).status().loaded().stream()
                .filter(v -> v.instanceId().equals(LLAMA)).findFirst().orElseThrow();
    }

    private static Command releaseChat() {
        return new Command.ReleaseLease(LLAMA, LeaseHolder.CHAT);
    }

    /** Llama, idle since T0 for lmdeck, and a look at LM Studio at 40 s that says it was last used then. */
    private static GatewayScript usedElsewhereAt40s() {
        GatewayScript g = loaded(TTL_60).at(Duration.ofSeconds(40));
        return g.apply(TransitionFixture.observedNow(g.state(),
                new LmStudioPort.Instance(LLAMA, LLAMA, 4096, null, T0.plusSeconds(40))));
    }
}
