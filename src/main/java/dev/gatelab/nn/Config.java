package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import java.util.Map;

/**
 * Reads a module's configuration (a map parsed from JSON, perhaps from a file someone edited) field by field, and
 * refuses a missing field or a value of the wrong type or range with a message that names the field.
 */
final class Config {
    /** No layer is built wider or deeper than this from a config: far above any model that fits in memory. */
    static final int MAX_SIZE = 1 << 24;

    private final String where;
    private final Map<String, Object> values;

    Config(String where, Map<String, Object> values) {
        if (values == null) throw new ArgumentException(where + " is missing");
        this.where = where;
        this.values = values;
    }

    Config child(String key) {
        Object v = values.get(key);
        if (!(v instanceof Map)) throw wrong(key, "an object", v);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        return new Config(where + "." + key, map);
    }

    /** The object at {@code key}, as the map it is. */
    @SuppressWarnings("unchecked")
    Map<String, Object> childMap(String key) {
        child(key);
        return (Map<String, Object>) values.get(key);
    }

    String string(String key) {
        Object v = values.get(key);
        if (!(v instanceof String s)) throw wrong(key, "a string", v);
        return s;
    }

    String string(String key, String fallback) {
        return values.containsKey(key) ? string(key) : fallback;
    }

    /** A positive integer no larger than {@link #MAX_SIZE}. */
    int size(String key) {
        String expected = "an integer in [1, " + MAX_SIZE + "]";
        Object v = values.get(key);
        if (!(v instanceof Integer n) || n < 1 || n > MAX_SIZE) throw wrong(key, expected, v);
        return n;
    }

    int size(String key, int fallback) {
        return values.containsKey(key) ? size(key) : fallback;
    }

    int integer(String key) {
        Object v = values.get(key);
        if (!(v instanceof Integer || v instanceof Long || v instanceof Short)) throw wrong(key, "an integer", v);
        long n = ((Number) v).longValue();
        if (n != (int) n) throw wrong(key, "an integer of 32 bits", v);
        return (int) n;
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? integer(key) : fallback;
    }

    double number(String key, double fallback) {
        if (!values.containsKey(key)) return fallback;
        Object v = values.get(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) throw wrong(key, "a finite number", v);
        return n.doubleValue();
    }

    boolean bool(String key, boolean fallback) {
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
