package io.lmdeck.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --memory-budget} sizes: GB and MB decimal (as LM Studio shows sizes), GiB and MiB binary. */
class ByteSizeTest {
    @Test
    void decimal_and_binary_units() {
        assertThat(ByteSize.parse("20GB").bytes()).isEqualTo(20_000_000_000L);
        assertThat(ByteSize.parse("20GiB").bytes()).isEqualTo(20L * 1024 * 1024 * 1024);
        assertThat(ByteSize.parse("512MB").bytes()).isEqualTo(512_000_000L);
        assertThat(ByteSize.parse("512MiB").bytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void fractions_spaces_and_case_are_accepted() {
        assertThat(ByteSize.parse("19.5GB").bytes()).isEqualTo(19_500_000_000L);
        assertThat(ByteSize.parse(" 1.5 GiB ").bytes()).isEqualTo(1_610_612_736L);
        assertThat(ByteSize.parse("8gb").bytes()).isEqualTo(8_000_000_000L);
        assertThat(ByteSize.parse("0.0000000015GB").bytes()).as("rounded down to whole bytes").isEqualTo(1L);
    }

    @Test
    void shown_in_decimal_gigabytes() {
        assertThat(ByteSize.parse("20GB")).hasToString("20 GB");
        assertThat(ByteSize.parse("20GiB")).hasToString("21.47 GB");
        assertThat(ByteSize.parse("512MB")).hasToString("0.51 GB");
    }

    @Test
    void anything_else_is_refused_in_one_line_quoting_it() {
        for (String bad : new String[] {"20", "20 G", "20TB", "20KB", "-1GB", "0GB", "GB", "", "1e3GB", "20GB8",
                "99999999999999999999GB"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad.trim() + "'")
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> ByteSize.parse("20TB")).hasMessageContaining("use GB, GiB, MB or MiB");
        assertThatThrownBy(() -> ByteSize.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
