package io.platewise.video.internal;

import io.platewise.video.FramePixels;

/**
 * A frame kept as the decoder's 4:2:0 planes (1.4 MB at 720p, against 2.8 MB of BGR), converted to
 * BGR by its decoder's {@link BgrConversion} the first time anyone asks, once for all who share it.
 */
final class PlanarPixels implements FramePixels {

    private final Yuv420 planes;
    private final BgrConversion conversion;
    private volatile byte[] bgr;

    PlanarPixels(Yuv420 planes, BgrConversion conversion) {
        this.planes = planes;
        this.conversion = conversion;
    }

    @Override
    public int width() {
        return planes.width();
    }

    @Override
    public int height() {
        return planes.height();
    }

    @Override
    public byte[] bgr() {
        byte[] converted = bgr;
        if (converted == null) {
            synchronized (this) {
                converted = bgr;
                if (converted == null) {
                    converted = conversion.toBgr(planes);
                    bgr = converted;
                }
            }
        }
        return converted;
    }

    @Override
    public Yuv420 yuv420() {
        return planes;
    }

    /** Whether BGR was made (for tests: a frame nobody asked for stays planes). */
    boolean converted() {
        return bgr != null;
    }
}
