package io.platewise.video.internal;

/**
 * Decides from stream timestamps which frames to keep for analysis (e.g. 5 of 25 per second), before
 * any colour conversion, so that skipped frames cost only their decoding. A timestamp that jumps
 * back (a looping file, a reconnect) or far ahead restarts the schedule.
 */
final class FrameSampler {

    private static final long JUMP_MICROS = 2_000_000;

    private final long intervalMicros;
    private final boolean keepNone;
    private long nextDue = Long.MIN_VALUE;

    FrameSampler(double framesPerSecond) {
        this(framesPerSecond, false);
    }

    private FrameSampler(double framesPerSecond, boolean keepNone) {
        this.intervalMicros = framesPerSecond <= 0 ? 0 : Math.round(1_000_000 / framesPerSecond);
        this.keepNone = keepNone;
    }

    /** Keeps no frame: decoding alone, the ceiling the decode benchmark measures. */
    static FrameSampler none() {
        return new FrameSampler(0, true);
    }

    boolean keep(long timestampMicros) {
        if (keepNone) {
            return false;
        }
        if (intervalMicros == 0) {
            return true;
        }
        if (nextDue == Long.MIN_VALUE || timestampMicros < nextDue - intervalMicros - JUMP_MICROS
                || timestampMicros > nextDue + JUMP_MICROS) {
            nextDue = timestampMicros + intervalMicros;
            return true;
        }
        // Half a frame of slack absorbs timestamp jitter (25 fps timestamps are not exact multiples).
        if (timestampMicros + intervalMicros / 10 >= nextDue) {
            nextDue += intervalMicros;
            if (nextDue <= timestampMicros) {
                nextDue = timestampMicros + intervalMicros;
            }
            return true;
        }
        return false;
    }
}
