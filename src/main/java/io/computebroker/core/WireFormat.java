package io.computebroker.core;

/** The two API dialects the broker speaks, both to callers and to upstreams. */
public enum WireFormat { OPENAI, ANTHROPIC }
