package io.platewise.video.internal;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's blocking calls (open, read) ask this callback whether to give up: when the source is
 * stopped, or when the current call has run past its deadline (a stalled stream).
 */
final class Interrupt extends AVIOInterruptCB.Callback_Pointer {

    private volatile boolean stopped;
    private volatile long deadlineNanos;

    @Override
    public int call(Pointer opaque) {
        return stopped || (deadlineNanos != 0 && System.nanoTime() > deadlineNanos) ? 1 : 0;
    }

    void arm(long timeoutMillis) {
        deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    boolean expired() {
        return deadlineNanos != 0 && System.nanoTime() > deadlineNanos;
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }
}
