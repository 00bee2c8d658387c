package io.platewise.video;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The configured cameras (ConfigAdmin factory PID {@value #FACTORY_PID}), their state and their frames. */
@ProviderType
public interface CameraService {

    String FACTORY_PID = "io.platewise.video.camera";

    List<CameraStatus> cameras();

    Optional<CameraStatus> camera(String id);

    /** The newest analysed frame of a camera, if it has produced one. */
    Optional<VideoFrame> latestFrame(String id);

    /**
     * Delivers the camera's analysed frames to the listener on a thread of its own, newest first:
     * a frame not yet taken when a newer one arrives is dropped and counted. The subscription
     * outlives reconnects and reconfigurations of the camera, and may be made before it exists.
     */
    FrameSubscription subscribe(String cameraId, FrameListener listener);
}
