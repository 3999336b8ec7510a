package io.computebroker.classify.sensitivity;

import java.util.Locale;
import java.util.Set;

/** The street words the address heuristic knows, by where they stand relative to the street's name. */
final class StreetVocabulary {
    private StreetVocabulary() {}

    /** English street types after the name: "14 Crown Street", "2450 Crown St". Abbreviations only count capitalised. */
    private static final Set<String> SUFFIXES = Set.of(
            "street", "avenue", "road", "lane", "boulevard", "drive", "court", "place", "way", "terrace", "square",
            "parkway", "highway", "circle", "crescent", "close", "row", "alley", "route", "trail", "plaza", "grove",
            "gardens", "mews", "walk", "crossing", "heights", "ridge", "expressway", "freeway", "pike");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "st", "ave", "av", "rd", "ln", "blvd", "dr", "ct", "pl", "ter", "sq", "pkwy", "hwy", "cir", "cres",
            "trl", "gdns");

    /** Endings of one-word street names in Dutch, German, Nordic and Finnish: "Keizersgracht 12", "Puruntie 82". */
    private static final String[] COMPOUND_ENDINGS = {
            "straat", "gracht", "laan", "weg", "plein", "kade", "singel", "dijk", "steeg", "straße", "strasse",
            "gasse", "allee", "platz", "damm", "vej", "gade", "gatan", "vägen", "veien", "gata", "katu", "kuja",
            "tie", "vegur"};

    /** Street types before the name in Romance and Slavic languages: "Via Roma 131", "29 Rue de Tanger". */
    private static final Set<String> PREFIXES = Set.of(
            "rue", "rua", "via", "viale", "vicolo", "corso", "piazza", "piazzale", "largo", "strada", "calle",
            "carrer", "avenida", "avda", "paseo", "plaza", "praça", "travessa", "camino", "chemin", "allée", "quai",
            "ulica", "aleja", "trg");

    /** Lower-case particles inside street names: "Rue de la Paix", "Calle del Sol". */
    private static final Set<String> PARTICLES = Set.of(
            "de", "la", "le", "les", "du", "des", "del", "della", "di", "da", "do", "dos", "das", "van", "von", "der", "den", "y", "e");

    /** Unit designators that continue an address: "Apt. 864", "Suite 503". */
    private static final Set<String> UNITS = Set.of("apt", "apartment", "suite", "ste", "unit", "flat", "floor", "fl", "room");

    static boolean suffix(String word, boolean capitalised) {
        String w = word.toLowerCase(Locale.ROOT);
        return SUFFIXES.contains(w) || (capitalised && ABBREVIATIONS.contains(w));
    }

    static boolean compound(String word) {
        if (word.length() < 6 || !Character.isUpperCase(word.charAt(0))) return false;
        String w = word.toLowerCase(Locale.ROOT);
        for (String e : COMPOUND_ENDINGS) if (w.endsWith(e) && w.length() > e.length() + 2) return true;
        return false;
    }

    static boolean prefix(String word) {
        return PREFIXES.contains(word.toLowerCase(Locale.ROOT));
    }

    static boolean particle(String word) {
        return PARTICLES.contains(word);
    }

    static boolean unit(String word) {
        return UNITS.contains(word.toLowerCase(Locale.ROOT));
    }
}
