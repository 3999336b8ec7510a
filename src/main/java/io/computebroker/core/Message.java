package io.computebroker.core;

import java.util.List;

public record Message(Role role, List<Content> content) {
    public Message {
        if (role == null) throw new IllegalArgumentException("role must not be null");
        content = List.copyOf(content);
    }

    public static Message user(String text) { return new Message(Role.USER, List.of(Content.Text.of(text))); }
    public static Message assistant(String text) { return new Message(Role.ASSISTANT, List.of(Content.Text.of(text))); }
}
