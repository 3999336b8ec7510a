package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * One kind of detector. Implementations are immutable and thread-safe; they add candidate findings,
 * possibly overlapping those of other detectors — {@link SensitivityScanner} resolves overlaps.
 */
interface Detector {
    void detect(ScanText text, List<Finding> out);
}
