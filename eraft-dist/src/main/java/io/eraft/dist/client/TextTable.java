package io.eraft.dist.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A plain-text table: a header row and rows of cells, each column as wide as its widest cell, columns two spaces
 * apart; numeric columns are right-aligned. A row may end in a free-text cell that spans the remaining columns (an
 * offline node's reason). Trailing spaces are trimmed.
 */
final class TextTable {
    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param header       the column titles
     * @param rightAligned the indexes of the columns to right-align (numbers)
     */
    public TextTable(List<String> header, int... rightAligned) {
        this.header = header.toArray(String[]::new);
        this.right = new boolean[this.header.length];
        for (int c : rightAligned) {
            right[c] = true;
        }
    }

    /** Adds a row; fewer cells than columns leave the rest out, and the last cell given is not padded. */
    public TextTable row(String... cells) {
        if (cells.length == 0 || cells.length > header.length) {
            throw new IllegalArgumentException("a row of this table has 1 to " + header.length + " cells, not "
                    + cells.length + ": " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(Objects::requireNonNull).toArray(String[]::new));
        return this;
    }

    /** The table, one line per row (header first), each ending in a newline. */
    public String format() {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (String[] r : rows) {
            int sized = r.length == header.length ? r.length : r.length - 1; // a short row's last cell spans
            for (int c = 0; c < sized; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, width);
        rows.forEach(r -> line(b, r, width));
        return b.toString();
    }

    private void line(StringBuilder b, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append("  ");
            }
            boolean last = c == cells.length - 1 && cells.length < header.length;
            String pad = last ? "" : " ".repeat(width[c] - cells[c].length());
            l.append(right[c] && !last ? pad + cells[c] : cells[c] + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
