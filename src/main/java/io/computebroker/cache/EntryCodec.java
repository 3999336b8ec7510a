package io.computebroker.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.core.Json;

/** Entries as JSON text: the answer in the OpenAI chat.completion shape (a complete rendering), plus metadata. */
final class EntryCodec {
    private EntryCodec() {}

    static String write(ResponseCache.Entry e) {
        ObjectNode o = Json.object().put("model", e.model()).put("cost_nusd", e.costNusd()).put("stored_at_ms", e.storedAtMs());
        o.set("response", OpenAiCodec.encodeResponse(e.response(), e.response().id(), e.response().model(), e.storedAtMs() / 1000));
        return Json.write(o);
    }

    static ResponseCache.Entry read(String text) {
        JsonNode o = Json.parse(text);
        return new ResponseCache.Entry(OpenAiCodec.decodeResponse(o.get("response")), o.get("model").asText(),
                o.get("cost_nusd").asLong(), o.get("stored_at_ms").asLong());
    }
}
