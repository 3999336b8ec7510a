package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A provider's own batch API, in its wire format ({@link OpenAiBatchApi}, {@link AnthropicBatchApi}).
 * Calls throw {@link Refused} when the provider answered with an error (it did not do what was asked)
 * and {@link Unknown} when it may or may not have (connection failure, timeout).
 */
interface ProviderBatchApi {
    /** One request of an upstream batch: our item id as custom_id, the request, the model it goes to. */
    record Line(String customId, ChatRequest request, ModelConfig model) {}

    /** The provider's batch as last seen: its id, its status in the provider's words, whether it has ended. */
    record Seen(String id, String status, boolean ended, JsonNode raw) {}

    /** One request's outcome: the answer, or the provider's error for it. */
    record Result(ChatResponse answer, BrokerException error) {}

    /** Sends the batch; {@code inputFile} hears of an uploaded input file before the batch is created (if the format has one). */
    Seen create(String tag, List<Line> lines, Consumer<String> inputFile);

    Seen get(String id);

    /** The batch this broker created with {@code tag} (from {@code inputFileId}), if the provider can tell. */
    Optional<Seen> find(String inputFileId, String tag);

    /** Whether {@link #find} can tell: if not, a batch whose creation was cut short is of unknown fate. */
    default boolean canFind() { return true; }

    /** The outcomes of an ended batch by custom_id; requests it did not answer are absent. */
    Map<String, Result> results(Seen ended);

    /** Why an ended batch left requests unanswered, when the provider says (else ""). */
    default String why(Seen ended) { return ""; }

    final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    final class Unknown extends RuntimeException {
        Unknown(String message, Throwable cause) { super(message, cause); }
    }
}
