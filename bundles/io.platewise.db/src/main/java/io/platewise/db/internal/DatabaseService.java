package io.platewise.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.platewise.core.DataFolder;
import io.platewise.core.InvalidInputException;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.db.MigrationFailedException;
import io.platewise.db.SchemaMigrations;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pooled DataSource of the server, offered as a service together with schema migrations
 * and a health check. Which database it talks to is decided by the configured JDBC URL alone.
 */
@Component(
        service = {DataSource.class, SchemaMigrations.class, HealthIndicator.class},
        configurationPid = "io.platewise.db",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "platewise.database=main")
@Designate(ocd = DatabaseConfiguration.class)
public final class DatabaseService implements DataSource, SchemaMigrations, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseService.class);
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final String url;
    private final String user;
    private final String password;
    private final HikariDataSource pool;
    private final String product;

    @Activate
    public DatabaseService(DatabaseConfiguration configuration, BundleContext context) throws SQLException {
        this(resolveUrl(configuration.url(), context), configuration.user(), configuration.password(),
                configuration.maxPoolSize(), configuration.connectionTimeoutSeconds());
    }

    DatabaseService(String url, String user, String password, int maxPoolSize, int connectionTimeoutSeconds)
            throws SQLException {
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new InvalidInputException("maxPoolSize must be between 1 and 200, was " + maxPoolSize);
        }
        if (connectionTimeoutSeconds < 1) {
            throw new InvalidInputException("connectionTimeoutSeconds must be at least 1, was " + connectionTimeoutSeconds);
        }
        this.url = url;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setPoolName("platewise");
        config.setDataSource(JdbcUrls.driverDataSource(url, user, password));
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeoutSeconds * 1000L);
        // Fail at start with the driver's own message rather than on the first request.
        config.setInitializationFailTimeout(connectionTimeoutSeconds * 1000L);
        this.pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            this.product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        }
        LOG.info("Database ready: {} at {}", product, JdbcUrls.redact(url));
    }

    private static String resolveUrl(String configured, BundleContext context) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return JdbcUrls.embeddedDefault(DataFolder.of(context));
    }

    @Deactivate
    void close() {
        pool.close();
        if (JdbcUrls.isEmbeddedHsqldb(url)) {
            // A clean SHUTDOWN checkpoints the file database so that the next start need not replay its log.
            try (Connection connection = JdbcUrls.driverDataSource(url, user, password).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("Embedded database did not shut down cleanly: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized int migrate(String module, Bundle owner, String location) {
        if (module == null || !MODULE_NAME.matcher(module).matches()) {
            throw new IllegalArgumentException("Module name must match " + MODULE_NAME + ", was " + module);
        }
        BundleScriptProvider scripts = new BundleScriptProvider(owner, location);
        if (scripts.scripts().isEmpty()) {
            throw new MigrationFailedException("No SQL scripts under '" + location + "' in bundle "
                    + owner.getSymbolicName() + " for module " + module, null);
        }
        try {
            MigrateResult result = configureFlyway(module, scripts).migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Schema of module {} migrated to version {} ({} scripts)", module, result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new MigrationFailedException("Schema migration of module " + module + " from bundle "
                    + owner.getSymbolicName() + " failed: " + e.getMessage(), e);
        }
    }

    private Flyway configureFlyway(String module, org.flywaydb.core.api.ResourceProvider scripts) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(Flyway.class.getClassLoader());
            return Flyway.configure(Flyway.class.getClassLoader())
                    .dataSource(pool)
                    .table("schema_history_" + module)
                    .resourceProvider(scripts)
                    .javaMigrationClassProvider(List::of)
                    // Several modules share one schema, each with its own history table: the first
                    // migration of a module meets a non-empty schema and must still run from V1.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("product", product);
        details.put("url", JdbcUrls.redact(url));
        HikariPoolMXBean stats = pool.getHikariPoolMXBean();
        if (stats != null) {
            details.put("activeConnections", stats.getActiveConnections());
            details.put("idleConnections", stats.getIdleConnections());
            details.put("waitingThreads", stats.getThreadsAwaitingConnection());
        }
        try (Connection connection = pool.getConnection()) {
            if (connection.isValid(2)) {
                return List.of(HealthCheck.up("database", true, "Connected to " + product, details));
            }
            return List.of(HealthCheck.down("database", true, "Connection to the database is not valid", details));
        } catch (SQLException e) {
            return List.of(HealthCheck.down("database", true, "Cannot reach the database: " + e.getMessage(), details));
        }
    }

    // DataSource, delegated to the pool.

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        throw new SQLFeatureNotSupportedException("The pooled DataSource uses the configured credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
