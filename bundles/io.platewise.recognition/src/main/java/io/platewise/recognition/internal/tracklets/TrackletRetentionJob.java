package io.platewise.recognition.internal.tracklets;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.db.SchemaMigrations;
import io.platewise.filestore.FileStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TrackletRetention} now and then, with the settings of its configuration, and says in
 * {@code /api/health} what it last did.
 */
@Component(service = HealthIndicator.class, immediate = true, configurationPid = "io.platewise.recognition.retention",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TrackletRetentionConfiguration.class)
public final class TrackletRetentionJob implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(TrackletRetentionJob.class);
    private static final int BATCH = 200;

    private final TrackletRetention retention;
    private final RetentionHealth health;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "platewise-retention"));

    @Activate
    public TrackletRetentionJob(TrackletRetentionConfiguration configuration, @Reference DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference FileStore files, BundleContext context) {
        migrations.migrate("recognition", context.getBundle(), "db/migration/recognition");
        Duration maxAge = configuration.days() > 0 ? Duration.ofDays(configuration.days()) : null;
        long keepFree = Math.max(0, configuration.keepFreeMegabytes()) << 20;
        this.retention = new TrackletRetention(new TrackletStore(dataSource), files, maxAge, keepFree, () -> usableBytes(files),
                Clock.systemUTC(), BATCH);
        int interval = Math.max(1, configuration.intervalSeconds());
        int firstRunIn = Math.min(60, interval);
        this.health = new RetentionHealth(retention, interval, Duration.ofSeconds(firstRunIn), Clock.systemUTC());
        scheduler.scheduleWithFixedDelay(this::runOnce, firstRunIn, interval, TimeUnit.SECONDS);
    }

    private void runOnce() {
        try {
            health.ran(retention.run());
        } catch (Exception e) {
            health.failed(e);
            LOG.error("Tracklet retention failed; it runs again at its next interval: {}", e.toString());
        }
    }

    private static long usableBytes(FileStore files) {
        try {
            return files.usableBytes();
        } catch (IOException e) {
            // Unknown: deleting for space on a guess would lose tracklets for nothing.
            return Long.MAX_VALUE;
        }
    }

    @Override
    public List<HealthCheck> check() {
        return List.of(health.check());
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }
}
