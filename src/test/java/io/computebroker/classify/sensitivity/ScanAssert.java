package io.computebroker.classify.sensitivity;

import java.util.List;

/** Shared scanner (built once: it is thread-safe) and a readable view of findings for assertions. */
final class ScanAssert {
    static final SensitivityScanner SCANNER = new SensitivityScanner();

    private ScanAssert() {}

    /** Findings as "TYPE:matched text", so a test states both the type and the exact span. */
    static List<String> found(String text) {
        return SCANNER.scan(text).stream().map(f -> f.type() + ":" + text.substring(f.start(), f.end())).toList();
    }

    static List<String> found(String text, EntityType type) {
        return SCANNER.scan(text).stream().filter(f -> f.type() == type).map(f -> text.substring(f.start(), f.end())).toList();
    }
}
