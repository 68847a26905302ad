package io.lmdeck.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web UI (classpath {@code /public}) as a before-handler: a GET or HEAD for an existing file is
 * answered here, anything else goes on to the API routes. Written by hand because Javalin's classpath static
 * files mount the whole (fat) jar as a zip file system and keep it open: ~20 MB of resident memory, for a UI of
 * under twenty small files. Files are read once and kept; answers carry an ETag and must be revalidated, so a new
 * lmdeck version is picked up by an open browser on its next load.
 */
final class UiFiles {
    private static final String ROOT = "public";
    /** Plain relative paths only: no "..", no backslashes, no encoded tricks (the path is already decoded). */
    private static final Pattern SAFE = Pattern.compile("/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private record File(byte[] bytes, String type, String etag) {
    }

    private final ClassLoader loader;
    private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

    UiFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** True when the UI is packaged (a build without it serves the API only). */
    boolean present() {
        return loader.getResource(ROOT + "/index.html") != null;
    }

    void serve(Context ctx) {
        HandlerType method = ctx.method();
        if (method != HandlerType.GET && method != HandlerType.HEAD) {
            return;
        }
        String path = ctx.path().equals("/") ? "/index.html" : ctx.path();
        if (path.startsWith("/api/") || !SAFE.matcher(path).matches()) {
            return;
        }
        Optional<File> file = files.computeIfAbsent(path, this::read);
        if (file.isEmpty()) {
            return;
        }
        File f = file.get();
        ctx.header("ETag", f.etag()).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff");
        ctx.contentType(f.type());
        if (f.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
        } else {
            ctx.status(200).result(f.bytes());
        }
        ctx.skipRemainingHandlers();
    }

    private Optional<File> read(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        URL url = loader.getResource(ROOT + path);
        if (type == null || url == null) {
            return Optional.empty(); // unknown kinds are not served: no guessing at content types
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            return Optional.of(new File(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the UI file " + path, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
