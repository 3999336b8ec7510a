package io.computebroker.classify.sensitivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Precision and recall of a {@link SensitivityScanner} per entity type on a Presidio-research style
 * data set: a JSON array of {@code {"full_text", "spans": [{"entity_type", "start_position",
 * "end_position"}]}} with offsets in code points.
 *
 * <p>Matching rule (span overlap, type-aware): a predicted finding is a true positive when it overlaps
 * at least one gold span whose label maps to the same {@link EntityType}; a gold span is recalled when
 * at least one prediction of its type overlaps it. Precision = true-positive predictions / predictions;
 * recall = recalled gold spans / gold spans. Overlap rather than exact boundaries because the level
 * depends on whether a type is present, not on where its span ends, and the data set's address and
 * name spans are split and bounded inconsistently. Gold labels without an equivalent type (ORGANIZATION,
 * GPE, DATE_TIME, ZIP_CODE, US_DRIVER_LICENSE, …) are not scored, but a prediction on such a span still
 * counts against precision.
 */
public final class PiiEvaluation {
    /** Data set label → our type; labels not listed are not scored. */
    static final Map<String, EntityType> LABELS = Map.of(
            "CREDIT_CARD", EntityType.CREDIT_CARD, "PHONE_NUMBER", EntityType.PHONE,
            "EMAIL_ADDRESS", EntityType.EMAIL, "IBAN_CODE", EntityType.IBAN, "US_SSN", EntityType.US_SSN,
            "IP_ADDRESS", EntityType.IP_ADDRESS, "STREET_ADDRESS", EntityType.STREET_ADDRESS,
            "PERSON", EntityType.PERSON);

    private PiiEvaluation() {}

    /** Counts for one type. Ratios are NaN when undefined (nothing predicted, or no gold spans). */
    public record TypeStats(EntityType type, int gold, int goldFound, int predicted, int truePositives) {
        public double precision() { return predicted == 0 ? Double.NaN : (double) truePositives / predicted; }

        public double recall() { return gold == 0 ? Double.NaN : (double) goldFound / gold; }

        public double f1() {
            double p = precision(), r = recall();
            return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
        }
    }

    /** The evaluation: texts scanned, stats for every type, the labels that were not scored, and scan time. */
    public record Result(int texts, List<TypeStats> perType, Set<String> unscoredLabels, long scanNanos) {
        public TypeStats of(EntityType type) {
            return perType.stream().filter(s -> s.type() == type).findFirst().orElseThrow();
        }
    }

    private record Span(EntityType type, int start, int end) {
        boolean overlaps(Finding f) { return type == f.type() && start < f.end() && f.start() < end; }
    }

    public static Result evaluate(Path datasetJson, SensitivityScanner s) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(datasetJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + datasetJson, e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException(datasetJson + " is not a JSON array of samples");
        Map<EntityType, int[]> counts = new EnumMap<>(EntityType.class); // gold, goldFound, predicted, tp
        for (EntityType t : EntityType.values()) counts.put(t, new int[4]);
        Set<String> unscored = new TreeSet<>();
        long nanos = 0;
        for (JsonNode sample : root) {
            String text = sample.path("full_text").asText();
            List<Span> gold = goldSpans(text, sample.path("spans"), unscored);
            long t0 = System.nanoTime();
            List<Finding> predicted = s.scan(text);
            nanos += System.nanoTime() - t0;
            for (Span g : gold) {
                int[] c = counts.get(g.type());
                c[0]++;
                if (predicted.stream().anyMatch(g::overlaps)) c[1]++;
            }
            for (Finding f : predicted) {
                int[] c = counts.get(f.type());
                c[2]++;
                if (gold.stream().anyMatch(g -> g.overlaps(f))) c[3]++;
            }
        }
        List<TypeStats> stats = new ArrayList<>();
        counts.forEach((type, c) -> stats.add(new TypeStats(type, c[0], c[1], c[2], c[3])));
        return new Result(root.size(), List.copyOf(stats), Set.copyOf(unscored), nanos);
    }

    private static List<Span> goldSpans(String text, JsonNode spans, Set<String> unscored) {
        List<Span> out = new ArrayList<>();
        int codePoints = text.codePointCount(0, text.length());
        for (JsonNode span : spans) {
            String label = span.path("entity_type").asText();
            EntityType type = LABELS.get(label);
            if (type == null) {
                unscored.add(label);
                continue;
            }
            int start = span.path("start_position").asInt();
            int end = span.path("end_position").asInt();
            if (start < 0 || end <= start || end > codePoints) throw new IllegalArgumentException("bad gold span " + span);
            // the data set counts code points; findings are UTF-16 offsets
            out.add(new Span(type, text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end)));
        }
        return out;
    }
}
