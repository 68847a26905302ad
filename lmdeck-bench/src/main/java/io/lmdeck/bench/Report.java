package io.lmdeck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the figures as a table and writes them to {@code bench/results.json}. */
final class Report {
    private static final String[] HEADER = {"bench", "metric", "n", "median", "p99", "baseline", "ratio", "target", "met"};

    private Report() {
    }

    static void print(List<Figure> figures, PrintStream out) {
        String[][] rows = new String[figures.size() + 1][];
        rows[0] = HEADER;
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            rows[i + 1] = new String[] {f.bench(), f.metric(), String.valueOf(f.samples()),
                number(f.median()) + " " + f.unit(), f.p99() == null ? "" : number(f.p99()) + " " + f.unit(),
                f.baseline() == null ? "" : number(f.baseline()) + " " + f.unit(),
                f.ratio() == null ? "" : number(f.ratio()), f.target() == null ? "" : f.target(),
                f.met() == null ? "" : f.met() ? "yes" : "NO"};
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.length; r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < HEADER.length; c++) {
                line.append(' ').append(pad(rows[r][c], widths[c])).append(" |");
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append(' ').append("-".repeat(width)).append(" |");
                }
                out.println(rule);
            }
        }
        out.println();
        for (Figure f : figures) {
            if (f.note() != null) {
                out.println("- " + f.bench() + " / " + f.metric() + ": " + f.note());
            }
        }
    }

    static void write(Path file, List<Figure> figures, Map<String, String> environment, String command) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("measured_at", Instant.now().toString());
        root.put("command", command);
        ObjectNode env = root.putObject("environment");
        environment.forEach(env::put);
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode n = list.addObject();
            n.put("bench", f.bench());
            n.put("metric", f.metric());
            n.put("unit", f.unit());
            n.put("samples", f.samples());
            n.put("median", round(f.median()));
            putNullable(n, "p99", f.p99());
            putNullable(n, "baseline", f.baseline());
            putNullable(n, "ratio", f.ratio());
            n.put("target", f.target());
            if (f.met() == null) {
                n.putNull("met");
            } else {
                n.put("met", f.met());
            }
            n.put("note", f.note());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    }

    private static void putNullable(ObjectNode n, String field, Double value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, round(value));
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
