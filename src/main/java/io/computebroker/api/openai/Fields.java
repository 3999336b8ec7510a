package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;

/**
 * Typed reads of caller JSON. Every failure is a 400 that names the exact field path, because a caller
 * debugging a rejected request needs to know which of fifty nested fields we disliked. JSON null is
 * treated as absent for optional fields, as the OpenAI API does.
 */
final class Fields {
    private Fields() {}

    static String path(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static ObjectNode object(JsonNode n, String path) {
        if (n instanceof ObjectNode o) return o;
        throw BrokerException.invalid(path, path + " must be an object");
    }

    static ArrayNode array(JsonNode n, String path) {
        if (n instanceof ArrayNode a) return a;
        throw BrokerException.invalid(path, path + " must be an array");
    }

    static String requiredString(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (!present(n)) throw BrokerException.invalid(path, path + " is required");
        if (!n.isTextual()) throw BrokerException.invalid(path, path + " must be a string");
        return n.textValue();
    }

    static String requiredNonEmptyString(JsonNode parent, String field, String path) {
        String s = requiredString(parent, field, path);
        if (s.isEmpty()) throw BrokerException.invalid(path, path + " must not be empty");
        return s;
    }

    static String optString(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (!present(n)) return null;
        if (!n.isTextual()) throw BrokerException.invalid(path, path + " must be a string");
        return n.textValue();
    }

    static Boolean optBool(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (!present(n)) return null;
        if (!n.isBoolean()) throw BrokerException.invalid(path, path + " must be a boolean");
        return n.booleanValue();
    }

    static Double optNumber(JsonNode parent, String field, String path, double min, double max) {
        JsonNode n = parent.get(field);
        if (!present(n)) return null;
        if (!n.isNumber()) throw BrokerException.invalid(path, path + " must be a number");
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw BrokerException.invalid(path, path + " must be between " + fmt(min) + " and " + fmt(max));
        }
        return v;
    }

    /** A positive int; 2.0 is accepted (JSON does not distinguish), 2.5 and "2" are not. */
    static Integer optPositiveInt(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (!present(n)) return null;
        boolean integral = n.isIntegralNumber() || (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()));
        if (!integral || n.doubleValue() < 1 || n.doubleValue() > Integer.MAX_VALUE) {
            throw BrokerException.invalid(path, path + " must be a positive integer");
        }
        return (int) n.doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
