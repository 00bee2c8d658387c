package io.platewise.recognition.internal.pipeline;

/** Takes finished tracklets off the frame thread (storage, events, webhooks). */
@FunctionalInterface
public interface TrackletSink {

    void accept(FinishedTracklet tracklet);
}
