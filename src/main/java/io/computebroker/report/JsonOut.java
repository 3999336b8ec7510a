package io.computebroker.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.math.BigDecimal;

/**
 * JSON for reports: money as plain decimal numbers with all 9 places ({@code 0.000000120}, not
 * {@code 1.2E-7}), so a reader that parses numbers as decimals gets the exact ledger value back.
 */
public final class JsonOut {
    private static final ObjectWriter PLAIN = Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final ObjectWriter PRETTY = PLAIN.withDefaultPrettyPrinter();

    private JsonOut() {}

    public static String write(JsonNode node) { return write(PLAIN, node); }

    public static String pretty(JsonNode node) { return write(PRETTY, node); }

    /** Puts a decimal without the node factory's trailing-zero stripping, so the scale survives. */
    static void decimal(ObjectNode node, String field, BigDecimal value) {
        if (value == null) node.putNull(field);
        else node.set(field, DecimalNode.valueOf(value));
    }

    private static String write(ObjectWriter w, JsonNode node) {
        try {
            return w.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e);
        }
    }
}
