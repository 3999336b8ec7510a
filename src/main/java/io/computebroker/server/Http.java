package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;

/** Small HTTP helpers shared by the route classes: bounded body reads, JSON replies, errors per format. */
final class Http {
    static final String JSON = "application/json";

    private Http() {}

    /** Reads the whole body, refusing (413) anything over {@code maxBytes} whether or not Content-Length says so. */
    static byte[] body(ServerRequest req, long maxBytes) {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) throw tooLarge(maxBytes);
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) { // the usual case: one array of the right size instead of 16 KiB chunks copied together
                byte[] bytes = in.readNBytes((int) declared);
                if (bytes.length < declared) throw BrokerException.invalid(null, "request body ended after " + bytes.length
                        + " of the " + declared + " bytes its Content-Length declared");
                return bytes;
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) throw tooLarge(maxBytes);
            return bytes;
        } catch (IOException e) {
            throw BrokerException.invalid(null, "could not read the request body: " + e.getMessage());
        }
    }

    static JsonNode jsonBody(ServerRequest req, long maxBytes) {
        JsonNode n = Json.parse(body(req, maxBytes));
        if (!n.isObject()) throw BrokerException.invalid(null, "request body must be a JSON object");
        return n;
    }

    private static BrokerException tooLarge(long maxBytes) {
        return new BrokerException(ErrorKind.REQUEST_TOO_LARGE, "request body is larger than the " + maxBytes
                + "-byte limit (server.maxBodyBytes)");
    }

    static void json(ServerResponse res, int status, JsonNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(Json.bytes(body));
    }

    static void error(ServerResponse res, WireFormat format, BrokerException e) {
        if (res.isSent()) return;
        if (e.retryAfter() != null) res.header("retry-after", e.retryAfter());
        json(res, e.status(), format == WireFormat.ANTHROPIC ? AnthropicCodec.encodeError(e) : OpenAiCodec.encodeError(e));
    }

    /** Anthropic clients announce themselves with this header; shared endpoints answer in their format. */
    static WireFormat formatOf(ServerRequest req) {
        return req.headers().contains(HeaderNames.create("anthropic-version")) ? WireFormat.ANTHROPIC : WireFormat.OPENAI;
    }
}
