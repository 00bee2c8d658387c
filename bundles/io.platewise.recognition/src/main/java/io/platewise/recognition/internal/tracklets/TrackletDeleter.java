package io.platewise.recognition.internal.tracklets;

import io.platewise.filestore.FileStore;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes stored tracklets with their images: the rows first, so that no tracklet is ever served without its images. */
public final class TrackletDeleter {

    private static final Logger LOG = LoggerFactory.getLogger(TrackletDeleter.class);

    private final TrackletStore store;
    private final FileStore files;

    public TrackletDeleter(TrackletStore store, FileStore files) {
        this.store = store;
        this.files = files;
    }

    /** @return how many rows were deleted; an image that cannot be deleted is left behind and logged. */
    public int delete(List<TrackletStore.Stored> tracklets) throws SQLException {
        if (tracklets.isEmpty()) {
            return 0;
        }
        int deleted = store.delete(tracklets.stream().map(TrackletStore.Stored::id).toList());
        for (TrackletStore.Stored tracklet : tracklets) {
            for (String file : tracklet.files()) {
                deleteFile(file, tracklet.id());
            }
        }
        return deleted;
    }

    private void deleteFile(String reference, String trackletId) {
        try {
            files.delete(reference);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Tracklet {} was deleted but its file {} could not be: {}", trackletId, reference, e.toString());
        }
    }
}
