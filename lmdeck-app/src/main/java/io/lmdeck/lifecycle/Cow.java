package io.lmdeck.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of the immutable {@link CoreState}, copied on its first write during one transition, so a command that
 * changes nothing there (a progress report, a lease) copies nothing. {@code limit} keeps at most that many entries
 * (the oldest go first).
 */
final class Cow<K, V> {
    private final int limit;
    private Map<K, V> map;
    private boolean own;

    Cow(Map<K, V> frozen) {
        this(frozen, Integer.MAX_VALUE);
    }

    Cow(Map<K, V> frozen, int limit) {
        this.map = frozen;
        this.limit = limit;
    }

    /** Read only. */
    Map<K, V> read() {
        return map;
    }

    Map<K, V> write() {
        if (!own) {
            map = new LinkedHashMap<>(map);
            own = true;
        }
        return map;
    }

    void put(K key, V value) {
        write().put(key, value);
        if (map.size() > limit) {
            map.remove(map.keySet().iterator().next());
        }
    }

    V remove(K key) {
        return map.containsKey(key) ? write().remove(key) : null;
    }

    Map<K, V> freeze() {
        return own ? Collections.unmodifiableMap(map) : map;
    }
}
