package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.reading.PlateCropper;
import java.util.Map;

/**
 * A tracklet as the pipeline hands it over for storage: with its best sighting's crop and full
 * frame (packed BGR), the plugins' attributes of that sighting, and the models that made it.
 */
public record FinishedTracklet(String taskId, Tracklet tracklet, Observation best, PlateCropper.Crop crop, byte[] frameBgr,
        int frameWidth, int frameHeight, Map<String, String> attributes, String detectorModel, String readerModel) {
}
