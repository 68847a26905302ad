package io.lmdeck.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes as a person writes it for {@code --memory-budget}: {@code 20GB}, {@code 19.5 GiB}, {@code 512MB},
 * {@code 512MiB} (contract section 10: GB and MB are decimal, 10^9 and 10^6 bytes, as LM Studio shows sizes; GiB and
 * MiB are binary). The unit is required and its case does not matter; a fraction is rounded down to whole bytes.
 */
public record ByteSize(long bytes) {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)");
    private static final Map<String, Long> UNITS = Map.of(
            "gb", 1_000_000_000L,
            "gib", 1L << 30,
            "mb", 1_000_000L,
            "mib", 1L << 20);
    private static final long GB = 1_000_000_000L;

    public ByteSize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a size must be more than 0 bytes (got " + bytes + ")");
        }
    }

    /**
     * Parses {@code 20GB}, {@code 1.5 GiB}, {@code 512MB}, {@code 512MiB}.
     *
     * @throws IllegalArgumentException a one-line reason, quoting the text
     */
    public static ByteSize parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher m = TEXT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a size: write a number and a unit, like 20GB,"
                    + " 19.5GiB, 512MB or 512MiB");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("'" + trimmed + "': unknown unit '" + m.group(2)
                    + "'; use GB, GiB, MB or MiB (1 GB = 10^9 bytes)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + trimmed + "' is too large");
        }
        if (bytes.signum() == 0) {
            throw new IllegalArgumentException("'" + trimmed + "' is zero; a size must be more than 0 bytes");
        }
        return new ByteSize(bytes.longValueExact());
    }

    /** Decimal gigabytes, as lmdeck shows sizes everywhere: {@code 20 GB}, {@code 21.47 GB}. */
    @Override
    public String toString() {
        if (bytes % GB == 0) {
            return bytes / GB + " GB";
        }
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(GB), 2, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + " GB";
    }
}
