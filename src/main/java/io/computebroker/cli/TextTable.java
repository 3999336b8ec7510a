package io.computebroker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned table for terminals: text columns left, numeric columns right, rules between sections. */
final class TextTable {
    private final List<String> headers;
    private final boolean[] right;
    /** Null entries are rules. */
    private final List<List<String>> rows = new ArrayList<>();

    /** {@code rightAligned}: indexes of the numeric columns. */
    TextTable(List<String> headers, int... rightAligned) {
        this.headers = List.copyOf(headers);
        this.right = new boolean[headers.size()];
        for (int i : rightAligned) right[i] = true;
    }

    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        rows.add(List.copyOf(cells));
        return this;
    }

    TextTable rule() {
        rows.add(null);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
        for (List<String> r : rows) {
            if (r != null) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        }
        int total = (width.length - 1) * 2;
        for (int w : width) total += w;
        line(out, headers, width);
        out.println("-".repeat(total));
        for (List<String> r : rows) {
            if (r == null) out.println("-".repeat(total));
            else line(out, r, width);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append("  ");
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            sb.append(right[i] ? pad + c : c + pad);
        }
        out.println(sb.toString().stripTrailing());
    }
}
