package io.computebroker.classify;

import io.computebroker.classify.sensitivity.EntityType;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.sensitivity.SensitivityReport;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import io.computebroker.util.TextMemo;

import java.time.Duration;
import java.util.Set;

/**
 * The sensitivity verdict of long text blocks seen recently. Agents and coding tools resend the same
 * system prompt, tool results and history on every turn. Scanning is linear in the text (the bench's
 * 4,000-token prompt: gateway CPU per call 650-1,180 µs over three runs without this memo, 486 µs with
 * it); a lookup costs a hash and an equality check of the text.
 *
 * <p>The key is the text itself, not a digest of it: a verdict decides whether data may leave owned
 * infrastructure, so two texts share one only when they are equal. Held in memory only (never written),
 * bounded by characters and dropped five minutes after its last use. Short blocks are scanned every time:
 * for them a lookup costs about as much as the scan.
 */
final class ScanMemo {
    /** Blocks shorter than this are scanned every time. */
    static final int MIN_CHARS = 1024;
    /** At most this many characters of text are held as keys (≤ 8 MB even as UTF-16). */
    static final long MAX_CHARS = 4L << 20;

    /** What the classify stage needs from a scan: the level and the entity types (no offsets). */
    record Verdict(Sensitivity level, Set<EntityType> types) {
        static Verdict of(SensitivityReport r) {
            return new Verdict(r.level(), Set.copyOf(r.types()));
        }
    }

    private final TextMemo<Verdict> verdicts;

    ScanMemo(SensitivityScanner scanner) {
        this.verdicts = new TextMemo<>(MIN_CHARS, MAX_CHARS, Duration.ofMinutes(5), t -> Verdict.of(scanner.report(t)));
    }

    Verdict verdict(String text) { return verdicts.get(text); }

    /** Blocks held now (for tests). */
    long size() { return verdicts.size(); }
}
