package io.computebroker.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;
import io.computebroker.ledger.Nusd;

import java.util.List;

/**
 * The OpenAI Files and Batch API objects as the wire shows them (times in epoch seconds), plus a
 * {@code broker} object on batches with what the lane did: items per route, cost as billed, what the
 * synchronous route would have cost and the difference. SDKs keep unknown fields, so this is additive.
 */
public final class BatchJson {
    private BatchJson() {}

    public static ObjectNode file(BatchFile f) {
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.bytes());
        o.put("created_at", f.createdAt() / 1000);
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("expires_at");
        o.putNull("status_details");
        return o;
    }

    public static ObjectNode batch(Batch b, BatchTotals t) {
        ObjectNode o = Json.object();
        o.put("id", b.id());
        o.put("object", "batch");
        o.put("endpoint", b.endpoint());
        if (b.errors() == null) o.putNull("errors");
        else {
            ObjectNode errors = o.putObject("errors");
            errors.put("object", "list");
            errors.set("data", Json.parse(b.errors()));
        }
        o.put("input_file_id", b.inputFileId());
        o.put("completion_window", b.completionWindow());
        o.put("status", b.status());
        text(o, "output_file_id", b.outputFileId());
        text(o, "error_file_id", b.errorFileId());
        o.put("created_at", b.createdAt() / 1000);
        seconds(o, "in_progress_at", b.inProgressAt());
        o.put("expires_at", b.expiresAt() / 1000);
        seconds(o, "finalizing_at", b.finalizingAt());
        seconds(o, "completed_at", b.completedAt());
        seconds(o, "failed_at", b.failedAt());
        seconds(o, "expired_at", b.expiredAt());
        seconds(o, "cancelling_at", b.cancellingAt());
        seconds(o, "cancelled_at", b.cancelledAt());
        ObjectNode counts = o.putObject("request_counts");
        counts.put("total", t.total());
        counts.put("completed", t.completed());
        counts.put("failed", t.failed());
        ObjectNode usage = o.putObject("usage");
        usage.put("input_tokens", t.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", t.cachedTokens());
        usage.put("output_tokens", t.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", t.reasoningTokens());
        usage.put("total_tokens", t.inputTokens() + t.outputTokens());
        if (b.metadata() == null) o.putNull("metadata"); else o.set("metadata", Json.parse(b.metadata()));
        ObjectNode broker = o.putObject("broker");
        broker.put("pending", t.pending());
        ObjectNode routes = broker.putObject("routes");
        t.routes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> routes.put(e.getKey(), e.getValue()));
        broker.put("cost_usd", Nusd.usd(t.costNusd()).toPlainString());
        broker.put("sync_cost_usd", Nusd.usd(t.syncNusd()).toPlainString());
        broker.put("saved_usd", Nusd.usd(t.syncNusd() - t.costNusd()).toPlainString());
        return o;
    }

    public static ObjectNode list(List<ObjectNode> data, boolean hasMore) {
        ObjectNode o = Json.object();
        o.put("object", "list");
        var arr = o.putArray("data");
        data.forEach(arr::add);
        text(o, "first_id", data.isEmpty() ? null : data.get(0).get("id").asText());
        text(o, "last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id").asText());
        o.put("has_more", hasMore);
        return o;
    }

    /**
     * One line of an output or error file: {@code {id, custom_id, response: {status_code, request_id, body}, error}}.
     * Items never run (expired, cancelled) have no response and an error with a code.
     */
    static String resultLine(BatchQueue.Result r) {
        ObjectNode o = Json.object();
        o.put("id", "batch_req_" + r.id());
        o.put("custom_id", r.customId());
        if (r.statusCode() != null) {
            ObjectNode res = o.putObject("response");
            res.put("status_code", r.statusCode());
            text(res, "request_id", r.requestId());
            res.set("body", r.response() == null ? Json.object() : Json.parse(r.response()));
            o.putNull("error");
        } else {
            o.putNull("response");
            ObjectNode err = o.putObject("error");
            switch (r.state()) {
                case BatchItem.EXPIRED -> err.put("code", "batch_expired")
                        .put("message", "This request could not be executed before the completion window expired.");
                case BatchItem.CANCELLED -> err.put("code", "batch_cancelled")
                        .put("message", "This request was not executed because the batch was cancelled.");
                default -> err.put("code", "batch_failed").put("message", "This request was not executed.");
            }
        }
        return Json.write(o);
    }

    private static void text(ObjectNode o, String field, String v) {
        if (v == null) o.putNull(field); else o.put(field, v);
    }

    private static void seconds(ObjectNode o, String field, Long ms) {
        if (ms == null) o.putNull(field); else o.put(field, ms / 1000);
    }
}
