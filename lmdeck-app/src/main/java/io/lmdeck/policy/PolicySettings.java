package io.lmdeck.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory and gateway policies of contract sections 6 and 7, as {@code serve} options would give them:
 * {@code --memory-budget} (null: none, LM Studio's guardrail decides), {@code --max-loaded} (null: no cap),
 * {@code --evict-external}, {@code --gateway-wait} (default 300 s), {@code --drain-timeout} (default 120 s) and
 * {@code --fairness} (default 30 s). Only the values for now: nothing applies them yet.
 */
public record PolicySettings(
        ByteSize memoryBudget,
        Integer maxLoaded,
        boolean evictExternal,
        Duration gatewayWait,
        Duration drainTimeout,
        Duration fairness) {

    public static final Duration DEFAULT_GATEWAY_WAIT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_FAIRNESS = Duration.ofSeconds(30);
    /** A day: longer waits are a typo (a value in milliseconds), not a policy. */
    static final Duration MAX_DURATION = Duration.ofDays(1);
    static final int MAX_LOADED_LIMIT = 1_000;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)?");

    public PolicySettings {
        if (maxLoaded != null && (maxLoaded < 1 || maxLoaded > MAX_LOADED_LIMIT)) {
            throw new IllegalArgumentException("--max-loaded must be between 1 and " + MAX_LOADED_LIMIT + " (got " + maxLoaded + ")");
        }
        gatewayWait = within("--gateway-wait", gatewayWait == null ? DEFAULT_GATEWAY_WAIT : gatewayWait);
        drainTimeout = within("--drain-timeout", drainTimeout == null ? DEFAULT_DRAIN_TIMEOUT : drainTimeout);
        fairness = within("--fairness", fairness == null ? DEFAULT_FAIRNESS : fairness);
    }

    public static PolicySettings defaults() {
        return new PolicySettings(null, null, false, null, null, null);
    }

    /**
     * The settings from the options' text (null: the option was not given).
     *
     * @throws IllegalArgumentException one line naming the option and what it accepts
     */
    public static PolicySettings parse(String memoryBudget, String maxLoaded, boolean evictExternal, String gatewayWait,
                                       String drainTimeout, String fairness) {
        ByteSize budget = null;
        if (memoryBudget != null) {
            try {
                budget = ByteSize.parse(memoryBudget);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--memory-budget: " + e.getMessage());
            }
        }
        return new PolicySettings(budget, count("--max-loaded", maxLoaded), evictExternal,
                duration("--gateway-wait", gatewayWait), duration("--drain-timeout", drainTimeout),
                duration("--fairness", fairness));
    }

    private static Integer count(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number (got '" + text.trim() + "')");
        }
    }

    /** Seconds ({@code 300}, {@code 300s}), minutes ({@code 5m}) or hours ({@code 1h}). */
    private static Duration duration(String option, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 9) {
            throw new IllegalArgumentException(option + " must be a time like 300 (seconds), 300s, 5m or 1h (got '"
                    + text.trim() + "')");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }

    private static Duration within(String option, Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(option + " must be between 1 s and 24 h (got " + value.toSeconds() + " s)");
        }
        return value;
    }
}
