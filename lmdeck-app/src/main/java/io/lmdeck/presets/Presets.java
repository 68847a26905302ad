package io.lmdeck.presets;

import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.GatewayPresets;
import io.lmdeck.lifecycle.LoadRequest;
import io.lmdeck.lifecycle.ModelPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presets in effect: those stored through the API win over those of the {@code --config} file, model by model
 * (a stored preset replaces the file's whole preset for that model). The one place that resolves an alias to its
 * model and fills a load from its preset, for every caller (HTTP API, picker and CLI through it).
 */
public final class Presets implements GatewayPresets {
    private static final Logger LOG = LoggerFactory.getLogger(Presets.class);
    /** A model's preset and where it comes from. */
    public record Effective(Preset preset, PresetSource source) {
    }

    private final PresetStore store;
    private final Map<String, Preset> fromFile;
    private final Supplier<Catalog> catalog;
    /**
     * Changes and the policies they make are handed on one at a time, so the lifecycle never gets an older set last.
     */
    private final Object changes = new Object();
    private Consumer<Map<String, ModelPolicy>> policySink = policies -> { };

    public Presets(PresetStore store, ConfigFile config, Supplier<Catalog> catalog) {
        this.store = store;
        this.fromFile = config.presets();
        this.catalog = catalog;
    }

    /** Presets kept in memory only, without a config file: for an HTTP API started without a database. */
    public static Presets inMemory(Supplier<Catalog> catalog) {
        return new Presets(new InMemoryPresetStore(), ConfigFile.empty(), catalog);
    }

    /** Every model's preset that is not LM Studio's defaults, by model id. */
    public List<Effective> list() {
        return List.copyOf(effective().values());
    }

    /**
     * The preset of {@code modelId}: stored, from the file, or the defaults of a model LM Studio has.
     *
     * @throws UnknownModelException a model with no preset that LM Studio does not have
     */
    public Effective get(String modelId) {
        Effective found = effective().get(modelId);
        if (found != null) {
            return found;
        }
        requireKnownModel(modelId);
        return new Effective(Preset.defaults(modelId), PresetSource.DEFAULT);
    }

    /**
     * Stores the whole preset of a model LM Studio has.
     *
     * @throws UnknownModelException the model is not in LM Studio's catalogue
     * @throws PresetConflictException an alias is a model key, or another model's alias
     */
    public Effective put(Preset preset) {
        requireKnownModel(preset.modelId());
        Catalog models = catalog.get();
        synchronized (changes) { // checked and stored in one go: two PUTs never both take one alias
            Map<String, Effective> current = effective();
            for (String alias : preset.aliases()) {
                if (models.models().stream().anyMatch(m -> m.modelId().equals(alias))) {
                    throw new PresetConflictException("Alias '" + alias + "' is the key of a model LM Studio has");
                }
                String owner = ownerOf(alias, current);
                if (owner != null && !owner.equals(preset.modelId())) {
                    throw new PresetConflictException("Alias '" + alias + "' already names " + owner);
                }
            }
            store.save(preset);
            publishPolicies();
        }
        return new Effective(preset, PresetSource.API);
    }

    /** Removes the stored preset; what applies then (the file's preset, or the defaults) is returned. */
    public DeleteResult delete(String modelId) {
        boolean deleted;
        synchronized (changes) {
            deleted = store.delete(modelId);
            publishPolicies();
        }
        Preset file = fromFile.get(modelId);
        return new DeleteResult(deleted, file == null ? null : new Effective(file, PresetSource.CONFIG));
    }

    /** {@code deleted}: there was a stored preset. {@code nowInEffect}: the file's preset that applies again, or null. */
    public record DeleteResult(boolean deleted, Effective nowInEffect) {
    }

    /**
     * The model key {@code name} means: itself when it is a model key (a key always wins over an alias), else the model
     * whose preset has it as an alias, else {@code name} unchanged (for the caller to report as unknown).
     */
    public String resolve(String name) {
        return resolve(name, effective());
    }

    private String resolve(String name, Map<String, Effective> presets) {
        if (catalog.get().models().stream().anyMatch(m -> m.modelId().equals(name))) {
            return name;
        }
        String owner = ownerOf(name, presets);
        return owner == null ? name : owner;
    }

    /** {@code request} for the model its name resolves to, with what it leaves out taken from that model's preset. */
    @Override
    public LoadRequest withDefaults(LoadRequest request) {
        Map<String, Effective> presets = effective();
        String modelId = resolve(request.modelId(), presets);
        LoadRequest resolved = new LoadRequest(modelId, request.contextLength(), request.gpuOffload(),
                request.ttlSeconds(), request.keepOthers(), request.cause());
        Effective preset = presets.get(modelId);
        return preset == null ? resolved : PresetDefaults.fill(resolved, preset.preset());
    }

    /**
     * What the presets ask of the lifecycle, by model: pin, idle TTL and slots (contract §7), for the models whose
     * preset sets any of them.
     */
    public Map<String, ModelPolicy> policies() {
        Map<String, ModelPolicy> policies = new LinkedHashMap<>();
        for (Effective effective : effective().values()) {
            Preset p = effective.preset();
            if (p.pinned() || p.ttlSeconds() != null || p.parallel() != null) {
                policies.put(p.modelId(), new ModelPolicy(p.pinned(), p.ttlSeconds(), p.parallel()));
            }
        }
        return policies;
    }

    /**
     * Hands the {@link #policies()} to {@code sink} now (the file's and the stored ones, at start) and again after
     * every change through {@link #put} or {@link #delete}, so they apply at once to the instances already loaded.
     */
    public void applyPoliciesTo(Consumer<Map<String, ModelPolicy>> sink) {
        synchronized (changes) {
            policySink = sink;
            publishPolicies();
        }
    }

    private void publishPolicies() {
        try {
            policySink.accept(policies());
        } catch (PresetStoreException e) {
            // The change itself is stored; the lifecycle keeps the policies it had until the next one.
            LOG.warn("Could not read the presets back to apply their pins, TTLs and slots: {}", e.getMessage());
        }
    }

    /** The model whose preset has {@code alias}, or null. */
    private static String ownerOf(String alias, Map<String, Effective> presets) {
        return presets.values().stream()
                .filter(e -> e.preset().aliases().contains(alias))
                .map(e -> e.preset().modelId())
                .findFirst()
                .orElse(null);
    }

    /**
     * Stored presets, then the file's for models without one. A file alias that a stored preset took for another
     * model is the stored one's: the API wins.
     */
    private Map<String, Effective> effective() {
        Map<String, Effective> presets = new LinkedHashMap<>();
        for (Preset stored : store.all()) {
            presets.put(stored.modelId(), new Effective(stored, PresetSource.API));
        }
        List<Preset> fileOnly = new ArrayList<>(fromFile.values());
        fileOnly.removeIf(p -> presets.containsKey(p.modelId()));
        for (Preset file : fileOnly) {
            List<String> aliases = new ArrayList<>(file.aliases());
            aliases.removeIf(alias -> ownerOf(alias, presets) != null);
            presets.put(file.modelId(), new Effective(new Preset(file.modelId(), file.contextLength(), file.gpuOffload(),
                    file.parallel(), file.ttlSeconds(), file.pinned(), aliases), PresetSource.CONFIG));
        }
        List<Effective> sorted = new ArrayList<>(presets.values());
        sorted.sort(Comparator.comparing(e -> e.preset().modelId()));
        Map<String, Effective> byModel = new LinkedHashMap<>();
        sorted.forEach(e -> byModel.put(e.preset().modelId(), e));
        return byModel;
    }

    private void requireKnownModel(String modelId) {
        Catalog models = catalog.get();
        if (models.models().stream().noneMatch(m -> m.modelId().equals(modelId))) {
            throw new UnknownModelException(modelId, !models.online());
        }
    }
}
