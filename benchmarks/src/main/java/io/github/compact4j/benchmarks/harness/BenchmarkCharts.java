package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Draws the charts of {@code docs/benchmarks.md} from committed JMH results, with the savings
 * harness's {@link Chart}: the native compaction call (compact4j against the floor and openai-java,
 * by conversation size) and the strategies' scaling (masking and summarizing, 100k to 1M tokens).
 * It measures nothing itself: each chart names the run it was drawn from.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.compact4j.benchmarks.harness.BenchmarkCharts \
 *     benchmarks/results/jmh-20261124T020955Z.json benchmarks/results/jmh-20261124T021827Z.json docs
 * </pre>
 */
public final class BenchmarkCharts {

    /** The native-call chart's file name. */
    public static final String NATIVE_CALL = "benchmarks-native-call.png";
    /** The scaling chart's file name. */
    public static final String SCALING = "benchmarks-strategy-scaling.png";

    private static final int HEIGHT = 1000;

    private BenchmarkCharts() {}

    /**
     * One JMH result: the benchmark's method, its parameter value, the score and the bytes
     * allocated per operation.
     *
     * @param method the benchmark method, e.g. {@code compact4j}
     * @param param the value of its one parameter, e.g. {@code 1000}
     * @param score the primary score
     * @param unit the score's unit, e.g. {@code us/op}
     * @param bytesPerOp {@code gc.alloc.rate.norm}, NaN when the run had no GC profiler
     */
    record Result(String method, String param, double score, String unit, double bytesPerOp) {}

