package io.lmdeck.lmstudio.client;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Suggests downloaded model keys that look like a key that was not found. */
final class CloseMatches {
    private static final int LIMIT = 5;

    private CloseMatches() {
    }

    static List<String> to(String wanted, Collection<String> keys) {
        String w = wanted.toLowerCase(Locale.ROOT);
        String wTail = tail(w);
        return keys.stream()
                .map(k -> new Scored(k, score(w, wTail, k.toLowerCase(Locale.ROOT))))
                .filter(s -> s.score < Integer.MAX_VALUE)
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::key))
                .limit(LIMIT)
                .map(Scored::key)
                .toList();
    }

    private record Scored(String key, int score) {
    }

    /** Lower is closer; MAX_VALUE means "not similar enough to suggest". */
    private static int score(String wanted, String wantedTail, String key) {
        String keyTail = tail(key);
        if (key.contains(wanted) || wanted.contains(key) || keyTail.contains(wantedTail) || wantedTail.contains(keyTail)) {
            return Math.abs(key.length() - wanted.length()) / 4;
        }
        int d = Math.min(distance(wanted, key), distance(wantedTail, keyTail));
        int allowed = Math.max(2, Math.min(wantedTail.length(), keyTail.length()) / 3);
        return d <= allowed ? d + 1 : Integer.MAX_VALUE;
    }

    private static String tail(String key) {
        int slash = key.lastIndexOf('/');
        return slash >= 0 ? key.substring(slash + 1) : key;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
