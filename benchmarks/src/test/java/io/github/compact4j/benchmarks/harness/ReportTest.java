package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final List<Row> ROWS = List.of(
            new Row("long-chat", Target.FULL_HISTORY, "–", "scripted local server", null, 315, 315, 53_366, 53_366,
                    0, 0, 0, null, 0, 7, 7, "", 0, ""),
            new Row("long-chat", Target.NATIVE, "scripted local server", "scripted local server", "gpt-5.1", 315, 12,
                    53_366, 6_000, 52_000, 1_500, 1, 0.08, 88, 7, 6, "", 31_391, ""),
            new Row("long-chat", Target.MASKING, Target.LOCAL, "scripted local server", "gpt-5.1", 315, 315, 53_366,
                    53_366, 0, 0, 0, null, 3, 7, 7, "nothing to mask, \"no tool outputs\"", 31_391, ""),
            new Row("long-chat", Target.HYBRID, "scripted local server", "scripted local server", "gpt-5.1", 315, 120,
                    53_366, 25_000, 30_000, 1_500, 1, 0.05, 60, 7, 5, "", 31_391, "summarizing"),
            new Row("coding-agent", Target.NATIVE, "scripted local server", "scripted local server", "gpt-5.1", 144, 8,
                    126_885, 2_368, 123_944, 1_513, 1, 0.1701, 367, 6, 4, "", 74_638, ""));

    private static Report.Header header() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("scripted local server", "the in-process scripted server: not a model");
        sources.put(Target.LOCAL, "no model called");
        return new Report.Header("2026-11-24T00:00:00Z", "scripted local server, no model called", sources,
                "java -cp benchmarks.jar Harness", "benchmarks/prices.properties", "2 cores",
                "the policy's target");
    }

    @Test
    void theMarkdownSaysWhereTheFiguresCameFromAndHasARowEach() {
        String md = Report.markdown(header(), ROWS);
        assertTrue(md.startsWith("# Savings and quality: scripted local server, no model called\n"), md);
        assertTrue(md.contains("  - **scripted local server**: the in-process scripted server: not a model\n"), md);
        assertTrue(md.contains("- Command: `java -cp benchmarks.jar Harness`"), md);
        assertTrue(md.contains("- Target of every compaction request: the policy's target\n"), md);
        assertTrue(md.contains("| long-chat | native /responses/compact | scripted local server | scripted local server "
                + "| 315 → 12 | 53,366 | 6,000 | 31,391 | 88.8% | 52,000 / 1,500 | 1 | $0.0800 | 88 ms | 6/7 (86%) |"), md);
        assertTrue(md.contains("| long-chat | none (full history) | – | scripted local server | 315 → 315 | 53,366 "
                + "| 53,366 | – | 0.0% | – | 0 | – | 0 ms | 7/7 (100%) |"), md);
        // the headline table: what each strategy saved, what it sent to a model, the probes kept
        assertTrue(md.contains("| long-chat | ToolOutputMaskingCompactor | 0.0% | 53,366 | 0 | 0 | nothing | 7/7 (100%) |"),
                md);
        assertTrue(md.contains("| long-chat | HybridCompactor (mask, then summarize) | 53.2% | 25,000 | 30,000 | 1 "
                + "| summarizing | 5/7 (71%) |"), md);
        assertTrue(md.indexOf("## Same probes, fewer tokens") < md.indexOf("## Every figure"), md);
        assertTrue(md.contains("- long-chat / ToolOutputMaskingCompactor: nothing to mask, \"no tool outputs\""), md);
        // by strategy: the two native rows add up
        assertTrue(md.contains("| native /responses/compact | scripted local server | 2 | 180,251 | 8,368 | 95.4% "
                + "| 175,944 | 2 | $0.2501 | 228 ms | 10/13 (77%) |"), md);
        String every = md.substring(md.indexOf("## Every figure"));
        long tableRows = every.lines().filter(l -> l.startsWith("| long-chat |") || l.startsWith("| coding-agent |")).count();
        assertEquals(ROWS.size(), tableRows);
    }

    @Test
    void theCsvHasAHeaderAndOneQuotedLinePerRow() {
        List<String> lines = Report.csv(ROWS).lines().toList();
        assertEquals(ROWS.size() + 1, lines.size());
        assertTrue(lines.get(0).startsWith("conversation,strategy,compacted_by,answered_by,model,items_before,"));
        assertEquals("long-chat,native /responses/compact,scripted local server,scripted local server,gpt-5.1,315,12,"
                + "53366,6000,0.8876,52000,1500,1,0.080000,88,7,6,,31391,52000,", lines.get(2));
        assertTrue(lines.get(3).endsWith(",,3,7,7,\"nothing to mask, \"\"no tool outputs\"\"\",31391,0,"), lines.get(3));
        assertTrue(lines.get(4).endsWith(",31391,30000,summarizing"), lines.get(4));
        assertTrue(lines.get(1).contains(",0,,0,7,7,"), "an unpriced row has an empty cost: " + lines.get(1));
    }

    @Test
    void writesAllThreeFilesAndThePngDecodesAtItsSize(@TempDir Path dir) throws Exception {
        List<Path> files = Report.write(dir.resolve("out"), header(), ROWS);
        assertEquals(List.of(Report.MARKDOWN, Report.CSV, Report.PNG),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        BufferedImage img = ImageIO.read(files.get(2).toFile());
        assertNotNull(img, "the PNG decodes");
        assertEquals(Chart.WIDTH, img.getWidth());
        assertEquals(Chart.HEIGHT, img.getHeight());
        // the bars are drawn: the first series' colour appears, and not only in the legend swatch
        int first = 0x4C78A8;
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == first) {
                    count++;
                }
            }
        }
        assertTrue(count > 12 * 12 * 2, "pixels of the first series: " + count);
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenNeeded() {
        assertEquals("plain", Report.field("plain"));
        assertEquals("\"a,b\"", Report.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Report.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Report.field("two\nlines"));
    }
}
