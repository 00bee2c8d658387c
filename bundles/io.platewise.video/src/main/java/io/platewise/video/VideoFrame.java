package io.platewise.video;

import java.time.Instant;

/**
 * One decoded frame, packed BGR (3 bytes per pixel, rows without padding).
 *
 * @param cameraId        the camera it came from
 * @param sequence        per camera, strictly increasing across reconnects and restarts of the source
 * @param streamTimeMicros the frame's presentation time in the stream, in microseconds
 * @param capturedAt      wall-clock time at which the frame was decoded
 */
public record VideoFrame(String cameraId, long sequence, long streamTimeMicros, Instant capturedAt, int width, int height,
        byte[] bgr) {
}
