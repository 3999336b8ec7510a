package io.computebroker.pipeline;

import io.computebroker.core.ChatResponse;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.Dispatched;
import io.computebroker.settle.Cost;

/** A non-streaming result: the answer, the decision, what dispatch did, and what it cost. */
public record Completed(ChatResponse response, Decision decision, Dispatched dispatched, Cost cost, java.util.List<String> warnings, String cacheOutcome) {}
