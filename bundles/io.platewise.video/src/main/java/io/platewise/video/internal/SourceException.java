package io.platewise.video.internal;

/** Opening or reading a source failed; the message is meant for operators. */
class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    SourceException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    /** Retrying without a configuration change cannot help (unsupported codec, no video stream). */
    boolean permanent() {
        return permanent;
    }
}
