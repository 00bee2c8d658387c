package io.platewise.rest;

/**
 * The body of every 4xx and 5xx response.
 *
 * @param status  the HTTP status, repeated for clients that only keep the body
 * @param error   a stable machine-readable code, such as {@code invalid_input} or {@code unauthorized}
 * @param message what went wrong, in plain words, and where possible what to do
 */
public record ApiError(int status, String error, String message) {
}
