package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.video.FramePixels;
import java.util.List;
import java.util.Map;

/**
 * A tracklet as the pipeline hands it over for storage: with its best sighting's crop and full
 * frame (null where there is none; converted to BGR by whoever stores it, off the pipeline's
 * thread), the crops of some of its sightings spread over its time (oldest first; the best one's may
 * be among them, as the same crop), the plugins' attributes of the best sighting, and the models that made it.
 */
public record FinishedTracklet(String taskId, Tracklet tracklet, Observation best, PlateCropper.Crop crop, FramePixels frame,
        List<SightingCrop> sightingCrops, Map<String, String> attributes, String detectorModel, String readerModel) {

    /** One sighting's plate crop, the cut it was read from. */
    public record SightingCrop(Observation sighting, PlateCropper.Crop crop) {
    }

    public FinishedTracklet {
        sightingCrops = List.copyOf(sightingCrops);
    }

    /** The same without its full frame (for a recorder short of memory). */
    public FinishedTracklet withoutFrame() {
        return new FinishedTracklet(taskId, tracklet, best, crop, null, sightingCrops, attributes, detectorModel, readerModel);
    }

    /** Bytes its full frame takes as BGR; 0 without one. */
    public long frameBytes() {
        return frame == null ? 0 : 3L * frame.width() * frame.height();
    }
}
