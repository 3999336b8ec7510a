package io.computebroker.budget;

/**
 * Money set aside on one budget's window for one request. The window key is kept because the request
 * settles against the window it was admitted in, even when it finishes after midnight.
 */
public record Hold(Budget budget, String windowKey, long heldNusd) {}
