package io.computebroker.pipeline;

import io.computebroker.core.ChatResponse;
import io.computebroker.decide.Decision;
import io.computebroker.settle.Cost;

/** A non-streaming result: the answer, where it came from, and what it cost. */
public record Completed(ChatResponse response, Decision decision, Cost cost) {}
