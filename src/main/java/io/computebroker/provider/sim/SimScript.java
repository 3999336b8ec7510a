package io.computebroker.provider.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;
import io.computebroker.tokens.TokenCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Scripted replies for a simulated model, so tests and demos can make a model say exactly what they
 * need (a plan as JSON, a list of subtasks, a particular tool call). The file is YAML:
 *
 * <pre>
 * rules:
 *   - match: "(?s)You are the planner.*audit"   # regex, found anywhere in the system text + all messages
 *     reply: '{"tasks": [...]}'                   # the answer text
 *   - match: "add the totals"
 *     tool: {name: calculator, arguments: {expression: "2+3"}}   # a tool call, while the tool is unanswered
 * </pre>
 *
 * Rules are tried in order and the first that matches answers; a {@code tool} rule only matches while the
 * last turn is not a tool result (so the model can then answer from the result). Nothing matching falls
 * back to the ordinary simulated answer. The file is re-read when it changes, so a test may rewrite it;
 * {@code classpath:/config/demo-script.yaml} names a script in the jar (the demo fleet's).
 */
final class SimScript {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CLASSPATH = "classpath:";
    private static final ConcurrentHashMap<Path, SimScript> LOADED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, SimScript> RESOURCES = new ConcurrentHashMap<>();

    private record Rule(Pattern match, String reply, String tool, JsonNode arguments) {}

    private final FileTime modified;
    private final List<Rule> rules;

    private SimScript(FileTime modified, List<Rule> rules) {
        this.modified = modified;
        this.rules = rules;
    }

    /** The script at {@code file} (or {@code classpath:/…}, a resource), parsed once per modification time. */
    static SimScript at(String file) {
        if (file.startsWith(CLASSPATH)) return RESOURCES.computeIfAbsent(file, SimScript::resource);
        Path path = Path.of(file).toAbsolutePath();
        try {
            FileTime now = Files.getLastModifiedTime(path);
            SimScript cached = LOADED.get(path);
            if (cached != null && cached.modified.equals(now)) return cached;
            SimScript s = parse(now, YAML.readTree(path.toFile()), file);
            LOADED.put(path, s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulation script " + file + ": " + e.getMessage(), e);
        }
    }

    private static SimScript resource(String name) {
        try (var in = SimScript.class.getResourceAsStream(name.substring(CLASSPATH.length()))) {
            if (in == null) throw new IllegalArgumentException("simulation script " + name + " is not in the jar");
            return parse(FileTime.fromMillis(0), YAML.readTree(in), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulation script " + name + ": " + e.getMessage(), e);
        }
    }

    private static SimScript parse(FileTime modified, JsonNode root, String file) {
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("rules");
        if (list == null || !list.isArray()) throw new IllegalArgumentException(file + ": expected a top-level 'rules' list");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = file + ": rules[" + i + "]";
            if (!r.hasNonNull("match")) throw new IllegalArgumentException(at + ".match is required");
            boolean reply = r.hasNonNull("reply"), tool = r.hasNonNull("tool");
            if (reply == tool) throw new IllegalArgumentException(at + ": set exactly one of reply or tool");
            rules.add(new Rule(Pattern.compile(r.get("match").asText()), reply ? r.get("reply").asText() : null,
                    tool ? r.get("tool").path("name").asText() : null, tool ? r.get("tool").path("arguments") : null));
        }
        return new SimScript(modified, List.copyOf(rules));
    }

    /** The scripted answer to {@code req}, if a rule matches. */
    Optional<ChatResponse> answer(ChatRequest req, String model, String id) {
        String text = conversation(req);
        Message last = req.messages().get(req.messages().size() - 1);
        boolean answeredTool = last.role() == Role.USER && last.content().stream().anyMatch(c -> c instanceof Content.ToolResult);
        TokenCounter tokens = TokenCounter.shared();
        long input = tokens.countPrompt(req);
        for (Rule r : rules) {
            if (!r.match.matcher(text).find()) continue;
            if (r.tool != null) {
                if (answeredTool) continue;
                String args = Json.write(r.arguments.isObject() ? r.arguments : Json.object());
                String callId = "call_script" + Integer.toHexString((text.hashCode() * 31 + r.tool.hashCode()) & 0x7fffffff);
                return Optional.of(new ChatResponse(id, model, List.of(new Content.ToolUse(callId, r.tool, args, null)),
                        StopReason.TOOL_USE, Usage.of(input, tokens.count(r.tool + args))));
            }
            return Optional.of(new ChatResponse(id, model, List.of(Content.Text.of(r.reply)), StopReason.END_TURN,
                    Usage.of(input, tokens.count(r.reply))));
        }
        return Optional.empty();
    }

    private static String conversation(ChatRequest req) {
        StringBuilder sb = new StringBuilder(req.systemText());
        for (Message m : req.messages()) {
            for (Content c : m.content()) {
                sb.append('\n');
                if (c instanceof Content.Text t) sb.append(t.text());
                else if (c instanceof Content.ToolResult r) sb.append(r.joinedText());
            }
        }
        return sb.toString();
    }
}
