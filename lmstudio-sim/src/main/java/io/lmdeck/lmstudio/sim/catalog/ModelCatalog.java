package io.lmdeck.lmstudio.sim.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The immutable set of models "downloaded" on the simulated machine, in listing order. */
public final class ModelCatalog {
    private static final String DEMO_RESOURCE = "/io/lmdeck/lmstudio/sim/catalog/demo-catalog.json";

    private final List<CatalogModel> models;

    public ModelCatalog(List<CatalogModel> models) {
        this.models = List.copyOf(models);
        Set<String> keys = new LinkedHashSet<>();
        for (CatalogModel m : this.models) {
            if (!keys.add(m.key())) throw new IllegalArgumentException("duplicate model key in catalogue: " + m.key());
        }
    }

    /** The built-in demo catalogue (LLMs from ~1 GB to ~20 GB, a VLM, an MLX model, embedding models). */
    public static ModelCatalog demo() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new IllegalStateException("demo catalogue resource missing: " + DEMO_RESOURCE);
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a catalogue file: {@code {"models":[{CatalogModel fields}...]}}. */
    public static ModelCatalog fromFile(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    public static ModelCatalog parse(byte[] json) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            CatalogFile file = mapper.readValue(json, CatalogFile.class);
            if (file.models() == null || file.models().isEmpty()) {
                throw new IllegalArgumentException("catalogue has no \"models\"");
            }
            return new ModelCatalog(file.models());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid catalogue JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<CatalogModel> models() {
        return models;
    }

    public Optional<CatalogModel> find(String key) {
        if (key == null) return Optional.empty();
        return models.stream().filter(m -> m.key().equals(key)).findFirst();
    }

    record CatalogFile(List<CatalogModel> models) {}
}
