package io.lmdeck.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The policy options' values: contract defaults, units, and a one-line reason naming the option for bad input. */
class PolicySettingsTest {
    @Test
    void defaults_are_the_contract_s() {
        PolicySettings defaults = PolicySettings.parse(null, null, false, null, null, null);
        assertThat(defaults).isEqualTo(PolicySettings.defaults());
        assertThat(defaults.memoryBudget()).isNull();
        assertThat(defaults.maxLoaded()).isNull();
        assertThat(defaults.evictExternal()).isFalse();
        assertThat(defaults.gatewayWait()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.fairness()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void given_values_are_parsed() {
        PolicySettings s = PolicySettings.parse("20GB", "2", true, "90", "2m", "45s");
        assertThat(s.memoryBudget()).isEqualTo(new ByteSize(20_000_000_000L));
        assertThat(s.maxLoaded()).isEqualTo(2);
        assertThat(s.evictExternal()).isTrue();
        assertThat(s.gatewayWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.fairness()).isEqualTo(Duration.ofSeconds(45));
        assertThat(PolicySettings.parse(null, null, false, "1h", null, null).gatewayWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void bad_values_name_the_option_in_one_line() {
        assertRefused(() -> PolicySettings.parse("20", null, false, null, null, null), "--memory-budget: '20'");
        assertRefused(() -> PolicySettings.parse(null, "0", false, null, null, null), "--max-loaded must be between 1");
        assertRefused(() -> PolicySettings.parse(null, "two", false, null, null, null), "--max-loaded must be a whole number");
        assertRefused(() -> PolicySettings.parse(null, null, false, "0", null, null), "--gateway-wait must be between 1 s and 24 h");
        assertRefused(() -> PolicySettings.parse(null, null, false, null, "2d", null), "--drain-timeout must be a time");
        assertRefused(() -> PolicySettings.parse(null, null, false, null, null, "25h"), "--fairness must be between");
        assertRefused(() -> PolicySettings.parse(null, null, false, "-5", null, null), "--gateway-wait must be a time");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageNotContaining("\n");
    }
}
