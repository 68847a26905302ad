package io.lmdeck.lmstudio.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.lmdeck.lmstudio.client.errors.ErrorKind;
import io.lmdeck.lmstudio.client.errors.InvalidApiKeyException;
import io.lmdeck.lmstudio.client.errors.LmStudioException;
import io.lmdeck.lmstudio.client.errors.OfflineException;
import io.lmdeck.lmstudio.client.rest.HttpJson;
import io.lmdeck.lmstudio.client.websocket.SdkApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Finds out what an LM Studio server speaks: greeting, REST v1, REST v0, OpenAI, websocket (and its version).
 * Loads use the websocket when it answers, REST v1 otherwise; servers with only v0 cannot load explicitly.
 */
final class CapabilityProbe {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityProbe.class);

    private final ClientSettings settings;
    private final HttpJson http;
    private final SdkApi sdk;
    private final Clock clock;

    CapabilityProbe(ClientSettings settings, HttpJson http, SdkApi sdk, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.sdk = sdk;
        this.clock = clock;
    }

    ServerInfo probe() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        // A hung server must not make a probe take minutes: a few seconds per request is plenty for these reads.
        Duration timeout = min(settings.requestTimeout(), max(Duration.ofSeconds(5), settings.connectTimeout().multipliedBy(3)));
        ErrorKind problem = null;
        String detail = null;
        try {
            JsonNode greeting = http.getOnce("/lmstudio-greeting", timeout);
            if (greeting.path("lmstudio").asBoolean(false)) {
                caps.add(Capability.GREETING);
            }
        } catch (OfflineException e) {
            return offline(e.getMessage());
        } catch (InvalidApiKeyException e) {
            caps.add(Capability.AUTH_REQUIRED);
            problem = ErrorKind.INVALID_API_KEY;
            detail = e.getMessage();
        } catch (LmStudioException e) {
            LOG.debug("no greeting from {}: {}", settings.baseUrl(), e.getMessage());
        }
        for (Endpoint endpoint : Endpoint.values()) {
            try {
                http.getOnce(endpoint.path, timeout);
                caps.add(endpoint.capability);
            } catch (OfflineException e) {
                return offline(e.getMessage());
            } catch (InvalidApiKeyException e) {
                caps.add(Capability.AUTH_REQUIRED);
                problem = ErrorKind.INVALID_API_KEY;
                detail = e.getMessage();
            } catch (LmStudioException e) {
                LOG.debug("{} {} not available: {}", settings.baseUrl(), endpoint.path, e.getMessage());
            }
        }
        String version = null;
        if (settings.useWebsocket() && problem == null) {
            try {
                version = sdk.version().get(settings.connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
                caps.add(Capability.WEBSOCKET);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                Throwable cause = e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException
                        ? e.getCause() : e;
                if (cause instanceof InvalidApiKeyException) {
                    caps.add(Capability.AUTH_REQUIRED);
                    problem = ErrorKind.INVALID_API_KEY;
                    detail = cause.getMessage();
                }
                LOG.debug("no SDK websocket at {}: {}", settings.baseUrl(), String.valueOf(cause));
            }
        }
        boolean lmStudio = caps.contains(Capability.GREETING) || caps.contains(Capability.REST_V1)
                || caps.contains(Capability.REST_V0) || caps.contains(Capability.WEBSOCKET);
        if (!lmStudio && problem == null) {
            problem = ErrorKind.PROTOCOL_ERROR;
            detail = "the server at " + settings.baseUrl() + " does not answer like LM Studio";
        }
        return new ServerInfo(true, settings.baseUrl(), version, transport(caps, problem), caps, problem, detail,
                clock.instant());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static LoadTransport transport(Set<Capability> caps, ErrorKind problem) {
        if (problem != null) {
            return LoadTransport.NONE;
        }
        if (caps.contains(Capability.WEBSOCKET)) {
            return LoadTransport.WEBSOCKET;
        }
        if (caps.contains(Capability.REST_V1)) {
            return LoadTransport.REST_V1;
        }
        return caps.contains(Capability.REST_V0) ? LoadTransport.REST_V0_ONLY : LoadTransport.NONE;
    }

    private ServerInfo offline(String detail) {
        return new ServerInfo(false, settings.baseUrl(), null, LoadTransport.NONE, Set.of(), ErrorKind.OFFLINE, detail,
                clock.instant());
    }

    private enum Endpoint {
        V1("/api/v1/models", Capability.REST_V1),
        V0("/api/v0/models", Capability.REST_V0),
        OPENAI("/v1/models", Capability.OPENAI);

        final String path;
        final Capability capability;

        Endpoint(String path, Capability capability) {
            this.path = path;
            this.capability = capability;
        }
    }
}
