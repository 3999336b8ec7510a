package io.computebroker.observe;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * Span attribute names: the OpenTelemetry GenAI semantic conventions ({@code gen_ai.*}) for what any
 * GenAI-aware backend understands, and {@code broker.*} for what only a broker knows (its decision, the
 * data boundary, the money). Values are classes, ids and numbers, never prompt or completion text.
 */
final class GenAi {
    private GenAi() {}

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHED_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("broker.request_id");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("broker.tenant");
    static final AttributeKey<String> FEATURE = AttributeKey.stringKey("broker.feature");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("broker.task");
    static final AttributeKey<String> SENSITIVITY = AttributeKey.stringKey("broker.sensitivity");
    static final AttributeKey<String> DECISION_ID = AttributeKey.stringKey("broker.decision.id");
    static final AttributeKey<String> DECISION_RULE = AttributeKey.stringKey("broker.decision.rule");
    static final AttributeKey<String> DECISION_MODE = AttributeKey.stringKey("broker.decision.mode");
    static final AttributeKey<String> DECISION_CHOSEN = AttributeKey.stringKey("broker.decision.chosen_model");
    static final AttributeKey<String> DECISION_SUMMARY = AttributeKey.stringKey("broker.decision.summary");
    static final AttributeKey<Long> DECISION_CANDIDATES = AttributeKey.longKey("broker.decision.eligible_candidates");
    static final AttributeKey<String> POLICY_VERSION = AttributeKey.stringKey("broker.policy.version");
    static final AttributeKey<String> BOUNDARY = AttributeKey.stringKey("broker.boundary");
    static final AttributeKey<String> REGION = AttributeKey.stringKey("broker.region");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("broker.model");
    static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("broker.cost_usd");
    static final AttributeKey<Double> BASELINE_USD = AttributeKey.doubleKey("broker.baseline_cost_usd");
    static final AttributeKey<Boolean> COST_ESTIMATED = AttributeKey.booleanKey("broker.cost_estimated");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("broker.cache");
    static final AttributeKey<Boolean> FALLBACK = AttributeKey.booleanKey("broker.fallback");
    static final AttributeKey<Boolean> SPILLED = AttributeKey.booleanKey("broker.spilled");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("broker.attempt");
    static final AttributeKey<Boolean> STREAMED = AttributeKey.booleanKey("broker.streamed");
}
