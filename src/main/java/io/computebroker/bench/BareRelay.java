package io.computebroker.bench;

import io.computebroker.provider.Http1Client;
import io.computebroker.server.Gateway;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

/**
 * The floor under the gateway: the same web server with the same settings ({@link Gateway#serverSettings}) and the
 * same upstream client ({@link Http1Client}, pooled keep-alive connections), relaying each request's bytes to the
 * upstream and its answer's bytes back, a stream's as they arrive (flushed whenever the upstream has nothing more
 * buffered, as the gateway does). Nothing else: no key, no parsing, no policy, no budget, no ledger, no metrics.
 * {@code broker bench floor} runs the scenarios against it, so what it costs bounds from below what any gateway on this
 * stack can cost, and the share of a target that is left for governance can be read off.
 */
public final class BareRelay implements AutoCloseable {
    private static final int TIMEOUT_MS = 60_000;

    private final Http1Client upstream = new Http1Client(5_000);
    private final String base;
    private final WebServer server;

    private BareRelay(String host, int port, int upstreamPort) {
        this.base = "http://127.0.0.1:" + upstreamPort;
        this.server = Gateway.serverSettings(WebServer.builder()).host(host).port(port)
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> relay(req, res, "/v1/chat/completions"))
                        .post("/v1/messages", (req, res) -> relay(req, res, "/v1/messages")))
                .build();
    }

    /** Starts a relay on {@code port} (0: any free one) in front of {@code 127.0.0.1:upstreamPort}. */
    public static BareRelay start(String host, int port, int upstreamPort) {
        BareRelay relay = new BareRelay(host, port, upstreamPort);
        relay.server.start();
        return relay;
    }

    public int port() { return server.port(); }

    private void relay(ServerRequest req, ServerResponse res, String path) throws IOException {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readAllBytes();
        }
        Http1Client.Response up = upstream.post(URI.create(base + path), Map.of("content-type", "application/json"), body, TIMEOUT_MS);
        res.status(Status.create(up.status()));
        String type = up.headers().get("content-type");
        if (type != null) res.header(HeaderNames.CONTENT_TYPE, type);
        if (type == null || !type.startsWith("text/event-stream")) {
            try (InputStream in = up.body()) {
                res.send(in.readAllBytes());
            }
            return;
        }
        byte[] buf = new byte[2048]; // a paced chunk is ~150 bytes; a larger buffer per stream only gives every young collection more to copy
        try (InputStream in = up.body(); OutputStream out = res.outputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (!(in instanceof Http1Client.Buffered b) || !b.ready()) out.flush();
            }
        }
    }

    @Override
    public void close() { server.stop(); }
}
