package io.platewise.recognition.api;

/** EventAdmin topics and properties of recognition. */
public final class RecognitionEvents {

    /** Posted for each finished tracklet, once it is stored. */
    public static final String TRACKLET_FINISHED = "io/platewise/recognition/tracklet/FINISHED";

    /** Posted when a task's model swap has ended (succeeded, rolled back or failed). */
    public static final String MODEL_SWAPPED = "io/platewise/recognition/task/MODEL_SWAPPED";

    public static final String TRACKLET_ID = "tracklet.id";
    public static final String TASK_ID = "task.id";
    public static final String CAMERA_ID = "camera.id";
    public static final String PLATE = "plate";
    public static final String CONFIDENCE = "confidence";
    public static final String START = "start";
    public static final String END = "end";
    /** Which way the car went: APPROACHING, RECEDING, CROSSING, STATIONARY or UNKNOWN (towards the camera, away, across, not at all). */
    public static final String HEADING = "heading";
    public static final String RESULT = "result";

    private RecognitionEvents() {
    }
}
