package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a module's configuration (a map parsed from JSON, perhaps from a file someone edited) field by field, and
 * refuses a missing field or a value of the wrong type or range with a message that names the field. It remembers the
 * fields it was asked for, so that once a module is built from it, {@link #refuseUnknown()} can refuse a field no one
 * read: a misspelt option, or one a newer Gatelab wrote, is an error, not a default.
 */
final class Config {
    /** No layer is built wider or deeper than this from a config: far above any model that fits in memory. */
    static final int MAX_SIZE = 1 << 24;

    private final String where;
    private final Map<String, Object> values;
    private final Set<String> read = new TreeSet<>();
    private final Map<String, Config> children = new HashMap<>();

    Config(String where, Map<String, Object> values) {
        if (values == null) throw new ArgumentException(where + " is missing");
        this.where = where;
        this.values = values;
    }

    Config child(String key) {
        read.add(key);
        Object v = values.get(key);
        if (!(v instanceof Map)) throw wrong(key, "an object", v);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        return children.computeIfAbsent(key, k -> new Config(where + "." + k, map));
    }

    /**
     * Refuses every field that was in the config but never read, in this object and the objects under it.
     *
     * @throws ArgumentException naming the first such field and the fields that were read
     */
    void refuseUnknown() {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!read.contains(key)) {
                throw new ArgumentException(where + ": field '" + key + "' is not one this model has (misspelt, or"
                        + " written by a newer Gatelab?); its fields are " + read);
            }
        }
        children.values().forEach(Config::refuseUnknown);
    }

    /** The object at {@code key}, as the map it is. */
    @SuppressWarnings("unchecked")
    Map<String, Object> childMap(String key) {
        read.add(key);
        child(key);
        return (Map<String, Object>) values.get(key);
    }

    String string(String key) {
        read.add(key);
        Object v = values.get(key);
        if (!(v instanceof String s)) throw wrong(key, "a string", v);
        return s;
    }

    String string(String key, String fallback) {
        read.add(key);
        return values.containsKey(key) ? string(key) : fallback;
    }

    /** A positive integer no larger than {@link #MAX_SIZE}. */
    int size(String key) {
        read.add(key);
        String expected = "an integer in [1, " + MAX_SIZE + "]";
        Object v = values.get(key);
        if (!(v instanceof Integer n) || n < 1 || n > MAX_SIZE) throw wrong(key, expected, v);
        return n;
    }

    int size(String key, int fallback) {
        read.add(key);
        return values.containsKey(key) ? size(key) : fallback;
    }

    int integer(String key) {
        read.add(key);
        Object v = values.get(key);
        if (!(v instanceof Integer || v instanceof Long || v instanceof Short)) throw wrong(key, "an integer", v);
        long n = ((Number) v).longValue();
        if (n != (int) n) throw wrong(key, "an integer of 32 bits", v);
        return (int) n;
    }

    int integer(String key, int fallback) {
        read.add(key);
        return values.containsKey(key) ? integer(key) : fallback;
    }

    double number(String key, double fallback) {
        read.add(key);
        if (!values.containsKey(key)) return fallback;
        Object v = values.get(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) throw wrong(key, "a finite number", v);
        return n.doubleValue();
    }

    /** The value at {@code key} as JSON gave it (a map, a list, …), or null; its reader checks it. */
    Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    boolean has(String key) {
        read.add(key);
        return values.containsKey(key);
    }

    boolean bool(String key, boolean fallback) {
        read.add(key);
        if (!values.containsKey(key)) return fallback;
        Object v = values.get(key);
        if (!(v instanceof Boolean b)) throw wrong(key, "true or false", v);
        return b;
    }

    private ArgumentException wrong(String key, String expected, Object got) {
        String shown = got == null ? (values.containsKey(key) ? "null" : "nothing (the field is missing)")
                : got instanceof String ? "\"" + got + "\"" : String.valueOf(got);
        return new ArgumentException(where + ": field '" + key + "' must be " + expected + ", got " + shown);
    }
}
