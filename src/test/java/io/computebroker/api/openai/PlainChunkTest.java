package io.computebroker.api.openai;

import io.computebroker.api.SseEvent;
import io.computebroker.core.Json;
import io.computebroker.core.StreamEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The tree-free path for plain text chunks against the tree decoder it short-cuts. */
class PlainChunkTest {
    @Test
    void realChunksTakeTheFastPath() {
        // OpenAI's own chunk, with its obfuscation field, and vLLM's role-only first chunk.
        assertThat(PlainChunk.parse("{\"id\":\"chatcmpl-C1\",\"object\":\"chat.completion.chunk\",\"created\":1753000000,\"model\":\"gpt-4o-mini\","
                + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_3\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\\\"lo\\n\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"q\"}"))
                .isEqualTo(new PlainChunk("chatcmpl-C1", "gpt-4o-mini", "Hel\"lo\n", null));
        assertThat(PlainChunk.parse("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"))
                .isEqualTo(new PlainChunk("x", null, "", null));
        assertThat(PlainChunk.parse("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"))
                .isEqualTo(new PlainChunk(null, null, null, "stop"));
    }

    @Test
    void whatTheTreeDecoderActsOnIsLeftToIt() {
        for (String chunk : List.of(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"no\"}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}",
                "{\"error\":{\"message\":\"overloaded\"}}",
                "{\"object\":\"error\",\"message\":\"bad\"}",
                "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]} trailing",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"", "[1,2]", "not json")) {
            assertThat(PlainChunk.parse(chunk)).as(chunk).isNull();
        }
    }

