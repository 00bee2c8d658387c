package io.platewise.video;

import java.time.Instant;

/**
 * One decoded frame.
 *
 * @param cameraId        the camera it came from
 * @param sequence        per camera, strictly increasing across reconnects and restarts of the source
 * @param streamTimeMicros the frame's presentation time in the stream, in microseconds
 * @param capturedAt      wall-clock time at which the frame was decoded
 * @param pixels          its pixels: packed BGR, or planes that are converted to BGR when first asked
 */
public record VideoFrame(String cameraId, long sequence, long streamTimeMicros, Instant capturedAt, int width, int height,
        FramePixels pixels) {

    public VideoFrame {
        if (pixels.width() != width || pixels.height() != height) {
            throw new IllegalArgumentException("Pixels of " + pixels.width() + "x" + pixels.height() + " in a " + width + "x" + height
                    + " frame");
        }
    }

    /** A frame of the size of its pixels. */
    public VideoFrame(String cameraId, long sequence, long streamTimeMicros, Instant capturedAt, FramePixels pixels) {
        this(cameraId, sequence, streamTimeMicros, capturedAt, pixels.width(), pixels.height(), pixels);
    }

    /** A frame of packed BGR (3 bytes per pixel, rows without padding). */
    public VideoFrame(String cameraId, long sequence, long streamTimeMicros, Instant capturedAt, int width, int height, byte[] bgr) {
        this(cameraId, sequence, streamTimeMicros, capturedAt, width, height, FramePixels.ofBgr(bgr, width, height));
    }

    /** Packed BGR (see {@link FramePixels#bgr()}): converted on the first call where the frame came as planes. */
    public byte[] bgr() {
        return pixels.bgr();
    }
}
