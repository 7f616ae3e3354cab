package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium and checks the chart was drawn: the screenshot is
 * kept as {@code target/report-screenshot.png}. Skipped when Chromium is not installed
 * ({@code apt-get install chromium}).
 */
class ReportScreenshotIT {

    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

    @TempDir
    Path dir;

    static Path chromium() {
        for (String c : List.of(System.getenv().getOrDefault("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (!c.isEmpty() && Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    @Test
    void theChartIsRendered() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed");
        Scenario run = Scenario.run(dir, Logs.shipped("logback-json.xml"), "app.jsonl");
        Path html = dir.resolve("report.html");
        Cli.Result r = Jar.run(dir, "journal", "report", run.a.journal.toString(), "--logs", run.log.toString(),
                "-o", html.toString());
        assertEquals(0, r.code(), r.toString());

        Path png = SCREENSHOT.toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"), "--screenshot=" + png,
                "--window-size=1200,900", html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "chromium did not finish");
        assertTrue(Files.isRegularFile(png), "no screenshot; chromium said:\n" + Files.readString(dir.resolve("chromium.log")));

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        // the chart sits at the top left of the page, 1100 x 420 CSS pixels below the heading
        int nonWhite = 0;
        int series = 0;
        int markers = 0;
        for (int y = 0; y < Math.min(img.getHeight(), 520); y++) {
            for (int x = 0; x < Math.min(img.getWidth(), 1150); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
                if (near(rgb, 0x1f5fbf)) {
                    series++;
                }
                if (near(rgb, 0x2a9d4a)) {
                    markers++;
                }
            }
        }
        assertTrue(nonWhite > 5_000, "the page is blank: " + nonWhite + " non-white pixels");
        assertTrue(series > 300, "the token series is not drawn: " + series + " pixels of its colour");
        assertTrue(markers > 100, "the compaction markers are not drawn: " + markers + " pixels of their colour");
    }

    private static boolean near(int rgb, int target) {
        int dr = Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff));
        int dg = Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff));
        int db = Math.abs((rgb & 0xff) - (target & 0xff));
        return dr + dg + db < 60;
    }
}
