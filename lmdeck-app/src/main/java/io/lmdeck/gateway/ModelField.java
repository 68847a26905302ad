package io.lmdeck.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Finds the top-level {@code "model"} of a gateway request body and replaces only its value, leaving every other
 * byte as the client sent it (the contract's "forwarded unchanged except {@code model}"). The whole body is
 * checked to be one well-formed JSON object; string values the gateway does not need (a base64 image of many
 * megabytes) are skipped by the streaming parser, never copied into Java strings.
 */
public final class ModelField {
    /** The largest body the gateway takes on {@code /v1/*} (images in messages). */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_BODY_BYTES).build())
            .build();

    /**
     * Where the model is in a body.
     *
     * @param model the model the client asked for, unescaped
     * @param stream true when the body has a top-level {@code "stream": true}
     * @param valueStart byte offset of the opening quote of the model's value
     * @param valueEnd byte offset just after its closing quote
     */
    public record Found(String model, boolean stream, int valueStart, int valueEnd) {}

    private ModelField() {}

    /** Reads the body's top-level {@code model}; throws {@link MalformedRequestException} saying what is wrong. */
    public static Found find(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new MalformedRequestException("The request body is larger than 32 MiB.", null);
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("The request body must be a JSON object.", null);
            }
            Found found = null;
            boolean stream = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name)) {
                    if (found != null) {
                        throw new MalformedRequestException("The request body has 'model' twice.", "model");
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new MalformedRequestException("'model' must be a string.", "model");
                    }
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    String model = p.getText();
                    found = new Found(model, false, start, (int) p.currentLocation().getByteOffset());
                } else if ("stream".equals(name)) {
                    stream = value == JsonToken.VALUE_TRUE;
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedRequestException("The request body has content after its JSON object.", null);
            }
            if (found == null || found.model().isBlank()) {
                throw new MalformedRequestException("The request body has no 'model'.", "model");
            }
            return new Found(found.model(), stream, found.valueStart(), found.valueEnd());
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("The request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body with only the model's value replaced by {@code model} (JSON-escaped as needed). */
    public static byte[] replace(byte[] body, Found at, String model) {
        byte[] value = JsonStringEncoder.getInstance().quoteAsUTF8(model);
        byte[] out = new byte[body.length - (at.valueEnd() - at.valueStart()) + value.length + 2];
        System.arraycopy(body, 0, out, 0, at.valueStart());
        int i = at.valueStart();
        out[i++] = '"';
        System.arraycopy(value, 0, out, i, value.length);
        i += value.length;
        out[i++] = '"';
        System.arraycopy(body, at.valueEnd(), out, i, body.length - at.valueEnd());
        return out;
    }
}
