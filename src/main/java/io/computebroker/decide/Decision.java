package io.computebroker.decide;

import io.computebroker.config.ModelConfig;

/**
 * Where a request goes and why. The routing engine will widen this to an ordered candidate list with a
 * reason per candidate; the data plane already carries the decision to headers and the settle stage.
 */
public record Decision(String requestedModel, ModelConfig model, String reason) {}
