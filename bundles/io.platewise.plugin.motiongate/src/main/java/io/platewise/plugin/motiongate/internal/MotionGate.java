package io.platewise.plugin.motiongate.internal;

import io.platewise.recognition.api.DetectorPlugin;
import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A motion gate: compares a 64x36 grey thumbnail of each frame with the camera's previous one and
 * vetoes recognition when the scene is still, which saves the detector's time on empty roads.
 * Keeps only thumbnails (never the frames' pixels), one per camera.
 */
@Component(service = DetectorPlugin.class, property = DetectorPlugin.PLUGIN_ID + "=motion-gate",
        configurationPid = "io.platewise.plugin.motiongate", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MotionGateConfiguration.class)
public final class MotionGate implements DetectorPlugin {

    static final int THUMB_WIDTH = 64;
    static final int THUMB_HEIGHT = 36;

    private record Last(float[] thumbnail, long acceptedAtMillis) {
    }

    private final double threshold;
    private final long maxSkipMillis;
    private final Map<String, Last> cameras = new ConcurrentHashMap<>();

    @Activate
    public MotionGate(MotionGateConfiguration configuration) {
        this(configuration.threshold(), configuration.maxSkipMillis());
    }

    MotionGate(double threshold, long maxSkipMillis) {
        this.threshold = threshold;
        this.maxSkipMillis = maxSkipMillis;
    }

    @Override
    public boolean accept(VideoFrame frame) {
        float[] thumbnail = thumbnail(frame);
        long now = frame.capturedAt().toEpochMilli();
        Last last = cameras.get(frame.cameraId());
        boolean moving = last == null || meanDifference(thumbnail, last.thumbnail()) >= threshold
                || now - last.acceptedAtMillis() >= maxSkipMillis;
        cameras.put(frame.cameraId(), new Last(thumbnail, moving ? now : last.acceptedAtMillis()));
        return moving;
    }

    /**
     * Box-filtered grey thumbnail: each cell is the mean of the frame's pixels it covers (sampled
     * every other pixel). From the luma plane where the frame kept its planes, so that the gate
     * never makes the frame convert to BGR (a still frame it vetoes is then never converted).
     */
    static float[] thumbnail(VideoFrame frame) {
        float[] sums = new float[THUMB_WIDTH * THUMB_HEIGHT];
        int[] counts = new int[sums.length];
        int width = frame.width();
        FramePixels.Yuv420 planes = frame.pixels().yuv420();
        byte[] luma = planes == null ? null : planes.y();
        byte[] bgr = planes == null ? frame.bgr() : null;
        // Luma in grey levels: limited range stretches 16-235 to 0-255.
        float lumaScale = planes == null ? 1f : planes.lumaScale();
        int lumaOffset = planes == null ? 0 : planes.lumaBlack();
        for (int y = 0; y < frame.height(); y += 2) {
            int cellY = y * THUMB_HEIGHT / frame.height();
            for (int x = 0; x < width; x += 2) {
                int cell = cellY * THUMB_WIDTH + x * THUMB_WIDTH / width;
                if (luma != null) {
                    sums[cell] += ((luma[y * width + x] & 0xff) - lumaOffset) * lumaScale;
                } else {
                    int p = 3 * (y * width + x);
                    sums[cell] += 0.114f * (bgr[p] & 0xff) + 0.587f * (bgr[p + 1] & 0xff) + 0.299f * (bgr[p + 2] & 0xff);
                }
                counts[cell]++;
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = counts[i] == 0 ? 0 : sums[i] / counts[i];
        }
        return sums;
    }

    static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