    /**
     * Random chunks, plain and not, valid and not, with repeated fields, escapes and astral characters: the
     * decoder with the fast path gives exactly the events of the tree-only decoder, chunk by chunk.
     */
    @Test
    void fastPathAgreesWithTheTreeDecoder() {
        Random rnd = new Random(20261124);
        int plain = 0;
        for (int run = 0; run < 1000; run++) {
            OpenAiStreamDecoder fast = new OpenAiStreamDecoder(true);
            OpenAiStreamDecoder tree = new OpenAiStreamDecoder(false);
            int n = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                String data = chunk(rnd);
                if (PlainChunk.parse(data) != null) plain++;
                SseEvent e = new SseEvent(null, data);
                assertThat(comparable(fast.decode(e))).as(data).isEqualTo(comparable(tree.decode(e)));
            }
            assertThat(comparable(fast.end())).isEqualTo(comparable(tree.end()));
        }
        assertThat(plain).as("enough chunks exercised the fast path").isGreaterThan(500);
    }

    /**
     * The scanner answers only for chunks in the shape it knows, and then exactly as {@link PlainChunk#parse}:
     * on the random chunks above, on the same chunks with whitespace between the tokens, and on real ones.
     */
    @Test
    void scannerAgreesWithTheParser() {
        Random rnd = new Random(20261125);
        int scanned = 0;
        for (int run = 0; run < 5000; run++) {
            String data = chunk(rnd);
            if (rnd.nextInt(4) == 0) data = data.replace(":", " : ").replace(",", ",\n ").replace("{", "{ ");
            PlainChunk scan = PlainChunkScanner.scan(data, true);
            if (scan != null) {
                scanned++;
                assertThat(scan).as(data).isEqualTo(PlainChunk.parse(data));
                PlainChunk noIds = PlainChunkScanner.scan(data, false);
                assertThat(noIds).as(data).isEqualTo(new PlainChunk(null, null, scan.content(), scan.finish()));
            }
        }
        assertThat(scanned).as("enough chunks were in the scanner's shape").isGreaterThan(300);
        String openAi = "{\"id\":\"chatcmpl-C1\",\"object\":\"chat.completion.chunk\",\"created\":1753000000,\"model\":\"gpt-4o-mini\","
                + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_3\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\\\"lo\\n\\u00e9\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"q\"}";
        String vllm = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1753000000,\"model\":\"qwen\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}";
        assertThat(PlainChunkScanner.scan(openAi, true)).isEqualTo(new PlainChunk("chatcmpl-C1", "gpt-4o-mini", "Hel\"lo\né", null));
        assertThat(PlainChunkScanner.scan(vllm, true)).isEqualTo(PlainChunk.parse(vllm)).isNotNull();
        for (String other : List.of("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\u0001\"}}]}", "{\"object\":\"error\"}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\x\"}}]}", "{\"created\":01}", "{\"created\":1.5}",
                "{\"choices\":[{\"index\":00}]}", "{\"\\u0069d\":\"x\"}", "{\"usage\":nullx}", "{\"id\":\"a\",}", "{} {}")) {
            assertThat(PlainChunkScanner.scan(other, true)).as(other).isNull();
        }
    }

    /** Failures carry exceptions, which do not compare by value: compare their messages. */
    private static List<Object> comparable(List<StreamEvent> events) {
        List<Object> out = new ArrayList<>();
        for (StreamEvent e : events) out.add(e instanceof StreamEvent.Failure f ? "failure: " + f.error().getMessage() : e);
        return out;
    }

    private static String chunk(Random rnd) {
        List<String> fields = new ArrayList<>();
        if (rnd.nextInt(4) > 0) fields.add("\"id\":" + pick(rnd, str(rnd), "null", "42"));
        if (rnd.nextBoolean()) fields.add("\"model\":" + pick(rnd, "\"m-1\"", "null", "{\"a\":1}"));
        if (rnd.nextBoolean()) fields.add("\"object\":" + pick(rnd, "\"chat.completion.chunk\"", "\"chat.completion.chunk\"", "\"error\"", "7"));
        if (rnd.nextBoolean()) fields.add("\"created\":1753000000");
        if (rnd.nextInt(3) == 0) fields.add("\"obfuscation\":" + str(rnd));
        if (rnd.nextInt(4) == 0) fields.add("\"extra\":{\"x\":[1,{\"y\":[null,true]}],\"s\":\"}\"}");
        if (rnd.nextInt(3) == 0) fields.add("\"usage\":" + pick(rnd, "null", "null", "{\"prompt_tokens\":3,\"completion_tokens\":4}"));
        if (rnd.nextInt(12) == 0) fields.add("\"error\":" + pick(rnd, "null", "{\"message\":\"boom\"}"));
        if (rnd.nextInt(8) > 0) {
            int k = rnd.nextInt(10) == 0 ? 2 : rnd.nextInt(12) == 0 ? 0 : 1;
            List<String> choices = new ArrayList<>();
            for (int c = 0; c < k; c++) choices.add(choice(rnd));
            fields.add("\"choices\":" + (rnd.nextInt(25) == 0 ? "null" : "[" + String.join(",", choices) + "]"));
        }
        if (rnd.nextInt(10) == 0 && !fields.isEmpty()) fields.add(fields.get(rnd.nextInt(fields.size()))); // a repeated field
        java.util.Collections.shuffle(fields, rnd);
        String json = "{" + String.join(",", fields) + "}";
        int damage = rnd.nextInt(40);
        if (damage == 0) return json.substring(0, rnd.nextInt(json.length()));
        if (damage == 1) return json + " {}";
        return json;
    }

    private static String choice(Random rnd) {
        List<String> fields = new ArrayList<>();
        if (rnd.nextInt(5) > 0) fields.add("\"index\":" + pick(rnd, "0", "0", "0", "1", "\"0\"", "0.0"));
        if (rnd.nextInt(6) > 0) {
            List<String> delta = new ArrayList<>();
            if (rnd.nextInt(3) == 0) delta.add("\"role\":\"assistant\"");
            if (rnd.nextInt(5) > 0) delta.add("\"content\":" + pick(rnd, str(rnd), str(rnd), "null", "\"\"", "5"));
            if (rnd.nextInt(6) == 0) delta.add("\"refusal\":" + pick(rnd, "null", "null", "\"I can't\"", "\"\""));
            if (rnd.nextInt(8) == 0) delta.add("\"reasoning_content\":" + pick(rnd, "null", "\"think\"", "\"\""));
            if (rnd.nextInt(10) == 0) delta.add("\"tool_calls\":" + pick(rnd, "null",
                    "[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]"));
            if (rnd.nextInt(8) == 0 && !delta.isEmpty()) delta.add(delta.get(rnd.nextInt(delta.size())));
            java.util.Collections.shuffle(delta, rnd);
            fields.add("\"delta\":{" + String.join(",", delta) + "}");
            if (rnd.nextInt(15) == 0) fields.add("\"delta\":{\"role\":\"assistant\"}");
        }
        if (rnd.nextBoolean()) fields.add("\"logprobs\":" + pick(rnd, "null", "{\"content\":[]}"));
        if (rnd.nextInt(4) > 0) fields.add("\"finish_reason\":" + pick(rnd, "null", "null", "null", "\"stop\"", "\"length\"", "\"\"", "\"error\"", "3"));
        java.util.Collections.shuffle(fields, rnd);
        return "{" + String.join(",", fields) + "}";
    }

    private static final String ALPHABET = "ab \"\\/\n\t\b\f\r\u0001é€\uD83D\uDE00{}[]:,";

    /** A JSON string literal of random text, escaped by Jackson. */
    private static String str(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(8);
        for (int i = 0; i < len; i++) {
            int at = rnd.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(at);
            if (Character.isHighSurrogate(c)) sb.append(c).append(ALPHABET.charAt(at + 1));
            else if (!Character.isLowSurrogate(c)) sb.append(c);
        }
        try {
            return Json.MAPPER.writeValueAsString(sb.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pick(Random rnd, String... options) { return options[rnd.nextInt(options.length)]; }
}
