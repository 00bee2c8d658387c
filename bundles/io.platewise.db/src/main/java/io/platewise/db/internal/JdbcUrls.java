package io.platewise.db.internal;

import io.platewise.core.InvalidInputException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Turns a configured JDBC URL into a driver DataSource, and knows the embedded default. */
final class JdbcUrls {

    static final String HSQLDB_PREFIX = "jdbc:hsqldb:";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    private JdbcUrls() {
    }

    /** The embedded file database: MVCC for concurrent readers, every commit written through. */
    static String embeddedDefault(Path dataFolder) {
        Path file = dataFolder.resolve("db").resolve("platewise").toAbsolutePath();
        return HSQLDB_PREFIX + "file:" + file + ";hsqldb.tx=mvcc;hsqldb.write_delay=false;hsqldb.lock_file=true;hsqldb.default_table_type=cached";
    }

    static boolean isEmbeddedHsqldb(String url) {
        return url.startsWith(HSQLDB_PREFIX + "file:");
    }

    static DataSource driverDataSource(String url, String user, String password) {
        if (url.startsWith(HSQLDB_PREFIX)) {
            org.hsqldb.jdbc.JDBCDataSource dataSource = new org.hsqldb.jdbc.JDBCDataSource();
            dataSource.setUrl(url);
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        }
        if (url.startsWith(POSTGRESQL_PREFIX)) {
            // In its own class so that the PostgreSQL driver is only loaded when it is configured.
            return PostgresDataSources.create(url, user, password);
        }
        throw new InvalidInputException("Unsupported JDBC URL '" + redact(url)
                + "': use jdbc:hsqldb:... (embedded) or jdbc:postgresql://host:port/database");
    }

    /** The URL as it may appear in logs and health output. */
    static String redact(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }
}
