package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CLI's one size format: decimal units, as LM Studio shows them. */
class HumanTest {
    @Test
    void sizesAreDecimalWithThreeSignificantDigits() {
        assertThat(Human.bytes(8_709_518_624L)).isEqualTo("8.71 GB"); // qwen/qwen3-8b: not 8.1 (GiB)
        assertThat(Human.bytes(1_000_000_000L)).isEqualTo("1.00 GB");
        assertThat(Human.bytes(19_800_000_000L)).isEqualTo("19.8 GB");
        assertThat(Human.bytes(128_000_000_000L)).isEqualTo("128 GB");
        assertThat(Human.bytes(84_000_000L)).isEqualTo("84.0 MB");
        assertThat(Human.bytes(999L)).isEqualTo("999 B");
    }

    @Test
    void aSizeThatRoundsUpToTheNextUnitIsShownInIt() {
        assertThat(Human.bytes(999_999_999L)).isEqualTo("1.00 GB");
        assertThat(Human.bytes(999_500L)).isEqualTo("1.00 MB");
        assertThat(Human.bytes(99_960_000L)).isEqualTo("100 MB");
    }
}
