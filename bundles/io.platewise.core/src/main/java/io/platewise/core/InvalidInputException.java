package io.platewise.core;

/** The request was understood but its content is not acceptable; nothing was changed. */
public class InvalidInputException extends PlatewiseException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_input";
    }
}
