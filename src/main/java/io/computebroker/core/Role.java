package io.computebroker.core;

/** Conversation roles after normalisation: system text lives in {@link ChatRequest#system()}, tool results in user turns. */
public enum Role { USER, ASSISTANT }
