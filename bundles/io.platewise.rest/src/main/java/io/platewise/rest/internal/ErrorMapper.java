package io.platewise.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.PlatewiseException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.rest.ApiError;
import io.platewise.rest.JsonInputErrors;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.glassfish.jersey.server.ParamException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into one JSON body ({@link ApiError}). Domain exceptions carry messages for
 * the caller; anything unexpected is logged with an id and answered with that id only, so no
 * internals leak.
 */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName("platewise.errors")
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    // Jersey injects a per-request proxy; constructor injection is not available to whiteboard extensions.
    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        ApiError error = toError(exception);
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
        if (exception instanceof WebApplicationException web) {
            // Keep headers such as WWW-Authenticate, Allow and Retry-After.
            web.getResponse().getHeaders().forEach((name, values) -> {
                if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                    values.forEach(value -> response.header(name, value));
                }
            });
        }
        return response.build();
    }

    ApiError toError(Throwable exception) {
        if (exception instanceof PlatewiseException domain) {
            return new ApiError(statusOf(domain), domain.code(), domain.getMessage());
        }
        if (exception instanceof UnrecognizedPropertyException || exception instanceof MismatchedInputException) {
            // Valid JSON, wrong fields or types for this call.
            return new ApiError(400, "invalid_input", JsonInputErrors.describe((JsonMappingException) exception, null));
        }
        if (exception instanceof JsonProcessingException json) {
            return new ApiError(400, "malformed_json", "The request body is not valid JSON for this call: "
                    + json.getOriginalMessage());
        }
        if (exception instanceof ParamException parameter) {
            return parameterError(parameter);
        }
        if (exception instanceof NotFoundException) {
            String path = uriInfo == null ? "this path" : "/" + "api/" + uriInfo.getPath();
            return new ApiError(404, "not_found", "No resource at " + path + "; see /api/openapi.json");
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            // 503 is raised on purpose (something not ready yet) and carries a message for the caller;
            // any other 5xx is a failure whose details stay in the log.
            if (status >= 500 && status != 503) {
                return unexpected(exception);
            }
            return new ApiError(status, codeOf(status), messageOf(web));
        }
        return unexpected(exception);
    }

    /**
     * A parameter the implementation could not convert to its declared type, such as {@code limit=abc}.
     * Jakarta REST answers that with 404 for query and matrix parameters, as if no resource were there;
     * it is the caller's input that is wrong, so only a path that does not convert stays a 404.
     */
    private ApiError parameterError(ParamException parameter) {
        String name = parameter.getParameterName();
        Class<?> type = parameter.getParameterType();
        String kind = type == QueryParam.class ? "query parameter" : type == PathParam.class ? "path segment"
                : type == HeaderParam.class ? "header" : type == CookieParam.class ? "cookie" : type == FormParam.class ? "form field"
                : "parameter";
        String value = uriInfo == null || type != QueryParam.class ? null : uriInfo.getQueryParameters().getFirst(name);
        String message = "The " + kind + " '" + name + "' " + (value == null ? "has a value of the wrong type" : "cannot be '" + value + "'")
                + "; see /api/openapi.json for its type";
        return type == PathParam.class ? new ApiError(404, "not_found", message) : new ApiError(400, "invalid_input", message);
    }

    private static ApiError unexpected(Throwable exception) {
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected failure {} while serving a request", id, exception);
        return new ApiError(500, "internal_error", "Internal error " + id + "; the server log has the details");
    }

    private static String messageOf(WebApplicationException web) {
        String message = web.getMessage();
        // Jersey's default messages are only "HTTP 405 Method Not Allowed"; say something useful instead.
        if (message == null || message.startsWith("HTTP ")) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return status.getReasonPhrase() + switch (status.getStatusCode()) {
                case 405 -> ": this path does not take that method";
                case 406 -> ": this call cannot produce the requested media type";
                case 415 -> ": this call does not accept that content type";
                default -> "";
            };
        }
        return message;
    }

    static int statusOf(PlatewiseException exception) {
        if (exception instanceof InvalidInputException) {
            return 400;
        }
        if (exception instanceof ResourceNotFoundException) {
            return 404;
        }
        if (exception instanceof ConflictException) {
            return 409;
        }
        if (exception instanceof StorageExhaustedException) {
            return 507;
        }
        return 400;
    }

    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

}
