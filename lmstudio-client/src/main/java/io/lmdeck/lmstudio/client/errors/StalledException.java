package io.lmdeck.lmstudio.client.errors;

import java.time.Duration;
import java.util.Locale;

/**
 * A load reported no progress for the stall timeout (e.g. stuck at 99.9 %); only when the caller opted in with
 * {@code LmStudioClient.Builder#stallTimeout}. The client cancels the load upstream when it gives up.
 */
public final class StalledException extends LmStudioException {
    private final String modelKey;
    private final double lastProgress;
    private final Duration stalledFor;

    public StalledException(String modelKey, double lastProgress, Duration stalledFor) {
        super("Loading " + modelKey + " stalled: no progress for " + String.format(Locale.ROOT, "%.1f s", stalledFor.toMillis() / 1000.0) + " (last progress "
                + (lastProgress < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f %%", lastProgress * 100)) + ")", 0, null, null);
        this.modelKey = modelKey;
        this.lastProgress = lastProgress;
        this.stalledFor = stalledFor;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.STALLED;
    }

    /** The model key whose load stalled. */
    public String modelKey() {
        return modelKey;
    }

    /** The last progress seen, 0..1, or a negative value when none was reported. */
    public double lastProgress() {
        return lastProgress;
    }

    /** How long no progress was seen before giving up. */
    public Duration stalledFor() {
        return stalledFor;
    }
}
