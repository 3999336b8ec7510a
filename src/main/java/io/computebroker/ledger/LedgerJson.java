package io.computebroker.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.computebroker.core.Json;
import io.computebroker.dispatch.Attempt;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Journal lines (written by {@link JournalLine}, read here) and the attempts column, field by field with
 * Jackson's streaming API. The output is the JSON the data-binding mapper produces for these records (same
 * names, same order; {@code LedgerJsonTest} holds it to that), without reflective accessor calls and
 * boxing, which the profile showed to be the largest single cost of the request path: every request
 * writes two journal lines.
 */
final class LedgerJson {
    private LedgerJson() {}

    /** One journal line: the entry's JSON followed by a newline, written by {@link JournalLine}. */
    static byte[] line(LedgerEntry e) { return JournalLine.write(e); }

    /** Parses one journal line (any field order; unknown fields skipped, missing ones null or zero). */
    static LedgerEntry parse(byte[] bytes, int offset, int length) throws IOException {
        String id = null, state = null, node = null, tenant = null, keyId = null, feature = null, runId = null, task = null,
                sensitivity = null, entityTypes = null, policyVersion = null, decisionId = null, decisionSummary = null,
                requestedModel = null, provider = null, model = null, boundary = null, region = null, attemptsJson = null,
                status = null, error = null, priceVersion = null, cacheOutcome = null, promptHash = null, promptText = null,
                completionText = null, lane = null;
        long syncNusd = 0;
        long createdAt = 0, inputTokens = 0, cachedInputTokens = 0, cacheWriteTokens = 0, outputTokens = 0, reasoningTokens = 0,
                costNusd = 0, baselineNusd = 0, reservedNusd = 0;
        Long settledAt = null, latencyMs = null, ttftMs = null;
        Integer httpStatus = null;
        int attempts = 0;
        boolean fallback = false, spilled = false, streamed = false, usageEstimated = false;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("journal line is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                boolean nul = t == JsonToken.VALUE_NULL;
                switch (f) {
                    case "id" -> id = text(p, t);
                    case "createdAt" -> createdAt = nul ? 0 : p.getLongValue();
                    case "settledAt" -> settledAt = nul ? null : p.getLongValue();
                    case "state" -> state = text(p, t);
                    case "node" -> node = text(p, t);
                    case "tenant" -> tenant = text(p, t);
                    case "keyId" -> keyId = text(p, t);
                    case "feature" -> feature = text(p, t);
                    case "runId" -> runId = text(p, t);
                    case "task" -> task = text(p, t);
                    case "sensitivity" -> sensitivity = text(p, t);
                    case "entityTypes" -> entityTypes = text(p, t);
                    case "policyVersion" -> policyVersion = text(p, t);
                    case "decisionId" -> decisionId = text(p, t);
                    case "decisionSummary" -> decisionSummary = text(p, t);
                    case "requestedModel" -> requestedModel = text(p, t);
                    case "provider" -> provider = text(p, t);
                    case "model" -> model = text(p, t);
                    case "boundary" -> boundary = text(p, t);
                    case "region" -> region = text(p, t);
                    case "attempts" -> attempts = nul ? 0 : p.getIntValue();
                    case "attemptsJson" -> attemptsJson = text(p, t);
                    case "fallback" -> fallback = t == JsonToken.VALUE_TRUE;
                    case "spilled" -> spilled = t == JsonToken.VALUE_TRUE;
                    case "streamed" -> streamed = t == JsonToken.VALUE_TRUE;
                    case "status" -> status = text(p, t);
                    case "httpStatus" -> httpStatus = nul ? null : p.getIntValue();
                    case "error" -> error = text(p, t);
                    case "inputTokens" -> inputTokens = nul ? 0 : p.getLongValue();
                    case "cachedInputTokens" -> cachedInputTokens = nul ? 0 : p.getLongValue();
                    case "cacheWriteTokens" -> cacheWriteTokens = nul ? 0 : p.getLongValue();
                    case "outputTokens" -> outputTokens = nul ? 0 : p.getLongValue();
                    case "reasoningTokens" -> reasoningTokens = nul ? 0 : p.getLongValue();
                    case "usageEstimated" -> usageEstimated = t == JsonToken.VALUE_TRUE;
                    case "costNusd" -> costNusd = nul ? 0 : p.getLongValue();
                    case "baselineNusd" -> baselineNusd = nul ? 0 : p.getLongValue();
                    case "reservedNusd" -> reservedNusd = nul ? 0 : p.getLongValue();
                    case "priceVersion" -> priceVersion = text(p, t);
                    case "latencyMs" -> latencyMs = nul ? null : p.getLongValue();
                    case "ttftMs" -> ttftMs = nul ? null : p.getLongValue();
                    case "cacheOutcome" -> cacheOutcome = text(p, t);
                    case "promptHash" -> promptHash = text(p, t);
                    case "promptText" -> promptText = text(p, t);
                    case "completionText" -> completionText = text(p, t);
                    case "lane" -> lane = text(p, t);
                    case "syncNusd" -> syncNusd = nul ? 0 : p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed journal line: " + e.getMessage(), e);
        }
        return new LedgerEntry(id, createdAt, settledAt, state, node, tenant, keyId, feature, runId, task, sensitivity, entityTypes,
                policyVersion, decisionId, decisionSummary, requestedModel, provider, model, boundary, region, attempts, attemptsJson,
                fallback, spilled, streamed, status, httpStatus, error, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens,
                reasoningTokens, usageEstimated, costNusd, baselineNusd, reservedNusd, priceVersion, latencyMs, ttftMs, cacheOutcome,
                promptHash, promptText, completionText, lane, syncNusd);
    }

    /** The attempts column: a JSON array of {model, provider, number, outcome, error, micros}. */
    static String attempts(List<Attempt> attempts) {
        StringWriter w = new StringWriter(64 + 96 * attempts.size());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            g.writeStartArray();
            for (Attempt a : attempts) {
                g.writeStartObject();
                str(g, "model", a.model());
                str(g, "provider", a.provider());
                g.writeNumberField("number", a.number());
                str(g, "outcome", a.outcome());
                str(g, "error", a.error());
                g.writeNumberField("micros", a.micros());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static void str(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) g.writeNullField(name);
        else g.writeStringField(name, value);
    }
}
