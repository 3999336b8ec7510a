package io.computebroker.classify.sensitivity;

import java.util.List;
import java.util.Map;

/**
 * IBANs (ISO 13616): a registered country code, two check digits and the country's exact length,
 * compact ("GB82WEST12345698765432") or printed in groups of four, any letter case; accepted only when
 * the mod-97 check passes. Candidates start at digit runs preceded by two letters at a word start, so
 * plain prose costs nothing.
 */
final class IbanDetector implements Detector {
    /** Total IBAN length per country, from the SWIFT IBAN registry. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HN", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
            Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
            Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
            Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MN", 20), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28),
            Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22),
            Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25),
            Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
            Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    @Override
    public void detect(ScanText t, List<Finding> out) {
        int lastEnd = -1;
        for (int r = 0; r < t.runCount(); r++) {
            int p = t.runStart(r);
            if (p < lastEnd || t.runLength(r) < 2) continue;
            int start = p - 2;
            if (!ScanText.isAsciiLetter(t.at(start)) || !ScanText.isAsciiLetter(t.at(start + 1)) || t.isWordChar(start - 1)) continue;
            int end = match(t, start);
            if (end > 0) {
                out.add(new Finding(EntityType.IBAN, start, end));
                lastEnd = end;
            }
        }
    }

    /** End of a valid IBAN starting at {@code start}, or -1. */
    private static int match(ScanText t, int start) {
        String country = t.text.substring(start, start + 2).toUpperCase(java.util.Locale.ROOT);
        Integer expected = LENGTHS.get(country);
        if (expected == null) return -1;
        StringBuilder compact = new StringBuilder(expected);
        int i = start;
        int group = 0;
        while (compact.length() < expected && i < t.length) {
            char c = t.text.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                compact.append(Character.toUpperCase(c));
                group++;
                i++;
            } else if (c == ' ' && group == 4 && i + 1 < t.length && Character.isLetterOrDigit(t.text.charAt(i + 1))) {
                group = 0; // the printed form: groups of four separated by single spaces
                i++;
            } else {
                return -1;
            }
        }
        if (compact.length() < expected || t.isWordChar(i)) return -1;
        return Checksums.ibanMod97(compact.toString()) ? i : -1;
    }
}
