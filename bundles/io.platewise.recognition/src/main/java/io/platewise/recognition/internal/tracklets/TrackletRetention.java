package io.platewise.recognition.internal.tracklets;

import io.platewise.filestore.FileStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored tracklets, their rows and their images: those older than the age limit, and the oldest
 * ones while the disk that holds the images is short of free space, as a recorder drops its oldest
 * footage, so that new tracklets keep being stored instead of being refused by a full disk.
 */
final class TrackletRetention {

    private static final Logger LOG = LoggerFactory.getLogger(TrackletRetention.class);

    /**
     * What one run deleted.
     *
     * @param stillShort the disk was still short of free space when nothing of ours was left to delete
     */
    record Outcome(int expired, int forSpace, boolean stillShort) {
    }

    private final TrackletStore store;
    private final TrackletDeleter deleter;
    /** Null: kept whatever their age. */
    private final Duration maxAge;
    /** 0: never deleted for space. */
    private final long keepFreeBytes;
    private final LongSupplier usableBytes;
    private final Clock clock;
    private final int batch;

    TrackletRetention(TrackletStore store, FileStore files, Duration maxAge, long keepFreeBytes, LongSupplier usableBytes, Clock clock,
            int batch) {
        this.store = store;
        this.deleter = new TrackletDeleter(store, files);
        this.maxAge = maxAge;
        this.keepFreeBytes = keepFreeBytes;
        this.usableBytes = usableBytes;
        this.clock = clock;
        this.batch = batch;
    }

    /** Null: kept whatever their age. */
    Duration maxAge() {
        return maxAge;
    }

    long keepFreeBytes() {
        return keepFreeBytes;
    }

    Outcome run() throws SQLException {
        int expired = 0;
        if (maxAge != null) {
            Instant cutoff = clock.instant().minus(maxAge);
            List<TrackletStore.Stored> old;
            do {
                old = store.oldest(cutoff, batch);
                expired += deleter.delete(old);
            } while (old.size() == batch);
        }
        int forSpace = 0;
        boolean stillShort = false;
        while (keepFreeBytes > 0 && usableBytes.getAsLong() < keepFreeBytes) {
            List<TrackletStore.Stored> oldest = store.oldest(null, batch);
            if (oldest.isEmpty()) {
                // Nothing of ours left to free; the file store's reserve refuses new images from here on.
                stillShort = true;
                break;
            }
            forSpace += deleter.delete(oldest);
        }
        if (expired > 0) {
            LOG.info("Deleted {} tracklets older than {} days", expired, maxAge.toDays());
        }
        if (forSpace > 0) {
            LOG.warn("Deleted the {} oldest tracklets: the disk of the file store had less than {} MiB free", forSpace,
                    keepFreeBytes >> 20);
        }
        return new Outcome(expired, forSpace, stillShort);
    }
}
