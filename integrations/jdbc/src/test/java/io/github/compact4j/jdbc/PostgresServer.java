package io.github.compact4j.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests that extend with it: started once per test run by
 * {@code src/test/scripts/postgres.sh} (which installs Debian's package when it is missing) on a
 * free loopback port, and stopped when the run ends.
 *
 * <p>When it cannot be started the tests <b>fail</b>: CI must never pass without PostgreSQL. A
 * developer without root can point them at a server of their own
 * ({@code -Dcompact4j.postgres.url=jdbc:postgresql://127.0.0.1:5432/postgres?user=me}) or skip
 * them explicitly ({@code -Dcompact4j.postgres=skip}).
 */
final class PostgresServer implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresServer.class);

    /** Set once the server is up; read by the tests. */
    private static volatile DataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeFalse("skip".equals(System.getProperty("compact4j.postgres")),
                "PostgreSQL tests skipped on request (-Dcompact4j.postgres=skip)");
        Running running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class,
                k -> start(), Running.class);
        dataSource = running.dataSource;
    }

    /** @return the server's {@code postgres} database, as the superuser */
    static DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("extend the test class with PostgresServer");
        }
        return dataSource;
    }

    private static Running start() {
        String url = System.getProperty("compact4j.postgres.url");
        if (url != null && !url.isBlank()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            check(ds, "the server given by -Dcompact4j.postgres.url");
            return new Running(ds, null, null);
        }
        String script = System.getProperty("compact4j.postgres.script", "src/test/scripts/postgres.sh");
        Path dir;
        int port;
        try {
            dir = Files.createTempDirectory("compact4j-postgres-");
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL data directory", e);
        }
        try {
            run(script, "start", dir.toString(), Integer.toString(port));
        } catch (RuntimeException e) {
            discard(script, dir, e);
            throw e;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        Running running = new Running(ds, script, dir);
        try {
            check(ds, "the server postgres.sh started");
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /** Removes what a failed start left behind; the start's failure is what the tests report. */
    private static void discard(String script, Path dir, RuntimeException failure) {
        try {
            run(script, "stop", dir.toString());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            try {
                Files.deleteIfExists(dir);
            } catch (IOException again) {
                failure.addSuppressed(again);
            }
        }
    }

    private static void check(DataSource ds, String which) {
        try (Connection c = ds.getConnection()) {
            if (!c.isValid(10)) {
                throw new IllegalStateException("cannot use " + which);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + which + " (to skip the PostgreSQL tests:"
                    + " -Dcompact4j.postgres=skip)", e);
        }
    }

    static void run(String script, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // installing the package can take minutes on a fresh machine
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("postgres.sh " + args[0] + " did not finish in 10 minutes");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("postgres.sh " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "); the PostgreSQL tests need a server: run them as root on Debian (the"
                        + " script installs the postgresql package), give one with -Dcompact4j.postgres.url=..., or"
                        + " skip them with -Dcompact4j.postgres=skip.\n" + text);
            }
            if (!text.isEmpty()) {
                System.err.println(text);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /** The server of this run; stopped when JUnit closes the root store at the end. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final DataSource dataSource;
        final String script;
        final Path dir;

        Running(DataSource dataSource, String script, Path dir) {
            this.dataSource = dataSource;
            this.script = script;
            this.dir = dir;
        }

        @Override
        public void close() {
            if (dir != null) {
                run(script, "stop", dir.toString());
            }
        }
    }
}
