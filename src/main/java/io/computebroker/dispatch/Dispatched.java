package io.computebroker.dispatch;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatResponse;

import java.util.List;

/**
 * What dispatch did: the model that finally served ({@code response} is null for streams), every
 * attempt on the way, and whether traffic spilled off saturated owned capacity or fell back.
 */
public record Dispatched(ChatResponse response, ModelConfig served, List<Attempt> attempts, boolean spilled, boolean fellBack) {
    public Dispatched {
        attempts = List.copyOf(attempts);
    }
}
