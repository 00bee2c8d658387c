package io.platewise.video;

/** A listener's subscription to one camera; close it to stop receiving frames. */
public interface FrameSubscription extends AutoCloseable {

    long delivered();

    long dropped();

    @Override
    void close();
}
