package io.computebroker.config;

/**
 * Behaviour of a simulated model (demo and tests): which wire format it speaks, time to first token,
 * generation speed and the share of calls that fail with a 503. {@code script} (optional) is a YAML file
 * of scripted replies, see {@code provider.sim.SimScript}.
 */
public record Simulation(String format, Long latencyMs, Double tokensPerSecond, Double failureRate, String script) {
    public Simulation(String format, Long latencyMs, Double tokensPerSecond, Double failureRate) {
        this(format, latencyMs, tokensPerSecond, failureRate, null);
    }

    public Simulation {
        if (format == null) format = "openai";
        if (!format.equals("openai") && !format.equals("anthropic")) {
            throw new IllegalArgumentException("simulation.format must be openai or anthropic, not '" + format + "'");
        }
        if (latencyMs == null) latencyMs = 0L;
        if (tokensPerSecond == null) tokensPerSecond = 200.0;
        if (failureRate == null) failureRate = 0.0;
        if (latencyMs < 0) throw new IllegalArgumentException("simulation.latencyMs must be >= 0");
        if (tokensPerSecond <= 0) throw new IllegalArgumentException("simulation.tokensPerSecond must be > 0");
        if (failureRate < 0 || failureRate > 1) throw new IllegalArgumentException("simulation.failureRate must be within 0..1");
    }
}
