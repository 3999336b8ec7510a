package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole (non-streamed) answers over plain http: the connection is kept whatever the body's framing. */
class HttpUpstreamTest {
    private static final String JSON = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[]}";

    @Test
    void aChunkedJsonAnswerKeepsItsConnection() throws Exception {
        // Go servers (Ollama) chunk answers over 2 KB; the JSON ends before the body's last chunk.
        String chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(JSON.length()) + "\r\n" + JSON + "\r\n0\r\n\r\n";
        try (var server = new Http1ClientTest.Server((s, in, out) -> {
            while (Http1ClientTest.readRequest(in) != null) Http1ClientTest.write(out, chunked);
        })) {
            HttpUpstream http = new HttpUpstream(new ProviderConfig("p", "openai-compatible", "http://127.0.0.1", null, false,
                    5_000L, 2_000L, null, null, null, null, null));
            String url = server.uri().toString();
            for (int i = 0; i < 3; i++) {
                JsonNode answer = http.readJson(http.send(http.post(url, Json.MAPPER.createObjectNode(), Map.of()), n -> null));
                assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
            }
            assertThat(server.connections.get()).isEqualTo(1);
            http.close();
        }
    }
}
