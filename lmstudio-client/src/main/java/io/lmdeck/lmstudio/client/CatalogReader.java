package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.ModelNotFoundException;
import io.lmdeck.lmstudio.client.errors.NotSupportedException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.rest.LmStudioRestApi;
import io.lmdeck.lmstudio.client.websocket.SdkApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Reads the catalogue and the loaded instances from whichever APIs the server offers, cross-checking them
 * (see {@link CatalogMerger}), and looks keys up in it.
 */
final class CatalogReader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReader.class);

    private final LmStudioRestApi rest;
    private final SdkApi sdk;

    CatalogReader(LmStudioRestApi rest, SdkApi sdk) {
        this.rest = rest;
        this.sdk = sdk;
    }

    List<ModelInfo> models(ServerInfo info) {
        List<ModelInfo> v0 = info.has(Capability.REST_V0) ? quietly(rest::v0Models, List.of()) : List.of();
        List<LoadedInstance> wsLoaded = info.has(Capability.WEBSOCKET) ? quietly(this::wsLoaded, null) : null;
        List<ModelInfo> primary;
        if (info.has(Capability.REST_V1)) {
            primary = rest.v1Models();
        } else if (info.has(Capability.WEBSOCKET)) {
            primary = Await.result(sdk.listDownloadedModels());
        } else if (info.has(Capability.REST_V0)) {
            primary = rest.v0Models();
        } else {
            throw new NotSupportedException("LM Studio at " + info.baseUrl() + " offers no way to list models");
        }
        return CatalogMerger.merge(primary, v0, wsLoaded);
    }

    /** Loaded instances: the websocket's view when it answers (what {@code lms ps} shows), else the merged catalogue's. */
    List<LoadedInstance> loaded(ServerInfo info) {
        if (info.has(Capability.WEBSOCKET)) {
            List<LoadedInstance> loaded = quietly(this::wsLoaded, null);
            if (loaded != null) {
                return loaded;
            }
        }
        return models(info).stream().flatMap(m -> m.loadedInstances().stream()).toList();
    }

    /**
     * {@code listLoaded} on {@code /llm} and {@code /embedding}. Tried a second time on a connection failure: the
     * first attempt may have used a socket LM Studio had already closed (a restart), the second one reconnects.
     */
    List<LoadedInstance> wsLoaded() {
        try {
            return wsLoadedOnce();
        } catch (OfflineException e) {
            LOG.debug("listLoaded failed ({}), reconnecting once", e.getMessage());
            return wsLoadedOnce();
        }
    }

    private List<LoadedInstance> wsLoadedOnce() {
        CompletableFuture<List<LoadedInstance>> llms = sdk.listLoaded(ModelDomain.LLM);
        CompletableFuture<List<LoadedInstance>> embeddings = sdk.listLoaded(ModelDomain.EMBEDDING);
        List<LoadedInstance> all = new ArrayList<>(Await.result(llms));
        all.addAll(Await.result(embeddings));
        return List.copyOf(all);
    }

    /** The websocket domain of a key; an unknown key is sent to {@code /llm}, where LM Studio says it is unknown. */
    ModelDomain typeForWebsocket(String key) {
        return find(Await.result(sdk.listDownloadedModels()), key).map(ModelInfo::type).orElse(ModelDomain.LLM);
    }

    /** The websocket's catalogue entry for a key, or ModelNotFound with close matches. */
    ModelInfo downloadedOnWebsocket(String key) {
        List<ModelInfo> catalogue = Await.result(sdk.listDownloadedModels());
        return find(catalogue, key).orElseThrow(() -> {
            List<String> close = CloseMatches.to(key, catalogue.stream().map(ModelInfo::key).toList());
            return new ModelNotFoundException(key, "Model " + key + " is not among the downloaded models"
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)"), close, 0);
        });
    }

    /** LM Studio's "not found" with close matches from the catalogue when LM Studio suggested none. */
    LmStudioException withCloseMatches(LmStudioException error, Supplier<ServerInfo> server) {
        if (!(error instanceof ModelNotFoundException) || !((ModelNotFoundException) error).closeMatches().isEmpty()) {
            return error;
        }
        ModelNotFoundException notFound = (ModelNotFoundException) error;
        try {
            List<String> keys = models(server.get()).stream().map(ModelInfo::key).toList();
            List<String> close = CloseMatches.to(notFound.modelKey() == null ? "" : notFound.modelKey(), keys);
            return new ModelNotFoundException(notFound.modelKey(), notFound.getMessage(), close,
                    notFound.httpStatus().orElse(0));
        } catch (LmStudioException e) {
            return error;
        }
    }

    private static Optional<ModelInfo> find(List<ModelInfo> catalogue, String key) {
        return catalogue.stream().filter(m -> m.key().equals(key) || m.variants().contains(key)).findFirst();
    }

    /** A cross-check source that fails is skipped, unless the server is gone. */
    private static <T> T quietly(Supplier<T> call, T fallback) {
        try {
            return call.get();
        } catch (OfflineException e) {
            throw e;
        } catch (LmStudioException e) {
            LOG.debug("cross-check skipped: {}", e.getMessage());
            return fallback;
        }
    }
}
