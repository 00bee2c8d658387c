package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.internal.detection.DetectionArea;

/**
 * What a task's pipeline has done since it started.
 *
 * @param skipped      frames a plugin vetoed (such as a motion gate on a still scene)
 * @param failed       frames the models failed on (each is logged)
 * @param reads        detections read (each from one to three cuts)
 * @param settledUnread detections left unread because their car's read was settled (see {@code settledReadInterval})
 * @param rejected     detections dropped as not plates: read with less than the task's
 *                     verificationThreshold or with fewer than its minCharacters
 * @param meanDetectMs mean detector time per processed frame
 * @param meanReadMs   mean time to read a plate: its cuts rectified and read ({@link io.platewise.recognition.internal.reading.PlateViews})
 * @param failingInARow frames failed since the last that did not (0 while frames succeed)
 * @param lastFailure  what the last failed frame failed with; null if none has
 * @param detectionArea what the detector looked at in the last frame it ran on (the whole frame, or its zones' area,
 *                     magnified: {@link DetectionArea}); null before the first
 */
public record PipelineStats(long frames, long skipped, long failed, long detections, long reads, long settledUnread, long rejected, long tracklets, int activeTracks,
        double meanDetectMs, double meanReadMs, double meanFrameMs, long swaps, long rollbacks, long failingInARow, String lastFailure,
        DetectionArea.Looked detectionArea) {
}
