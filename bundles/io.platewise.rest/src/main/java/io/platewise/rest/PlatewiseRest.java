package io.platewise.rest;

/**
 * Names of the whiteboard extensions every Platewise resource selects with
 * {@code @JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})}. Selecting
 * them makes the whiteboard hold a resource back until JSON and authentication are in place, so no
 * resource is ever served unauthenticated, not even while the server starts.
 */
public final class PlatewiseRest {

    /** Name of the JSON (Jackson) extension. */
    public static final String JSON_EXTENSION = "platewise.json";
    /** Name of the multipart extension. */
    public static final String MULTIPART_EXTENSION = "platewise.multipart";
    /** Name of the authentication and role-checking extension. */
    public static final String AUTHENTICATION_EXTENSION = "platewise.authentication";

    public static final String JSON = "(osgi.jakartars.name=" + JSON_EXTENSION + ")";
    public static final String MULTIPART = "(osgi.jakartars.name=" + MULTIPART_EXTENSION + ")";
    public static final String AUTHENTICATION = "(osgi.jakartars.name=" + AUTHENTICATION_EXTENSION + ")";

    /** Resource path of the only call that needs no credentials. */
    public static final String HEALTH_PATH = "health";

    private PlatewiseRest() {
    }
}
