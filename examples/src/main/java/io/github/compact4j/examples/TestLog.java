package io.github.compact4j.examples;

/** The examples' tool output: a test run's log, long as real ones are (about 4,000 tokens). */
final class TestLog {

    private static final String TEXT = build();

    private TestLog() {}

    static String text() {
        return TEXT;
    }

    private static String build() {
        StringBuilder sb = new StringBuilder("[INFO] Scanning for projects...\n[INFO] Building billing 1.4.2\n");
        String[] classes = {"InvoiceTest", "TaxRateTest", "CurrencyTest", "LineItemTest", "DiscountTest", "LedgerTest"};
        for (int i = 0; i < 150; i++) {
            String c = classes[i % classes.length];
            sb.append("[INFO] Running com.acme.billing.").append(c).append(" #").append(i).append('\n');
            if (i == 97) {
                sb.append("[ERROR] InvoiceTest.totalRoundsHalfEven:41 expected:<10.01> but was:<10.00>\n");
            }
        }
        return sb.append("[ERROR] Tests run: 150, Failures: 1, Errors: 0, Skipped: 0\n[INFO] BUILD FAILURE\n").toString();
    }
}
