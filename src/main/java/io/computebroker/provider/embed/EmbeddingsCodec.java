package io.computebroker.provider.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The OpenAI {@code /v1/embeddings} wire format: request validation and response encoding.
 *
 * <p>Both official SDKs (openai-python, openai-java) ask for {@code encoding_format: "base64"} when the
 * caller does not choose, and decode it as little-endian IEEE-754 float32, so base64 is the common case,
 * not an option nobody uses.
 */
public final class EmbeddingsCodec {

    /** OpenAI's limit on the number of inputs in one request. */
    public static final int MAX_INPUTS = 2048;

    private EmbeddingsCodec() {}

    /** Validates an OpenAI embeddings request; every problem is a 400 naming the field at fault. */
    public static EmbeddingsRequest decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw BrokerException.invalid(null, "request body must be a JSON object");
        }
        String model = model(body);
        List<String> inputs = inputs(body);
        checkDimensions(body);
        boolean base64 = base64(body);
        return new EmbeddingsRequest(model, inputs, base64, user(body));
    }

    private static String model(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) throw BrokerException.invalid("model", "model: required");
        if (!model.isTextual()) throw BrokerException.invalid("model", "model: must be a string");
        if (model.textValue().isEmpty()) throw BrokerException.invalid("model", "model: must not be empty");
        return model.textValue();
    }

    private static List<String> inputs(JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) throw BrokerException.invalid("input", "input: required");
        if (input.isTextual()) {
            if (input.textValue().isEmpty()) throw BrokerException.invalid("input", "input: must not be an empty string");
            return List.of(input.textValue());
        }
        if (!input.isArray()) {
            throw BrokerException.invalid("input", "input: must be a string or an array of strings");
        }
        if (input.isEmpty()) throw BrokerException.invalid("input", "input: must not be an empty array");
        if (input.size() > MAX_INPUTS) {
            throw BrokerException.invalid("input", "input: at most " + MAX_INPUTS + " items, got " + input.size());
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            // [1,2,3] is one pre-tokenized input and [[1,2],[3]] several. Token ids are specific to OpenAI's
            // tokenizers and mean nothing to the local model, so they are refused rather than guessed at.
            if (item.isNumber() || item.isArray()) {
                throw BrokerException.invalid("input", "input: token arrays are not supported; send text");
            }
            if (!item.isTextual()) throw BrokerException.invalid("input", "input[" + i + "]: must be a string");
            if (item.textValue().isEmpty()) {
                throw BrokerException.invalid("input", "input[" + i + "]: must not be an empty string");
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    private static void checkDimensions(JsonNode body) {
        JsonNode dimensions = body.get("dimensions");
        // MiniLM was not trained for shortened (Matryoshka) vectors, so a prefix of its output would be a
        // worse embedding, not a smaller one; only the native size is offered.
        if (dimensions != null && !dimensions.isNull()
                && !(dimensions.isIntegralNumber() && dimensions.canConvertToInt() && dimensions.intValue() == LocalEmbeddings.DIMENSIONS)) {
            throw BrokerException.invalid("dimensions", "dimensions: only " + LocalEmbeddings.DIMENSIONS
                    + " is supported by this model");
        }
    }

    private static boolean base64(JsonNode body) {
        JsonNode format = body.get("encoding_format");
        if (format == null || format.isNull()) return false;
        return switch (format.isTextual() ? format.textValue() : "") {
            case "float" -> false;
            case "base64" -> true;
            default -> throw BrokerException.invalid("encoding_format", "encoding_format: must be \"float\" or \"base64\"");
        };
    }

    private static String user(JsonNode body) {
        JsonNode user = body.get("user");
        if (user == null || user.isNull()) return null;
        if (!user.isTextual()) throw BrokerException.invalid("user", "user: must be a string");
        return user.textValue();
    }

    /**
     * {"object":"list","data":[{"object":"embedding","index":i,"embedding":[...] | "base64"}],"model":..,
     * "usage":{"prompt_tokens":n,"total_tokens":n}}. Embeddings produce no output tokens, so both usage
     * numbers are the prompt tokens.
     */
    public static ObjectNode encodeResponse(String model, List<float[]> vectors, boolean base64, long promptTokens) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            float[] v = vectors.get(i);
            if (base64) {
                item.put("embedding", toBase64(v));
            } else {
                // Float nodes print the shortest decimal that round-trips to the same float32, rather than
                // the 17-digit noise of the value widened to double.
                ArrayNode numbers = item.putArray("embedding");
                for (float x : v) numbers.add(x);
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return root;
    }

    /** Little-endian IEEE-754 float32, standard base64 alphabet with padding: what the SDKs decode. */
    static String toBase64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
