package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.ModelInfo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a load reported. */
final class RecordingListener implements LoadProgressListener {
    final List<Double> progress = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<ModelInfo> resolved = new CopyOnWriteArrayList<>();
    volatile LoadTransport startedWith;
    volatile Boolean progressReported;

    @Override
    public void onStarted(LoadTransport transport, boolean reported) {
        startedWith = transport;
        progressReported = reported;
    }

    @Override
    public void onResolved(ModelInfo model) {
        resolved.add(model);
    }

    @Override
    public void onProgress(double fraction) {
        progress.add(fraction);
    }

    @Override
    public void onWarning(String message) {
        warnings.add(message);
    }

    double lastProgress() {
        return progress.isEmpty() ? -1 : progress.get(progress.size() - 1);
    }
}
