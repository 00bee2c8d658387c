package io.platewise.video;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The configured cameras (ConfigAdmin factory PID {@value #FACTORY_PID}), their state and their frames. */
@ProviderType
public interface CameraService {

    String FACTORY_PID = "io.platewise.video.camera";

    List<CameraStatus> cameras();

    Optional<CameraStatus> camera(String id);

    /**
     * The camera once it runs: ConfigAdmin hands a new configuration to the camera sources on a
     * thread of its own, so a camera whose configuration was created a moment ago may not be there
     * yet, and whoever answers its creation waits for it here.
     *
     * @return empty if no camera of that id appears within the timeout
     */
    Optional<CameraStatus> awaitCamera(String id, Duration timeout) throws InterruptedException;

    /** The newest analysed frame of a camera, if it has produced one. */
    Optional<VideoFrame> latestFrame(String id);

    /**
     * Delivers the camera's analysed frames to the listener on a thread of its own, newest first:
     * a frame not yet taken when a newer one arrives is dropped and counted. The subscription
     * outlives reconnects and reconfigurations of the camera, and may be made before it exists.
     */
    FrameSubscription subscribe(String cameraId, FrameListener listener);
}
