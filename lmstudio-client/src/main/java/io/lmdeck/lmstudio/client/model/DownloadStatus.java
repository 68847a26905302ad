package io.lmdeck.lmstudio.client.model;

import java.util.Locale;

/**
 * A REST v1 download job ({@code POST /api/v1/models/download}, {@code GET /api/v1/models/download/status/:job_id}).
 * Only {@code status} is always present; speed and ETA only while downloading.
 *
 * @param jobId               the job id, null when {@code ALREADY_DOWNLOADED}
 * @param status              job state
 * @param totalSizeBytes      total size
 * @param downloadedBytes     bytes downloaded so far
 * @param bytesPerSecond      current speed
 * @param estimatedCompletion ISO timestamp of the expected end
 * @param startedAt           ISO timestamp
 * @param completedAt         ISO timestamp, when completed
 */
public record DownloadStatus(String jobId, State status, Long totalSizeBytes, Long downloadedBytes, Double bytesPerSecond,
                             String estimatedCompletion, String startedAt, String completedAt) {

    /** LM Studio's job states; {@link #UNKNOWN} for anything newer. */
    public enum State {
        DOWNLOADING, PAUSED, COMPLETED, FAILED, ALREADY_DOWNLOADED, UNKNOWN;

        public static State parse(String text) {
            if (text == null) {
                return UNKNOWN;
            }
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }
}
