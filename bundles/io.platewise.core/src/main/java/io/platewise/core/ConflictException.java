package io.platewise.core;

/** The request clashes with the current state, for example a name that is already taken. */
public class ConflictException extends PlatewiseException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "conflict";
    }
}
