package io.computebroker.provider.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingsCodecTest {

    private static EmbeddingsRequest decode(String json) {
        return EmbeddingsCodec.decode(Json.parse(json));
    }

    @Test
    void singleStringInputWithDefaults() {
        EmbeddingsRequest r = decode("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
        assertThat(r).isEqualTo(new EmbeddingsRequest("text-embedding-3-small", List.of("hello"), false, null));
    }

    @Test
    void arrayInputBase64UserAndNativeDimensions() {
        EmbeddingsRequest r = decode("{\"model\":\"m\",\"input\":[\"a\",\"b c\"],\"encoding_format\":\"base64\","
                + "\"user\":\"u-1\",\"dimensions\":384}");
        assertThat(r).isEqualTo(new EmbeddingsRequest("m", List.of("a", "b c"), true, "u-1"));
    }

    @Test
    void explicitNullsMeanAbsentAndUnknownFieldsAreIgnored() {
        EmbeddingsRequest r = decode("{\"model\":\"m\",\"input\":[\"a\"],\"encoding_format\":null,\"dimensions\":null,"
                + "\"user\":null,\"extra\":{\"x\":1}}");
        assertThat(r).isEqualTo(new EmbeddingsRequest("m", List.of("a"), false, null));
        assertThat(decode("{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"float\"}").base64()).isFalse();
    }

    @Test
    void exactlyMaxInputsIsAccepted() {
        assertThat(decode(bodyWithItems(2048)).inputs()).hasSize(2048);
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("[\"not\",\"an\",\"object\"]", null, "JSON object"),
                Arguments.of("{\"input\":\"x\"}", "model", "model: required"),
                Arguments.of("{\"model\":null,\"input\":\"x\"}", "model", "model: required"),
                Arguments.of("{\"model\":5,\"input\":\"x\"}", "model", "must be a string"),
                Arguments.of("{\"model\":\"\",\"input\":\"x\"}", "model", "must not be empty"),
                Arguments.of("{\"model\":\"m\"}", "input", "input: required"),
                Arguments.of("{\"model\":\"m\",\"input\":null}", "input", "input: required"),
                Arguments.of("{\"model\":\"m\",\"input\":\"\"}", "input", "empty string"),
                Arguments.of("{\"model\":\"m\",\"input\":42}", "input", "string or an array of strings"),
                Arguments.of("{\"model\":\"m\",\"input\":{\"text\":\"x\"}}", "input", "string or an array of strings"),
                Arguments.of("{\"model\":\"m\",\"input\":[]}", "input", "empty array"),
                Arguments.of("{\"model\":\"m\",\"input\":[\"a\",\"\"]}", "input", "input[1]: must not be an empty string"),
                Arguments.of("{\"model\":\"m\",\"input\":[\"a\",{\"t\":1}]}", "input", "input[1]: must be a string"),
                Arguments.of("{\"model\":\"m\",\"input\":[\"a\",null]}", "input", "input[1]: must be a string"),
                Arguments.of("{\"model\":\"m\",\"input\":[1,2,3]}", "input", "input: token arrays are not supported; send text"),
                Arguments.of("{\"model\":\"m\",\"input\":[[1,2],[3]]}", "input", "input: token arrays are not supported; send text"),
                Arguments.of("{\"model\":\"m\",\"input\":[\"a\",[3]]}", "input", "input: token arrays are not supported; send text"),
                Arguments.of(bodyWithItems(2049), "input", "at most 2048"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"binary\"}", "encoding_format", "\"float\" or \"base64\""),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":1}", "encoding_format", "\"float\" or \"base64\""),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":256}", "dimensions", "only 384"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":1536}", "dimensions", "only 384"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":\"384\"}", "dimensions", "only 384"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":384.5}", "dimensions", "only 384"),
                Arguments.of("{\"model\":\"m\",\"input\":\"x\",\"user\":7}", "user", "user: must be a string"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestsAre400sNamingTheField(String json, String param, String messagePart) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static String bodyWithItems(int n) {
        StringBuilder sb = new StringBuilder("{\"model\":\"m\",\"input\":[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        return sb.append("]}").toString();
    }

    private static List<float[]> randomVectors(int count, long seed) {
        Random rnd = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = new float[384];
            for (int d = 0; d < v.length; d++) v[d] = (float) rnd.nextGaussian() / 20f;
            out.add(v);
        }
        return out;
    }

    @Test
    void floatResponseHasOpenAiShape() {
        List<float[]> vectors = randomVectors(2, 1);
        ObjectNode resp = EmbeddingsCodec.encodeResponse("text-embedding-3-small", vectors, false, 17);
        JsonNode parsed = Json.parse(Json.write(resp));   // through text, as a client sees it

        assertThat(fieldNames(parsed)).containsExactly("object", "data", "model", "usage");
        assertThat(parsed.get("object").asText()).isEqualTo("list");
        assertThat(parsed.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(parsed.get("usage")).isEqualTo(Json.parse("{\"prompt_tokens\":17,\"total_tokens\":17}"));
        assertThat(parsed.get("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = parsed.get("data").get(i);
            assertThat(fieldNames(item)).containsExactly("object", "index", "embedding");
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            JsonNode numbers = item.get("embedding");
            assertThat(numbers.isArray()).isTrue();
            float[] back = new float[numbers.size()];
            for (int d = 0; d < back.length; d++) back[d] = (float) numbers.get(d).doubleValue();
            // The printed decimals must round-trip to the very same float32 values.
            assertThat(back).isEqualTo(vectors.get(i));
        }
    }

    @Test
    void base64IsLittleEndianFloat32() {
        // 1.0f is 0x3F800000; little-endian bytes 00 00 80 3F.
        assertThat(EmbeddingsCodec.toBase64(new float[]{1.0f})).isEqualTo("AACAPw==");
    }

    @Test
    void base64RoundTripGivesTheSameFloats() {
        List<float[]> vectors = randomVectors(3, 2);
        JsonNode parsed = Json.parse(Json.write(EmbeddingsCodec.encodeResponse("m", vectors, true, 5)));
        for (int i = 0; i < 3; i++) {
            JsonNode embedding = parsed.get("data").get(i).get("embedding");
            assertThat(embedding.isTextual()).isTrue();
            assertThat(embedding.asText()).hasSize(2048);   // 384 * 4 bytes = 1536 bytes -> 2048 base64 chars
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText())).order(ByteOrder.LITTLE_ENDIAN);
            float[] back = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(back);
            assertThat(back).isEqualTo(vectors.get(i));
        }
    }

    @Test
    void officialOpenAiJavaClientReadsBothEncodings() throws Exception {
        List<float[]> vectors = randomVectors(2, 3);
        for (boolean base64 : new boolean[]{false, true}) {
            String json = Json.write(EmbeddingsCodec.encodeResponse("m", vectors, base64, 9));
            CreateEmbeddingResponse resp = ObjectMappers.jsonMapper().readValue(json, CreateEmbeddingResponse.class).validate();
            assertThat(resp.model()).isEqualTo("m");
            assertThat(resp.usage().promptTokens()).isEqualTo(9);
            assertThat(resp.usage().totalTokens()).isEqualTo(9);
            assertThat(resp.data()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(resp.data().get(i).index()).isEqualTo(i);
                List<Float> floats = resp.data().get(i).embeddingValue().asFloats();
                float[] back = new float[floats.size()];
                for (int d = 0; d < back.length; d++) back[d] = floats.get(d);
                assertThat(back).as("base64=" + base64).isEqualTo(vectors.get(i));
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}
