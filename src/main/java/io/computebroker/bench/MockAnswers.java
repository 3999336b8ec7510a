package io.computebroker.bench;

import java.nio.charset.StandardCharsets;

/**
 * What the mock upstream says, rendered once: OpenAI and Anthropic answers, and the SSE events of a
 * paced stream already framed as HTTP/1.1 chunks, so a paced chunk costs the mock one {@code write}
 * of bytes it already holds.
 */
final class MockAnswers {
    private MockAnswers() {}

    private static final String ANSWER_WORD = "ok ";

    static final byte[] JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SSE_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static byte[] openAiCompletion(int promptTokens, int completionTokens) {
        return ("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"mock\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER_WORD.repeat(completionTokens).strip()
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] anthropicMessage(int promptTokens, int completionTokens) {
        return ("{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"mock\",\"content\":[{\"type\":\"text\",\"text\":\""
                + ANSWER_WORD.repeat(completionTokens).strip() + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":" + promptTokens + ",\"output_tokens\":" + completionTokens + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static final String OPENAI_CHUNK = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"mock\",\"choices\":[{\"index\":0,\"delta\":{%s},\"finish_reason\":%s}]}\n\n";
    private static final String OPENAI_END = OPENAI_CHUNK.formatted("", "\"stop\"")
            + "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"mock\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\ndata: [DONE]\n\n";
    private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"mock\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private static final String ANTHROPIC_END = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":%d}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    static final byte[] OPENAI_FIRST = chunk(OPENAI_CHUNK.formatted("\"role\":\"assistant\",\"content\":\"ok \"", "null"));
    static final byte[] OPENAI_DELTA = chunk(OPENAI_CHUNK.formatted("\"content\":\"ok \"", "null"));
    static final byte[] ANTHROPIC_DELTA = chunk("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok \"}}\n\n");

    /** The stream's opening events that depend on the request (Anthropic's message_start), or null. */
    static byte[] streamStart(boolean anthropic, int promptTokens) {
        return anthropic ? chunk(ANTHROPIC_START.formatted(promptTokens)) : null;
    }

    /** Paced event {@code i} of a stream. */
    static byte[] streamChunk(boolean anthropic, int i) {
        return anthropic ? ANTHROPIC_DELTA : i == 0 ? OPENAI_FIRST : OPENAI_DELTA;
    }

    /** The closing events (finish, usage, [DONE] / message_stop) and the last chunk of the body. */
    static byte[] streamEnd(boolean anthropic, int promptTokens, int chunks) {
        byte[] end = chunk(anthropic ? ANTHROPIC_END.formatted(chunks) : OPENAI_END.formatted(promptTokens, chunks, promptTokens + chunks));
        byte[] all = new byte[end.length + LAST_CHUNK.length];
        System.arraycopy(end, 0, all, 0, end.length);
        System.arraycopy(LAST_CHUNK, 0, all, end.length, LAST_CHUNK.length);
        return all;
    }

    /** One HTTP/1.1 chunk: hex size, CRLF, the bytes, CRLF. */
    static byte[] chunk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, out, 0, size.length);
        System.arraycopy(data, 0, out, size.length, data.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }
}
