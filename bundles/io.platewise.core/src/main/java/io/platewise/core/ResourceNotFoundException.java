package io.platewise.core;

/** The named thing does not exist (or the caller may not know that it does). */
public class ResourceNotFoundException extends PlatewiseException {
    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "not_found";
    }
}
