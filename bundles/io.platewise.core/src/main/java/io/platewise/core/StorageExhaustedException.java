package io.platewise.core;

/** Accepting the request would exceed a storage limit; the message names used and free space. */
public class StorageExhaustedException extends PlatewiseException {
    private static final long serialVersionUID = 1L;

    public StorageExhaustedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "storage_exhausted";
    }
}
