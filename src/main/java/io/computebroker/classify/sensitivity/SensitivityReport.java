package io.computebroker.classify.sensitivity;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The verdict for one text: the strictest level any finding implies, and the findings (offsets only). */
public record SensitivityReport(Sensitivity level, List<Finding> findings) {
    public SensitivityReport {
        Objects.requireNonNull(level, "level");
        findings = List.copyOf(findings);
    }

    /** Builds the report whose level is the maximum over the findings, {@code PUBLIC} when there are none. */
    public static SensitivityReport of(List<Finding> findings) {
        Sensitivity level = Sensitivity.PUBLIC;
        for (Finding f : findings) level = level.max(f.type().level());
        return new SensitivityReport(level, findings);
    }

    /** The distinct entity types found, for decision reasons and metrics. */
    public Set<EntityType> types() {
        EnumSet<EntityType> types = EnumSet.noneOf(EntityType.class);
        for (Finding f : findings) types.add(f.type());
        return types;
    }
}
