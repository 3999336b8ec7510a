package io.computebroker.classify.sensitivity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds personal and secret data in a prompt and derives its {@link Sensitivity}. Built once (it loads
 * the first-name list and libphonenumber metadata), immutable, and safe to share between threads.
 *
 * <p>Cost: every detector starts from a cheap anchor — digit runs indexed in one pass, '@', ':',
 * "eyJ", "-----BEGIN", a first-character table for key prefixes, cue-word searches — and does real
 * work (checksums, libphonenumber, JSON) only on the few candidates. There is no regex over the
 * whole text.
 *
 * <p>Overlaps: detectors may claim the same characters (a card number is also a possible phone
 * number). The finding with the higher precedence wins — credentials, then checksum-validated
 * identifiers, then the pattern-based types, then the heuristic ones — and within a type the longer
 * span. The result is non-overlapping and sorted by start.
 */
public final class SensitivityScanner {
    /** Precedence for overlaps, strongest evidence first. */
    private static final List<EntityType> PRECEDENCE = List.of(
            EntityType.PRIVATE_KEY, EntityType.JWT, EntityType.API_KEY, EntityType.CREDIT_CARD, EntityType.IBAN,
            EntityType.US_SSN, EntityType.NL_BSN, EntityType.UK_NINO, EntityType.EMAIL, EntityType.SECRET,
            EntityType.IP_ADDRESS, EntityType.STREET_ADDRESS, EntityType.PHONE, EntityType.PERSON);
    private static final Map<EntityType, Integer> RANK = new EnumMap<>(EntityType.class);

    static {
        for (int i = 0; i < PRECEDENCE.size(); i++) RANK.put(PRECEDENCE.get(i), i);
        if (RANK.size() != EntityType.values().length) throw new AssertionError("every entity type needs a precedence");
    }

    private static final Comparator<Finding> STRONGEST_FIRST = Comparator
            .comparingInt((Finding f) -> RANK.get(f.type()))
            .thenComparing(Comparator.comparingInt(Finding::length).reversed())
            .thenComparingInt(Finding::start);

    private final List<Detector> detectors;

    public SensitivityScanner() {
        this(List.of(new PrivateKeyDetector(), new JwtDetector(), new ApiKeyDetector(), new SecretDetector(),
                new CardDetector(), new IbanDetector(), new SsnDetector(), new BsnDetector(), new NinoDetector(),
                new EmailDetector(), new IpAddressDetector(), new PhoneDetector(), new StreetAddressDetector(),
                new PersonNameDetector(FirstNames.load())));
    }

    SensitivityScanner(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** All findings in {@code text}: non-overlapping spans sorted by start. */
    public List<Finding> scan(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) return List.of();
        ScanText t = new ScanText(text);
        List<Finding> candidates = new ArrayList<>();
        for (Detector d : detectors) d.detect(t, candidates);
        return resolve(candidates);
    }

    /** The findings and the level they imply: the maximum over the findings, {@code PUBLIC} if none. */
    public SensitivityReport report(String text) {
        return SensitivityReport.of(scan(text));
    }

    static List<Finding> resolve(List<Finding> candidates) {
        if (candidates.size() <= 1) return List.copyOf(candidates);
        candidates.sort(STRONGEST_FIRST);
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding f : candidates) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
            boolean clash = (before != null && before.getValue().overlaps(f)) || (after != null && after.getValue().overlaps(f));
            if (!clash) kept.put(f.start(), f);
        }
        return List.copyOf(kept.values());
    }
}
