package io.computebroker.eval.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 reader: commas, double quotes, {@code ""} escapes and newlines inside quoted fields
 * (RouterBench prompts and RouteLLM responses span many lines). The project has no CSV dependency and
 * this is all the public layouts need. Each record keeps the physical line it starts on, so importers
 * can name it in errors.
 */
final class Csv {
    /** One record; {@code line} is the 1-based physical line where it starts. */
    record Row(int line, List<String> fields) {
        String get(int i) { return i < fields.size() ? fields.get(i) : ""; }
    }

    private Csv() {}

    static List<Row> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Row> parse(String text, String source) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, start = 1, i = 0, n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') i = 1; // a BOM would otherwise stick to the first column name
        boolean quoted = false, atFieldStart = true, anything = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (!atFieldStart) throw new IllegalArgumentException(source + ": line " + line + ": stray quote inside an unquoted field");
                    quoted = true; atFieldStart = false; anything = true;
                }
                case ',' -> { fields.add(field.toString()); field.setLength(0); atFieldStart = true; anything = true; }
                case '\r' -> { /* CRLF: the \n ends the record */ }
                case '\n' -> {
                    if (anything) { fields.add(field.toString()); rows.add(new Row(start, List.copyOf(fields))); }
                    fields.clear(); field.setLength(0); atFieldStart = true; anything = false;
                    line++; start = line;
                }
                default -> { field.append(c); atFieldStart = false; anything = true; }
            }
        }
        if (quoted) throw new IllegalArgumentException(source + ": line " + start + ": quoted field never closed");
        if (anything) { fields.add(field.toString()); rows.add(new Row(start, List.copyOf(fields))); }
        return rows;
    }
}
