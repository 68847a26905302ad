package io.lmdeck.lifecycle;

/** Memory figures: what loaded instances take, what the next load is estimated to need, and the host's memory. */
public record MemoryView(long loadedBytes, Long estimatedBytes, Long hostTotalBytes, Long hostAvailableBytes) {
}
