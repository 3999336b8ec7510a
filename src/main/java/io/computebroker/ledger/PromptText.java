package io.computebroker.ledger;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The prompt as text (for opt-in storage) and its SHA-256 (always): the same prompt, the same hash. */
public final class PromptText {
    private PromptText() {}

    public static String of(ChatRequest r) {
        StringBuilder sb = new StringBuilder();
        if (!r.system().isEmpty()) sb.append("[system]\n").append(r.systemText()).append('\n');
        for (Message m : r.messages()) {
            sb.append('[').append(m.role().name().toLowerCase(java.util.Locale.ROOT)).append("]\n");
            for (Content c : m.content()) {
                switch (c) {
                    case Content.Text t -> sb.append(t.text()).append('\n');
                    case Content.ToolUse u -> sb.append("<tool_use ").append(u.name()).append("> ").append(u.argumentsJson()).append('\n');
                    case Content.ToolResult tr -> sb.append("<tool_result> ").append(tr.joinedText()).append('\n');
                    case Content.Image i -> sb.append("<image>\n");
                    case Content.Thinking th -> { }
                }
            }
        }
        return sb.toString();
    }

    /** SHA-256 over the model name and the prompt's text blocks, streamed into the digest without a copy. */
    public static String hash(ChatRequest r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Content c : r.system()) if (c instanceof Content.Text t) md.update(t.text().getBytes(StandardCharsets.UTF_8));
            for (Message m : r.messages()) {
                md.update((byte) m.role().ordinal());
                for (Content c : m.content()) {
                    if (c instanceof Content.Text t) md.update(t.text().getBytes(StandardCharsets.UTF_8));
                    else if (c instanceof Content.ToolUse u) md.update(u.argumentsJson().getBytes(StandardCharsets.UTF_8));
                    else if (c instanceof Content.ToolResult tr) md.update(tr.joinedText().getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
