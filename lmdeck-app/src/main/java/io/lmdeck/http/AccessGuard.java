package io.lmdeck.http;

import io.javalin.http.Context;
import io.lmdeck.gateway.ModelField;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Contract section 5, checked before every route in this order: Host (403, DNS rebinding), bearer token on
 * {@code /api}, {@code /metrics} and the gateway's {@code /v1} (401; there also as {@code x-api-key}), Origin and Sec-Fetch-Site on state-changing requests (403, CSRF), body
 * size (413; 32 MiB on {@code /v1}, 64 KiB elsewhere), content type of request bodies (415). Method-override headers never reach this far
 * ({@link IgnoredMethodOverride}): the method checked is the request line's.
 */
final class AccessGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private final Set<String> allowedHosts = new HashSet<>();
    private final byte[] token;

    AccessGuard(HttpSettings settings) {
        allowedHosts.addAll(LOOPBACK_NAMES);
        allowedHosts.add(normalizeHost(settings.bind()));
        if (isWildcard(settings.bind())) {
            allowedHosts.addAll(interfaceAddresses()); // listening everywhere: each local address is "the bound address"
        }
        for (String host : settings.allowedHosts()) {
            allowedHosts.add(normalizeHost(host));
        }
        token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(normalizeHost(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            // no interface list: only loopback names and configured names are accepted
        }
        return out;
    }

    /** Refuses a non-loopback bind without a token, before anything listens. */
    static void checkBind(HttpSettings settings) {
        if (settings.token() == null && !isLoopback(settings.bind())) {
            throw new IllegalArgumentException("Refusing to listen on " + settings.bind()
                    + " without a token: set --token (or LMDECK_TOKEN) when binding to a non-loopback address");
        }
    }

    static boolean isLoopback(String bind) {
        if (LOOPBACK_NAMES.contains(bind.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    void check(Context ctx) {
        checkHost(ctx);
        String path = ctx.path();
        if (token != null && (path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics")
                || isGateway(path))) {
            checkToken(ctx);
        }
        String method = ctx.method().name();
        boolean stateChanging = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (stateChanging) {
            checkOrigin(ctx);
            checkBody(ctx);
        }
    }

    private void checkHost(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allowedHosts.contains(normalizeHost(stripPort(host)))) {
            throw new ApiException(403, "forbidden_host", "Host '" + (host == null ? "" : host)
                    + "' is not allowed; use 127.0.0.1 or localhost, or configure the name with --allowed-host");
        }
    }

    /** The gateway's paths ({@code /v1/*}, contract §6): their refusals are in the caller's API dialect. */
    static boolean isGateway(String path) {
        return path.startsWith("/v1/") || path.equals("/v1");
    }

    private void checkToken(Context ctx) {
        String presented = bearer(ctx.header("Authorization"));
        if (presented == null && isGateway(ctx.path())) {
            presented = ctx.header("x-api-key"); // how Anthropic's SDKs send their key
        }
        if (presented == null && ctx.method().name().equals("GET") && ctx.path().equals("/api/events")) {
            // EventSource cannot send headers; the UI passes the token as a query parameter on this one stream.
            presented = ctx.queryParam("access_token");
        }
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"lmdeck\"");
            throw new ApiException(401, "unauthorized", presented == null
                    ? "This lmdeck server requires a token: send 'Authorization: Bearer <token>'"
                    + (isGateway(ctx.path()) ? " (or 'x-api-key: <token>'): use it as your client's API key" : "")
                    : "The bearer token is wrong");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /**
     * CSRF: a state-changing request from another site is refused. A browser says where a request comes from in
     * {@code Origin} and, even where it leaves {@code Origin} out, in {@code Sec-Fetch-Site}: only {@code same-origin}
     * and {@code none} (typed by the user) are lmdeck's own. {@code same-site} includes another port of the same
     * host (another local app on localhost), so it counts as foreign unless {@code Origin} is lmdeck's. curl and
     * the CLI send neither header.
     */
    private static void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        boolean ownOrigin = origin != null && sameOrigin(origin, ctx.scheme() + "://" + ctx.header("Host"));
        if (origin != null && !ownOrigin) {
            throw new ApiException(403, "forbidden_origin", "Cross-origin request refused (Origin '" + origin + "')");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site == null) {
            return;
        }
        String fetchSite = site.trim().toLowerCase(Locale.ROOT);
        boolean own = fetchSite.equals("same-origin") || fetchSite.equals("none")
                || (ownOrigin && fetchSite.equals("same-site"));
        if (!own) {
            throw new ApiException(403, "forbidden_origin", "Cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
    }

    private static boolean sameOrigin(String origin, String own) {
        try {
            URI a = URI.create(origin);
            URI b = URI.create(own);
            return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                    && effectivePort(a) == effectivePort(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void checkBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (isGateway(ctx.path())) {
            if (length > ModelField.MAX_BODY_BYTES) {
                throw new ApiException(413, "payload_too_large", "The request body is larger than 32 MiB.");
            }
        } else if (length > JsonBody.MAX_BYTES) {
            throw JsonBody.tooLarge();
        }
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // Bodies are read as sent: a compressed one would be parsed as garbage, or worse, as something else.
            throw new ApiException(415, "unsupported_media_type", "Content-Encoding is not supported (got " + encoding + ")");
        }
        String type = ctx.header("Content-Type");
        if (type == null) {
            if (hasBody) {
                throw unsupportedType("none");
            }
            return;
        }
        String mime = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw unsupportedType(type);
        }
    }

    private static ApiException unsupportedType(String type) {
        return new ApiException(415, "unsupported_media_type",
                "Content-Type must be application/json (got " + type + ")");
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        // More than one colon without brackets is a bare IPv6 address, which has no port.
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    private static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
