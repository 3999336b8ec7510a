package io.computebroker.policy;

import java.util.List;
import java.util.Map;

/** The policy YAML as written: defaults, ordered rules, and the quality table model → task → [0,1]. */
public record PolicyFile(PolicyDefaults defaults, List<Rule> rules, Map<String, Map<String, Double>> quality) {
    public PolicyFile {
        if (defaults == null) defaults = PolicyDefaults.builtIn();
        rules = rules == null ? List.of() : List.copyOf(rules);
        quality = quality == null ? Map.of() : Map.copyOf(quality);
    }
}
