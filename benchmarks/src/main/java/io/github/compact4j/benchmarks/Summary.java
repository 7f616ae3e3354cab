package io.github.compact4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown tables {@code docs/benchmarks.md} quotes: each
 * result with its allocation and its ratio to its class's baseline (a benchmark method whose name
 * starts with {@code baseline}, from the same run, with the same parameters), and for
 * every benchmark measured at several sizes ({@code items}, {@code tokens} or {@code prefill}), how
 * much it grows from the smallest to the largest.
 *
 * <pre>
 * java -cp target/benchmarks.jar io.github.compact4j.benchmarks.Summary results/jmh-....json
 * </pre>
 */
public final class Summary {

    private Summary() {}

    /**
     * @param args the JMH JSON file
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Summary <jmh-result.json>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        print(results, System.out);
    }

    record Row(String cls, String method, String params, long items, double score, double error, String unit,
            double bytes) {}

    static void print(JsonNode results, PrintStream out) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : results) {
            String full = r.path("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            JsonNode params = r.path("params");
            String p = params(params);
            JsonNode pm = r.path("primaryMetric");
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            rows.add(new Row(cls, full.substring(dot + 1), p, size(params),
                    pm.path("score").asDouble(), pm.path("scoreError").asDouble(), pm.path("scoreUnit").asText(),
                    alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble()));
        }
        // a result's baseline: its class's baseline method with the same parameters (a result
        // whose parameters no baseline shares gets no ratio rather than a misleading one)
        Map<String, Row> baselines = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.method().startsWith("baseline")) {
                baselines.putIfAbsent(r.cls() + "|" + r.params(), r);
            }
        }
        out.println("| benchmark | params | score | ± (99.9%) | unit | B/op | × baseline |");
        out.println("|---|---|---:|---:|---|---:|---:|");
        for (Row r : rows) {
            Row base = baselines.get(r.cls() + "|" + r.params());
            String ratio = base == null || !base.unit().equals(r.unit()) ? "" : fmt(r.score() / base.score()) + "×";
            out.printf(Locale.ROOT, "| %s.%s | %s | %s | %s | %s | %s | %s |%n", r.cls(), r.method(), r.params(),
                    num(r.score()), num(r.error()), r.unit(), Double.isNaN(r.bytes()) ? "" : num(r.bytes()), ratio);
        }
        printPaired(results, out);
        Map<String, List<Row>> sized = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.items() >= 0) {
                sized.computeIfAbsent(r.cls() + "." + r.method(), k -> new ArrayList<>()).add(r);
            }
        }
        if (!sized.isEmpty()) {
            out.println();
            out.println("| benchmark | smallest → largest | time growth | allocation growth |");
            out.println("|---|---|---:|---:|");
            for (Map.Entry<String, List<Row>> e : sized.entrySet()) {
                Row lo = e.getValue().stream().min((a, b) -> Long.compare(a.items(), b.items())).orElseThrow();
                Row hi = e.getValue().stream().max((a, b) -> Long.compare(a.items(), b.items())).orElseThrow();
                if (lo == hi) {
                    continue;
                }
                out.printf(Locale.ROOT, "| %s | %,d → %,d | %s× | %s× |%n", e.getKey(), lo.items(), hi.items(),
                        fmt(hi.score() / lo.score()), fmt(hi.bytes() / lo.bytes()));
            }
        }
    }

    /**
     * The paired benchmarks' auxiliary counters ({@code baselineNs}, {@code compact4jNs},
     * {@code telemetryCpuNs}, ...): each counter against its baseline of the same kind
     * ({@code compact4jCpuNs} against {@code baselineCpuNs}), as the ratio of the sums over the
     * whole run and the lowest and highest ratio of one fork.
     */
    static void printPaired(JsonNode results, PrintStream out) {
        boolean header = false;
        for (JsonNode r : results) {
            JsonNode secondary = r.path("secondaryMetrics");
            for (Iterator<String> names = secondary.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                int upper = firstUpper(name);
                if (!name.endsWith("Ns") || name.startsWith("baseline") || upper < 0) {
                    continue;
                }
                JsonNode base = secondary.path("baseline" + name.substring(upper));
                if (base.isMissingNode()) {
                    continue;
                }
                if (!header) {
                    out.println();
                    out.println("| paired benchmark | params | counter | × baseline (whole run) | one fork: lowest – highest |");
                    out.println("|---|---|---|---:|---:|");
                    header = true;
                }
                double[] ratios = forkRatios(secondary.path(name).path("rawData"), base.path("rawData"));
                double lo = Double.MAX_VALUE;
                double hi = 0;
                for (double x : ratios) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                String full = r.path("benchmark").asText();
                out.printf(Locale.ROOT, "| %s | %s | %s | %s× | %s× – %s× |%n", full.substring(full.lastIndexOf('.',
                        full.lastIndexOf('.') - 1) + 1), params(r.path("params")), name, fmt3(sum(secondary.path(name).path("rawData"))
                        / sum(base.path("rawData"))), fmt3(lo), fmt3(hi));
            }
        }
    }

    /** A result's parameters as {@code name=value, ...}. */
    private static String params(JsonNode params) {
        StringBuilder p = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            p.append(p.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return p.toString();
    }

    private static int firstUpper(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isUpperCase(name.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** rawData is one array per fork of one value per iteration. */
    private static double[] forkRatios(JsonNode counter, JsonNode base) {
        double[] out = new double[counter.size()];
        for (int f = 0; f < counter.size(); f++) {
            out[f] = sum(counter.get(f)) / sum(base.get(f));
        }
        return out;
    }

    private static double sum(JsonNode values) {
        double total = 0;
        for (JsonNode v : values) {
            total += v.isArray() ? sum(v) : v.asDouble();
        }
        return total;
    }

    private static String fmt3(double ratio) {
        return String.format(Locale.ROOT, "%.3f", ratio);
    }

    /** The size a result was measured at: its {@code items}, {@code tokens} or {@code prefill} parameter, or -1. */
    private static long size(JsonNode params) {
        for (String name : new String[] {"items", "tokens", "prefill"}) {
            if (params.has(name)) {
                return params.path(name).asLong(-1);
            }
        }
        return -1;
    }

    private static String fmt(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, ratio < 10 ? "%.2f" : "%.0f", ratio);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%,.2f", v);
    }
}
