package io.platewise.video;

/** EventAdmin topics and properties of the video bundle. */
public final class VideoEvents {

    /** Posted when a camera changes state. */
    public static final String CAMERA_STATE_CHANGED = "io/platewise/video/camera/STATE_CHANGED";

    public static final String CAMERA_ID = "camera.id";
    public static final String STATE = "state";
    public static final String PREVIOUS_STATE = "previous.state";
    public static final String MESSAGE = "message";

    private VideoEvents() {
    }
}
