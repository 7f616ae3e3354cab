package io.github.compact4j.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The journal's contract on a real PostgreSQL server. */
@ExtendWith(PostgresServer.class)
class PostgresJournalTest extends JournalContract {

    @Override
    DataSource dataSource() {
        return PostgresServer.dataSource();
    }
}
