package io.platewise.core;

/**
 * Base of the exceptions that carry a message meant for the person who made the request.
 * The message must say what was wrong and, where possible, what to do instead.
 */
public abstract class PlatewiseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected PlatewiseException(String message) {
        super(message);
    }

    protected PlatewiseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short machine-readable code, stable across releases, such as {@code invalid_input}. */
    public abstract String code();
}
