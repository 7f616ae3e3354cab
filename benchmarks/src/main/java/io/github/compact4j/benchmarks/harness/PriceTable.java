package io.github.compact4j.benchmarks.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Prices per model, in US dollars per million input and output tokens, from a properties file the
 * user edits ({@code benchmarks/prices.properties}):
 *
 * <pre>
 * gpt-5.1.input = 1.25
 * gpt-5.1.output = 10.00
 * </pre>
 *
 * <p>A model without an entry of its own takes the entry of its longest prefix that ends before a
 * {@code -} ({@code gpt-5.1-2025-11-13} is priced as {@code gpt-5.1}); a model with no entry at
 * all has no cost estimate.
 */
public final class PriceTable {

    /** One model's prices. @param input $/1M input tokens @param output $/1M output tokens */
    public record Price(double input, double output) {}

    private final Map<String, Price> prices;
    private final String source;

    private PriceTable(Map<String, Price> prices, String source) {
        this.prices = Map.copyOf(prices);
        this.source = source;
    }

    /**
     * @param file the properties file
     * @return its prices
     * @throws IllegalArgumentException when a model has an input price without an output price, or
     *     a price is not a number
     */
    public static PriceTable load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + file, e);
        }
        return of(p, file.toString());
    }

    static PriceTable of(Properties p, String source) {
        Map<String, Price> prices = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.endsWith(".input")) {
                continue;
            }
            String model = key.substring(0, key.length() - ".input".length());
            String out = p.getProperty(model + ".output");
            if (out == null) {
                throw new IllegalArgumentException(source + ": " + key + " has no " + model + ".output");
            }
            try {
                prices.put(model, new Price(Double.parseDouble(p.getProperty(key).strip()), Double.parseDouble(out.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": the price of " + model + " is not a number", e);
            }
        }
        return new PriceTable(prices, source);
    }

    /** @param model a model @return its prices, by exact name or longest prefix */
    public Optional<Price> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        for (String m = model; !m.isEmpty(); ) {
            Price p = prices.get(m);
            if (p != null) {
                return Optional.of(p);
            }
            int dash = m.lastIndexOf('-');
            if (dash <= 0) {
                break;
            }
            m = m.substring(0, dash);
        }
        return Optional.empty();
    }

    /**
     * @param model the model
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     * @return the estimate in dollars, empty when the model has no price
     */
    public Optional<Double> cost(String model, long inputTokens, long outputTokens) {
        return find(model).map(p -> (inputTokens * p.input() + outputTokens * p.output()) / 1_000_000.0);
    }

    /** @return where the prices came from */
    public String source() {
        return source;
    }
}
