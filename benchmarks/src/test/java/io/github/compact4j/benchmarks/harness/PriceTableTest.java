package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private static PriceTable table(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return PriceTable.of(p, "test");
    }

    @Test
    void costIsTokensTimesPricePerMillion() {
        PriceTable t = table("gpt-5.1.input", "1.25", "gpt-5.1.output", "10.00");
        assertEquals(1.25 * 0.1 + 10.0 * 0.002, t.cost("gpt-5.1", 100_000, 2_000).orElseThrow(), 1e-12);
    }

    @Test
    void aModelWithoutAnEntryUsesItsLongestPrefix() {
        PriceTable t = table("gpt-5.input", "1", "gpt-5.output", "2", "gpt-5-mini.input", "0.25", "gpt-5-mini.output", "2");
        assertEquals(0.25, t.find("gpt-5-mini-2025-08-07").orElseThrow().input());
        assertEquals(1.0, t.find("gpt-5-2025-08-07").orElseThrow().input());
        assertTrue(t.find("claude-haiku-4-5").isEmpty());
        assertTrue(t.cost("llama3.1", 10, 10).isEmpty());
    }

    @Test
    void anInputPriceWithoutAnOutputPriceIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table("m.input", "1"));
        assertTrue(e.getMessage().contains("m.output"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table("m.input", "one", "m.output", "2"));
    }

    @Test
    void theShippedTableLoadsAndPricesTheDefaultModels() {
        PriceTable t = PriceTable.load(Path.of("prices.properties"));
        for (String model : new String[] {SavingsHarness.SCRIPTED_MODEL, "gpt-5.1", "claude-sonnet-4-5", "gpt-5-mini"}) {
            assertTrue(t.find(model).isPresent(), model);
        }
    }
}
