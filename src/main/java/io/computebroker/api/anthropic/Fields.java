package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;

/**
 * Typed reads of caller JSON. Every failure is a 400 whose {@code param} is the full field path
 * (e.g. {@code messages[2].content[0].type}) and whose message repeats that path, because Anthropic's
 * error object has no {@code param} field and the message is all an Anthropic SDK user will see.
 * A JSON {@code null} counts as absent, as it does for the Anthropic API.
 */
final class Fields {
    private Fields() {}

    static String path(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    static BrokerException invalid(String path, String problem) {
        return BrokerException.invalid(path, path + ": " + problem);
    }

    static BrokerException missing(String path) {
        return invalid(path, "field required");
    }

    static BrokerException wrongType(String path, String expected, JsonNode actual) {
        return invalid(path, "expected " + expected + ", got " + describe(actual));
    }

    /** The field's value, or null when absent or JSON null. */
    static JsonNode get(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : v;
    }

    static String requiredString(JsonNode obj, String field, String parent) {
        String v = optionalString(obj, field, parent);
        if (v == null) throw missing(path(parent, field));
        return v;
    }

    static String optionalString(JsonNode obj, String field, String parent) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        if (!v.isTextual()) throw wrongType(path(parent, field), "a string", v);
        return v.textValue();
    }

    static Boolean optionalBoolean(JsonNode obj, String field, String parent) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        if (!v.isBoolean()) throw wrongType(path(parent, field), "a boolean", v);
        return v.booleanValue();
    }

    /** A number in [min, max]; null when absent. */
    static Double optionalNumber(JsonNode obj, String field, String parent, double min, double max) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        String p = path(parent, field);
        if (!v.isNumber()) throw wrongType(p, "a number", v);
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) throw invalid(p, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + v);
        return d;
    }

    /** A positive 32-bit integer; null when absent. 1.0 is refused like the Anthropic API refuses it. */
    static Integer optionalPositiveInt(JsonNode obj, String field, String parent) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        String p = path(parent, field);
        if (!v.isIntegralNumber()) throw wrongType(p, "an integer", v);
        if (!v.canConvertToInt() || v.intValue() < 1) throw invalid(p, "must be a positive integer, got " + v);
        return v.intValue();
    }

    static ArrayNode optionalArray(JsonNode obj, String field, String parent) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        if (!v.isArray()) throw wrongType(path(parent, field), "an array", v);
        return (ArrayNode) v;
    }

    static ObjectNode requiredObject(JsonNode obj, String field, String parent) {
        ObjectNode v = optionalObject(obj, field, parent);
        if (v == null) throw missing(path(parent, field));
        return v;
    }

    static ObjectNode optionalObject(JsonNode obj, String field, String parent) {
        JsonNode v = get(obj, field);
        if (v == null) return null;
        if (!v.isObject()) throw wrongType(path(parent, field), "an object", v);
        return (ObjectNode) v;
    }

    /** An array element that must be an object. */
    static ObjectNode element(JsonNode v, String path) {
        if (v == null || !v.isObject()) throw wrongType(path, "an object", v);
        return (ObjectNode) v;
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull()) return "null";
        if (v.isTextual()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isIntegralNumber()) return "an integer";
        if (v.isNumber()) return "a number";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
