package io.computebroker.orchestrate;

import com.sun.net.httpserver.HttpServer;
import io.computebroker.core.Json;
import io.computebroker.orchestrate.tools.AgentTool;
import io.computebroker.orchestrate.tools.Calculator;
import io.computebroker.orchestrate.tools.LocalFetch;
import io.computebroker.orchestrate.tools.ReadOnlySql;
import io.computebroker.orchestrate.tools.SandboxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolsTest {
    @TempDir Path dir;

    private static String run(AgentTool t, String json) throws AgentTool.ToolFailure { return t.run(Json.parse(json)); }

    @Test
    void calculatorIsExactAndRefusesNonsense() throws Exception {
        Calculator c = new Calculator();
        assertThat(run(c, "{\"expression\": \"2*(3+4)\"}")).isEqualTo("14");
        assertThat(run(c, "{\"expression\": \"0.1 + 0.2\"}")).isEqualTo("0.3");
        assertThat(run(c, "{\"expression\": \"-2^3 + 10/4\"}")).isEqualTo("-5.5");
        assertThat(run(c, "{\"expression\": \"2^-1\"}")).isEqualTo("0.5");
        assertThatThrownBy(() -> run(c, "{\"expression\": \"1/0\"}")).hasMessageContaining("division by zero");
        assertThatThrownBy(() -> run(c, "{\"expression\": \"2+\"}")).hasMessageContaining("ends early");
        assertThatThrownBy(() -> run(c, "{\"expression\": \"System.exit(0)\"}")).hasMessageContaining("unexpected 'S'");
        assertThatThrownBy(() -> run(c, "{}")).hasMessageContaining("'expression'");
    }

    @Test
    void readFileStaysInsideTheSandbox() throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve("box"));
        Files.writeString(sandbox.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve("secret.txt"), "nope");
        Files.createSymbolicLink(sandbox.resolve("link.txt"), dir.resolve("secret.txt"));
        SandboxFiles files = new SandboxFiles(sandbox);
        assertThat(run(files, "{\"path\": \"notes.txt\"}")).isEqualTo("hello");
        assertThatThrownBy(() -> run(files, "{\"path\": \"../secret.txt\"}")).hasMessageContaining("leaves the sandbox");
        assertThatThrownBy(() -> run(files, "{\"path\": \"link.txt\"}")).hasMessageContaining("leaves the sandbox");
        assertThatThrownBy(() -> run(files, "{\"path\": \"/etc/passwd\"}")).hasMessageContaining("leaves the sandbox");
        assertThatThrownBy(() -> run(files, "{\"path\": \"missing.txt\"}")).hasMessageContaining("no such file");
    }

    @Test
    void fetchOnlyReachesAllowListedUrls() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ("path " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LocalFetch fetch = new LocalFetch(List.of(base + "/docs/"));
            assertThat(run(fetch, "{\"url\": \"" + base + "/docs/a.txt\"}")).isEqualTo("path /docs/a.txt");
            assertThatThrownBy(() -> run(fetch, "{\"url\": \"" + base + "/admin\"}")).hasMessageContaining("not on the allow-list");
            assertThatThrownBy(() -> run(fetch, "{\"url\": \"" + base + "/docs/../admin\"}")).hasMessageContaining("not on the allow-list");
            assertThatThrownBy(() -> new LocalFetch(List.of(base + "/docs"))).hasMessageContaining("ending in '/'");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void sqlIsReadOnly() throws Exception {
        Path db = dir.resolve("data.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("CREATE TABLE t (name TEXT, n INT)");
            s.execute("INSERT INTO t VALUES ('a', 1), ('b', 2)");
        }
        ReadOnlySql sql = new ReadOnlySql("jdbc:sqlite:" + db);
        assertThat(Json.parse(run(sql, "{\"query\": \"SELECT name, n FROM t ORDER BY n\"}")).get(1).get("n").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> run(sql, "{\"query\": \"DELETE FROM t\"}")).hasMessageContaining("only a single SELECT");
        assertThatThrownBy(() -> run(sql, "{\"query\": \"SELECT 1; DROP TABLE t\"}")).hasMessageContaining("only a single SELECT");
        // A write dressed as a query still meets a read-only connection.
        assertThatThrownBy(() -> run(sql, "{\"query\": \"WITH x AS (SELECT 1) INSERT INTO t SELECT 'c', 3 FROM x\"}"))
                .hasMessageContaining("query failed");
        assertThat(Json.parse(run(sql, "{\"query\": \"SELECT COUNT(*) AS c FROM t\"}")).get(0).get("c").asInt()).isEqualTo(2);
    }
}