    /**
     * @param args the native-call run's JSON, the scaling run's JSON, the output directory
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchmarkCharts <CompactClientBenchmark run .json> <StrategyScalingBenchmark run"
                    + " .json> <output directory>");
            System.exit(2);
        }
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        nativeCall(Path.of(args[0]), out.resolve(NATIVE_CALL));
        scaling(Path.of(args[1]), out.resolve(SCALING));
        System.out.println("charts: " + out.resolve(NATIVE_CALL) + ", " + out.resolve(SCALING));
    }

    /**
     * @param json a JMH JSON result file
     * @param benchmarkClass the simple name of the benchmark class to read
     * @return its results, in file order
     * @throws IOException when the file cannot be read
     */
    static List<Result> read(Path json, String benchmarkClass) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Result> out = new ArrayList<>();
        for (JsonNode b : root) {
            String[] name = b.path("benchmark").asText().split("\\.");
            if (name.length < 2 || !name[name.length - 2].equals(benchmarkClass)) {
                continue;
            }
            JsonNode params = b.path("params");
            String param = params.isObject() && params.size() > 0 ? params.elements().next().asText() : "";
            JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            out.add(new Result(name[name.length - 1], param, b.path("primaryMetric").path("score").asDouble(),
                    b.path("primaryMetric").path("scoreUnit").asText(), alloc.isNumber() ? alloc.asDouble() : Double.NaN));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(json + " has no " + benchmarkClass + " results");
        }
        return out;
    }

    /** compact4j against the floor and openai-java: time, time relative to the floor, bytes relative to the floor. */
    static void nativeCall(Path json, Path png) throws IOException {
        List<Result> rs = read(json, "CompactClientBenchmark");
        Map<String, String> clients = new LinkedHashMap<>();
        clients.put("baselineBareOkHttp", "floor: bare OkHttp + Jackson");
        clients.put("compact4j", "compact4j OpenAiCompactClient");
        clients.put("openaiJava", "openai-java 4.101.0");
        List<String> sizes = rs.stream().map(Result::param).distinct().toList();
        double[][] time = table(rs, clients, sizes, Result::score);
        double[][] alloc = table(rs, clients, sizes, Result::bytesPerOp);
        double[][] timeRatio = relativeToFirst(time);
        double[][] allocRatio = relativeToFirst(alloc);
        List<String> groups = sizes.stream().map(s -> String.format(Locale.ROOT, "%,d items", Integer.parseInt(s))).toList();
        List<String> series = List.copyOf(clients.values());
        DoubleFunction<String> times = v -> String.format(Locale.ROOT, v < 10 ? "%.2f×" : "%.0f×", v);
        Chart.write(png, "One /responses/compact call, by conversation size (JMH run " + runName(json) + ")", Chart.WIDTH,
                HEIGHT, List.of(
                        new Chart.Panel("time per call (" + rs.get(0).unit() + ", log scale)", groups, series, time,
                                Chart.Scale.LOG, 0, v -> String.format(Locale.ROOT, "%,.0f", v), Double.NaN),
                        new Chart.Panel("time relative to the floor (×; dashed: the floor)", groups, series, timeRatio,
                                Chart.Scale.LINEAR, 2.0, v -> String.format(Locale.ROOT, "%.2f×", v), 1.0),
                        new Chart.Panel("bytes allocated per call relative to the floor (×, log scale)", groups, series,
                                allocRatio, Chart.Scale.LOG, 0, times, 1.0)));
    }

    /** Masking and summarizing (algorithm only) from 100k to 1M tokens: time, time per token, bytes. */
    static void scaling(Path json, Path png) throws IOException {
        List<Result> rs = read(json, "StrategyScalingBenchmark");
        Map<String, String> strategies = new LinkedHashMap<>();
        strategies.put("masking", "masking (ToolOutputMaskingCompactor)");
        strategies.put("summarizingAlgorithmOnly", "summarizing, algorithm only (in-process summarizer)");
        List<String> sizes = rs.stream().map(Result::param).distinct().toList();
        double[][] time = table(rs, strategies, sizes, Result::score);
        double[][] perToken = new double[time.length][sizes.size()];
        double[][] megabytes = table(rs, strategies, sizes, r -> r.bytesPerOp() / 1_000_000);
        for (int s = 0; s < time.length; s++) {
            for (int g = 0; g < sizes.size(); g++) {
                // ms per call over thousands of tokens: µs per 1,000 tokens; flat bars are linear growth
                perToken[s][g] = time[s][g] * 1000 / (Double.parseDouble(sizes.get(g)) / 1000);
            }
        }
        List<String> groups = sizes.stream().map(s -> String.format(Locale.ROOT, "%,d tokens", Integer.parseInt(s)))
                .toList();
        List<String> series = List.copyOf(strategies.values());
        Chart.write(png, "Masking and summarizing, 100k to 1M tokens (JMH run " + runName(json) + ")", Chart.WIDTH, HEIGHT,
                List.of(
                        new Chart.Panel("time per call (" + rs.get(0).unit() + ")", groups, series, time,
                                Chart.Scale.LINEAR, 0, v -> String.format(Locale.ROOT, "%,.0f", v), Double.NaN),
                        new Chart.Panel("time per 1,000 tokens (µs; level bars: time grows linearly)", groups, series,
                                perToken, Chart.Scale.LINEAR, 0, v -> String.format(Locale.ROOT, "%.0f", v), Double.NaN),
                        new Chart.Panel("bytes allocated per call (MB)", groups, series, megabytes, Chart.Scale.LINEAR, 0,
                                v -> String.format(Locale.ROOT, "%,.0f", v), Double.NaN)));
    }

    private static double[][] table(List<Result> rs, Map<String, String> series, List<String> groups,
            java.util.function.ToDoubleFunction<Result> value) {
        List<String> keys = List.copyOf(series.keySet());
        double[][] v = new double[keys.size()][groups.size()];
        for (double[] line : v) {
            Arrays.fill(line, Double.NaN);
        }
        for (Result r : rs) {
            int s = keys.indexOf(r.method());
            if (s >= 0) {
                v[s][groups.indexOf(r.param())] = value.applyAsDouble(r);
            }
        }
        return v;
    }

    /** Each value over the first series' value in the same group. */
    static double[][] relativeToFirst(double[][] v) {
        double[][] out = new double[v.length][];
        for (int s = 0; s < v.length; s++) {
            out[s] = new double[v[s].length];
            for (int g = 0; g < v[s].length; g++) {
                out[s][g] = v[s][g] / v[0][g];
            }
        }
        return out;
    }

    private static String runName(Path json) {
        String f = json.getFileName().toString();
        return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
    }
}
