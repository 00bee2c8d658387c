package io.platewise.db;

/** A schema migration could not be applied; the message names the module and the script. */
public class MigrationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
