package io.lmdeck.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Finds the model a user means: the exact key, or an unambiguous part of its key or display name
 * (case-insensitive, ignoring spaces and punctuation, so {@code "llama 3 8b"} finds {@code llama-3-8b}).
 * Ambiguous or unknown names are usage errors that list the close matches.
 */
final class ModelMatcher {
    /** What matching needs of a model: its key, display name and the aliases of its preset. */
    record Candidate(String key, String displayName, List<String> aliases) {
        Candidate {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        Candidate(String key, String displayName) {
            this(key, displayName, List.of());
        }

        /** {@code key  (Display Name)}, the key padded to {@code width} so the names line up. */
        String label(int width) {
            return displayName == null || displayName.isBlank() || displayName.equals(key)
                    ? key
                    : key + " ".repeat(Math.max(0, width - key.length())) + "  (" + displayName + ")";
        }
    }

    private static final int MAX_LISTED = 8;

    private ModelMatcher() {
    }

    /** The words after a verb as one model name: {@code lmdeck load gemma 3 12b} means "gemma 3 12b". */
    static String query(List<String> words) {
        return String.join(" ", words).trim();
    }

    /**
     * The models {@code query} names: the one with that exact key; else the one with that alias (as the server
     * resolves it: a key wins over an alias); else the one with that key or display name ignoring case; else every
     * model whose key or name contains it (ignoring case, spaces and punctuation).
     */
    static List<Candidate> matches(String query, List<Candidate> models) {
        String wanted = query.trim();
        List<Candidate> exact = filter(models, m -> m.key().equals(wanted));
        if (exact.size() == 1) {
            return exact;
        }
        List<Candidate> alias = filter(models, m -> m.aliases().contains(wanted));
        if (alias.size() == 1) {
            return alias;
        }
        List<Candidate> sameName = filter(models, m -> m.key().equalsIgnoreCase(wanted)
                || (m.displayName() != null && m.displayName().equalsIgnoreCase(wanted)));
        if (sameName.size() == 1) {
            return sameName;
        }
        String needle = normalize(wanted);
        return filter(models, m -> !needle.isEmpty()
                && (normalize(m.key()).contains(needle) || normalize(m.displayName()).contains(needle)));
    }

    /** The one model {@code query} names; a usage error listing the candidates when it names none or several. */
    static Candidate resolve(String query, List<Candidate> models) {
        String wanted = query.trim();
        if (wanted.isEmpty()) {
            throw CliFailure.usage("the model name is empty");
        }
        List<Candidate> found = matches(wanted, models);
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            throw CliFailure.usage("\"" + wanted + "\" matches " + found.size() + " models; say which one:\n"
                    + list(found));
        }
        List<Candidate> close = closeMatches(wanted, models);
        String hint = "(./lmdeck models lists them all)";
        throw CliFailure.usage("no model matches \"" + wanted + "\""
                + (close.isEmpty() ? " " + hint : "; did you mean:\n" + list(close) + "\n" + hint));
    }

    /** Models whose key or name is a few edits away from the query, or share a word with it; closest first. */
    static List<Candidate> closeMatches(String query, List<Candidate> models) {
        String needle = query.toLowerCase(Locale.ROOT);
        List<String> words = List.of(needle.split("[^a-z0-9.]+"));
        record Scored(Candidate model, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Candidate model : models) {
            int distance = Math.min(editDistance(needle, model.key().toLowerCase(Locale.ROOT)),
                    model.displayName() == null ? Integer.MAX_VALUE
                            : editDistance(needle, model.displayName().toLowerCase(Locale.ROOT)));
            boolean sharesWord = words.stream().anyMatch(w -> w.length() >= 3
                    && (model.key().toLowerCase(Locale.ROOT).contains(w)
                    || (model.displayName() != null && model.displayName().toLowerCase(Locale.ROOT).contains(w))));
            if (distance <= Math.max(2, needle.length() / 3) || sharesWord) {
                scored.add(new Scored(model, distance));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(s -> s.model().key()))
                .limit(MAX_LISTED)
                .map(Scored::model)
                .collect(Collectors.toList());
    }

    private static List<Candidate> filter(List<Candidate> models, Predicate<Candidate> test) {
        return models.stream().filter(test).collect(Collectors.toList());
    }

    private static String list(List<Candidate> models) {
        int width = models.stream().limit(MAX_LISTED).mapToInt(m -> m.key().length()).max().orElse(0);
        String shown = models.stream().limit(MAX_LISTED).map(m -> "  " + m.label(width))
                .collect(Collectors.joining("\n"));
        return models.size() > MAX_LISTED ? shown + "\n  … and " + (models.size() - MAX_LISTED) + " more" : shown;
    }

    private static String normalize(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
