package io.platewise.video;

/** Where a camera source stands. */
public enum CameraState {
    /** Opening the source. */
    CONNECTING,
    /** Frames are being decoded. */
    STREAMING,
    /** The last attempt failed; the source waits before trying again. */
    BACKING_OFF,
    /** The source cannot work as configured (unsupported codec or scheme, no video); it waits for a new configuration. */
    FAILED,
    /** A file that does not loop has been played to its end. */
    ENDED
}
