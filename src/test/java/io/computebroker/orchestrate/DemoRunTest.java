package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.server.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo fleet's built-in script carries any goal through a whole run (what `./broker demo` + `./broker run` show). */
class DemoRunTest {
    @TempDir Path dir;

    @Test
    void anyGoalRunsToTheEndOnTheDemoFleet() {
        BrokerConfig base = ConfigLoader.demo();
        BrokerConfig config = base.withServer(base.server().withDataDir(dir.toString()).withPort(0));
        try (Gateway g = Gateway.start(config, new Secrets(Map.of(), null))) {
            String key = g.keys().create("demo", "demo").secret();
            String base0 = "http://127.0.0.1:" + g.port();
            var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base0 + "/v1/runs"))
                    .header("authorization", "Bearer " + key).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"goal\": \"Audit the supplier contracts\", \"budget_usd\": \"1.00\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            String id = io.computebroker.core.Json.parse(res.body()).get("id").asText();
            JsonNode run = RunFixture.await(base0, key, id, RunFixture::finished);
            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
            assertThat(RunFixture.task(run, "review").get("subtasks")).hasSize(2);
            assertThat(RunFixture.task(run, "estimate").get("result").asText()).contains("30");
            assertThat(run.get("progress").get("done").asInt()).isEqualTo(6);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
