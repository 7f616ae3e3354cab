package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs' benchmark charts are drawn from JMH's JSON as it is written, and from nothing else. */
class BenchmarkChartsTest {

    private static String result(String method, String param, String value, double score, String unit, double bytes) {
        return "{\"benchmark\":\"io.github.compact4j.benchmarks." + method + "\",\"mode\":\"avgt\",\"params\":{\""
                + param + "\":\"" + value + "\"},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,"
                + "\"scoreUnit\":\"" + unit + "\"},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + bytes
                + ",\"scoreUnit\":\"B/op\"}}}";
    }

    @Test
    void readsOneClassOfAJmhRunAndDrawsBothCharts(@TempDir Path dir) throws Exception {
        Path client = dir.resolve("jmh-client.json");
        Files.writeString(client, "[" + String.join(",",
                result("CompactClientBenchmark.baselineBareOkHttp", "items", "10", 100, "us/op", 1000),
                result("CompactClientBenchmark.compact4j", "items", "10", 90, "us/op", 1500),
                result("CompactClientBenchmark.openaiJava", "items", "10", 130, "us/op", 3000),
                result("CompactClientBenchmark.baselineBareOkHttp", "items", "100", 400, "us/op", 2000),
                result("CompactClientBenchmark.compact4j", "items", "100", 360, "us/op", 4000),
                result("CompactClientBenchmark.openaiJava", "items", "100", 400, "us/op", 20000),
                result("TokenCountingBenchmark.running", "items", "1000", 1, "ns/op", 0)) + "]");
        Path scaling = dir.resolve("jmh-scaling.json");
        Files.writeString(scaling, "[" + String.join(",",
                result("StrategyScalingBenchmark.masking", "tokens", "100000", 20, "ms/op", 7e6),
                result("StrategyScalingBenchmark.summarizingAlgorithmOnly", "tokens", "100000", 60, "ms/op", 2e7),
                result("StrategyScalingBenchmark.masking", "tokens", "1000000", 190, "ms/op", 6e7),
                result("StrategyScalingBenchmark.summarizingAlgorithmOnly", "tokens", "1000000", 650, "ms/op", 2e8))
                + "]");

        List<BenchmarkCharts.Result> rs = BenchmarkCharts.read(client, "CompactClientBenchmark");
        assertEquals(6, rs.size(), "only that class's results");
        assertEquals(new BenchmarkCharts.Result("compact4j", "100", 360, "us/op", 4000), rs.get(4));
        double[][] ratio = BenchmarkCharts.relativeToFirst(new double[][] {{100, 400}, {90, 360}, {130, 400}});
        assertArrayEquals(new double[] {0.9, 0.9}, ratio[1], 1e-9);
        assertArrayEquals(new double[] {1.3, 1.0}, ratio[2], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> BenchmarkCharts.read(client, "ManagedConversationBenchmark"));

        BenchmarkCharts.main(new String[] {client.toString(), scaling.toString(), dir.resolve("out").toString()});
        for (String name : List.of(BenchmarkCharts.NATIVE_CALL, BenchmarkCharts.SCALING)) {
            BufferedImage img = ImageIO.read(dir.resolve("out").resolve(name).toFile());
            assertNotNull(img, name + " decodes");
            assertEquals(Chart.WIDTH, img.getWidth());
            int orange = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((img.getRGB(x, y) & 0xFFFFFF) == 0xF58518) {
                        orange++;
                    }
                }
            }
            assertTrue(orange > 2_000, name + ": the second series' bars are drawn (" + orange + " pixels)");
        }
    }
}
