package io.platewise.auth.internal;

import java.time.Duration;

/** Credentials were missing, wrong, or the caller is locked out for a while. */
final class AuthenticationFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    AuthenticationFailedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Non-null when the caller is throttled. */
    Duration retryAfter() {
        return retryAfter;
    }
}
