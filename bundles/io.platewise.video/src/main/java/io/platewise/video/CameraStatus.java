package io.platewise.video;

import java.time.Instant;

/**
 * The state of one camera.
 *
 * @param source       the configured URL or file, with any password removed
 * @param message      in plain words, the last error or what the source is doing
 * @param decodePath   {@code software} or {@code nvdec}, with the decoder's name
 * @param decoded      frames decoded since the camera was configured
 * @param sampled      of those, frames chosen for analysis and converted
 * @param delivered    frames taken by consumers
 * @param dropped      frames replaced by a newer one before a consumer took them (keep-latest)
 * @param reconnects   attempts after the first
 */
public record CameraStatus(String id, String name, String source, CameraState state, String message, Instant since,
        String decodePath, String codec, int width, int height, double sourceFps, long decoded, long sampled,
        long delivered, long dropped, long reconnects) {
}
