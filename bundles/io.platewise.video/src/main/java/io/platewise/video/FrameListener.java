package io.platewise.video;

import org.osgi.annotation.versioning.ConsumerType;

/** Takes frames of one camera, on a thread of its own subscription. */
@ConsumerType
@FunctionalInterface
public interface FrameListener {

    /** Called with the newest frame; while it runs, newer frames replace each other (keep-latest). */
    void onFrame(VideoFrame frame);
}
