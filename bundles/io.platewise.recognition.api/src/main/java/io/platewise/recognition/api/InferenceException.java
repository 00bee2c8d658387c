package io.platewise.recognition.api;

/** A model could not be loaded or run; the message is meant for operators. */
public class InferenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
