package io.platewise.video.internal;

import io.platewise.video.FrameListener;
import io.platewise.video.FrameSubscription;
import io.platewise.video.VideoFrame;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keep-latest hand-off to one listener: a slot that holds at most one frame and a thread that
 * takes it. A frame still in the slot when the next arrives is dropped and counted, so a slow
 * consumer never holds up decoding nor makes memory grow.
 */
final class Subscription implements FrameSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final String cameraId;
    private final FrameListener listener;
    private final Consumer<Subscription> onClose;
    private final AtomicReference<VideoFrame> slot = new AtomicReference<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Subscription(String cameraId, FrameListener listener, Consumer<Subscription> onClose) {
        this.cameraId = cameraId;
        this.listener = listener;
        this.onClose = onClose;
        this.thread = new Thread(this::deliver, "platewise-frames-" + cameraId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String cameraId() {
        return cameraId;
    }

    void offer(VideoFrame frame) {
        if (closed) {
            return;
        }
        if (slot.getAndSet(frame) != null) {
            dropped.incrementAndGet();
        }
        LockSupport.unpark(thread);
    }

    private void deliver() {
        while (!closed) {
            VideoFrame frame = slot.getAndSet(null);
            if (frame == null) {
                LockSupport.park(this);
                continue;
            }
            try {
                listener.onFrame(frame);
                delivered.incrementAndGet();
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                // A failing consumer loses that frame, not its subscription: also when a bundle it calls went away
                // mid-call (a linkage error) or the frame did not fit in memory, after which the next one may.
                if (failures.incrementAndGet() % 100 == 1) {
                    LOG.warn("Frame listener of camera {} failed ({} failures so far)", cameraId, failures.get(), e);
                }
            }
        }
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LockSupport.unpark(thread);
            onClose.accept(this);
        }
    }
}
