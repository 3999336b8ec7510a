package io.computebroker.provider.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.StreamEncoder;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.anthropic.AnthropicStreamEncoder;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.api.openai.OpenAiStreamEncoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Simulation;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake fleet on loopback that speaks the real OpenAI and Anthropic wire formats, with each model's
 * latency, speed and failure rate from config. Prompts may carry fault markers for tests and demos:
 * {@code [sim:429]}, {@code [sim:500]}, {@code [sim:slow]} (answers after 3 s), {@code [sim:cut]}
 * (stream stops without its terminal event); {@code [sim:answer X]} / {@code [sim:answer@model X]}
 * script the answer text (for answer checks such as a cascade's agreement). A model with
 * {@code simulation.script} answers from that script first ({@link SimScript}).
 */
public final class SimulatedFleet implements AutoCloseable {
    private final Map<String, ModelConfig> models = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** What each model was sent (last {@link #RECEIVED_LIMIT} requests): lets tests prove what never left. */
    private final java.util.Deque<Received> received = new java.util.concurrent.ConcurrentLinkedDeque<>();
    static final int RECEIVED_LIMIT = 10_000;

    public record Received(String model, String text) {}
    private final WebServer server;

    private SimulatedFleet(List<ModelConfig> simulated) {
        for (ModelConfig m : simulated) models.put(m.upstream(), m);
        this.server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> handle(req, res, WireFormat.OPENAI))
                        .post("/v1/messages", (req, res) -> handle(req, res, WireFormat.ANTHROPIC)))
                .build();
    }

    public static SimulatedFleet start(List<ModelConfig> simulated) {
        SimulatedFleet f = new SimulatedFleet(simulated);
        f.server.start();
        return f;
    }

    public java.util.List<Received> received() { return java.util.List.copyOf(received); }

    public String baseUrl() { return "http://127.0.0.1:" + server.port(); }

    private void handle(ServerRequest req, ServerResponse res, WireFormat format) {
        try {
            JsonNode body = Json.parse(req.content().inputStream().readAllBytes());
            ChatRequest request = format == WireFormat.OPENAI ? OpenAiCodec.decodeRequest(body) : AnthropicCodec.decodeRequest(body);
            ModelConfig model = models.get(request.model());
            if (model == null) throw new BrokerException(ErrorKind.NOT_FOUND, "simulated model '" + request.model() + "' does not exist");
            Simulation sim = model.simulation();
            received.addLast(new Received(model.id(), Json.write(body)));
            while (received.size() > RECEIVED_LIMIT) received.pollFirst();
            String prompt = SimulatedAnswer.lastUserText(request);
            if (prompt.contains("[sim:429]")) {
                res.header("retry-after", "7");
                throw new BrokerException(ErrorKind.RATE_LIMITED, "simulated rate limit");
            }
            if (prompt.contains("[sim:500]") || ThreadLocalRandom.current().nextDouble() < sim.failureRate()) {
                throw new BrokerException(ErrorKind.UNAVAILABLE, "simulated overload");
            }
            sleep(prompt.contains("[sim:slow]") ? 3_000 : sim.latencyMs());
            String id = (format == WireFormat.OPENAI ? "chatcmpl-sim" : "msg_sim") + ids.incrementAndGet();
            ChatResponse answer = (sim.script() == null ? java.util.Optional.<ChatResponse>empty()
                    : SimScript.at(sim.script()).answer(request, model.upstream(), id))
                    .orElseGet(() -> SimulatedAnswer.answer(request, model.upstream(), id));
            if (request.stream()) {
                stream(res, format, request, answer, sim, prompt.contains("[sim:cut]"));
            } else {
                JsonNode out = format == WireFormat.OPENAI
                        ? OpenAiCodec.encodeResponse(answer, id, model.upstream(), System.currentTimeMillis() / 1000)
                        : AnthropicCodec.encodeResponse(answer, id, model.upstream());
                sleep((long) (answer.usage().outputTokens() * 1000 / sim.tokensPerSecond()));
                send(res, 200, out);
            }
        } catch (BrokerException e) {
            send(res, e.kind() == ErrorKind.UNAVAILABLE ? 503 : e.status(),
                    format == WireFormat.OPENAI ? OpenAiCodec.encodeError(e) : AnthropicCodec.encodeError(e));
        } catch (IOException e) {
            send(res, 400, OpenAiCodec.encodeError(BrokerException.invalid(null, "unreadable body")));
        }
    }

    private static void stream(ServerResponse res, WireFormat format, ChatRequest request, ChatResponse answer,
                               Simulation sim, boolean cut) throws IOException {
        StreamEncoder enc = format == WireFormat.OPENAI
                ? new OpenAiStreamEncoder(answer.id(), answer.model(), System.currentTimeMillis() / 1000, true)
                : new AnthropicStreamEncoder(answer.id(), answer.model());
        List<StreamEvent> events = io.computebroker.core.ResponseEvents.of(answer);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        long perChunkMs = (long) Math.max(0, answer.usage().outputTokens() * 1000 / sim.tokensPerSecond() / Math.max(1, events.size() - 2));
        try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < events.size(); i++) {
                if (cut && i == Math.min(4, events.size() - 1)) return; // connection ends without a terminal event
                StreamEvent e = events.get(i);
                if (i > 0) sleep(perChunkMs);
                out.write(enc.encode(e).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { server.stop(); }
}
