package io.computebroker.classify.sensitivity;

import java.util.Objects;

/**
 * One detected span, {@code [start, end)} in UTF-16 offsets of the scanned text. It deliberately holds
 * no copy of the matched text, so logging a finding can never leak the value.
 */
public record Finding(EntityType type, int start, int end) {
    public Finding {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }

    public int length() {
        return end - start;
    }

    boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    @Override
    public String toString() {
        return type + "[" + start + ", " + end + ")";
    }
}
