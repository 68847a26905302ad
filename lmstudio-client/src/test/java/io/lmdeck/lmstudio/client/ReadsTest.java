package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.BadRequestException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/** Idempotent reads: retried through a short outage; downloads and their status. */
class ReadsTest extends SimulatorTest {

    @Test
    void listingIsRetriedWithBackoffThroughAShortOutage() {
        f = SimFixture.start(s -> { }, c -> c.readRetries(6, Duration.ofMillis(200)));
        assertThat(f.client.probe().usable()).isTrue();

        f.sim.control().goOffline(Duration.ofMillis(500));

        assertThat(f.client.listModels()).extracting(ModelInfo::key).contains(QWEN);
        assertThat(f.sim.control().online()).isTrue();
    }

    @Test
    void anUnloadIsNeverRetried() {
        f = SimFixture.start(s -> { }, c -> c.readRetries(6, Duration.ofMillis(1000)));
        assertThat(f.client.probe().usable()).isTrue();
        f.sim.control().goOffline();

        // Six retries would take over a minute; a POST fails on the first attempt.
        assertTimeout(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> f.client.unload(QWEN)).isInstanceOf(OfflineException.class));
    }

    @Test
    void downloadsReportTheirJobAndProgress() {
        f = SimFixture.start();

        DownloadStatus already = f.client.download(QWEN, null);
        DownloadStatus job = f.client.download("https://huggingface.co/someone/new-model-GGUF", "Q4_K_M");

        assertThat(already.status()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
        assertThat(job.status()).isEqualTo(DownloadStatus.State.DOWNLOADING);
        assertThat(job.jobId()).isNotBlank();
        assertThat(job.totalSizeBytes()).isPositive();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                f.client.downloadStatus(job.jobId()).status() == DownloadStatus.State.COMPLETED);
        assertThat(f.client.downloadStatus(job.jobId()).completedAt()).isNotBlank();
        assertThatThrownBy(() -> f.client.downloadStatus("job_nope")).isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).upstreamCode()).contains("job_not_found"));
    }
}
