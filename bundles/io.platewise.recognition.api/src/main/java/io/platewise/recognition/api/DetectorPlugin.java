package io.platewise.recognition.api;

import io.platewise.video.VideoFrame;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A third party's detector, registered as an OSGi service (property {@code plugin.id}). Running
 * pipelines pick plugins up and drop them as the services come and go, without a restart. A plugin
 * may veto a frame before recognition (a motion gate that skips still frames) and may add
 * attributes to each detection (a vehicle colour classifier). It must be quick and thread-safe,
 * and must not keep the frame's pixels.
 */
@ConsumerType
public interface DetectorPlugin {

    /** Service property that names a plugin. */
    String PLUGIN_ID = "plugin.id";

    /** Whether recognition should run on this frame; the default runs it on every frame. */
    default boolean accept(VideoFrame frame) {
        return true;
    }

    /** Attributes per detection, in the order given (for example {@code vehicle.colour=red}); none by default. */
    default List<Map<String, String>> annotate(VideoFrame frame, List<PlateDetection> detections) {
        return List.of();
    }
}
