package io.platewise.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.rest.ApiError;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ParamException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void domainExceptionsKeepTheirMessageAndGetTheirStatus() {
        assertEquals(new ApiError(400, "invalid_input", "bad"), mapper.toError(new InvalidInputException("bad")));
        assertEquals(404, mapper.toError(new ResourceNotFoundException("x")).status());
        assertEquals(409, mapper.toError(new ConflictException("x")).status());
        assertEquals(507, mapper.toError(new StorageExhaustedException("x")).status());
    }

    @Test
    void unexpectedFailuresDoNotLeakInternals() {
        ApiError error = mapper.toError(new IllegalStateException("secret internal detail"));
        assertEquals(500, error.status());
        assertTrue(!error.message().contains("secret"), error.message());
    }

    @Test
    void keepsHeadersOfWebApplicationExceptions() {
        Response response = mapper.toResponse(new NotAllowedException("GET"));
        assertEquals(405, response.getStatus());
        assertEquals("GET", response.getHeaderString("Allow"));
        assertEquals("method_not_allowed", ((ApiError) response.getEntity()).error());
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsTheCallersMistakeNotAMissingResource() {
        // What Jersey throws for ?limit=abc on an int parameter: a 404 by the letter of Jakarta REST.
        ParamException limit = new ParamException.QueryParamException(new NumberFormatException("For input string: \"abc\""), "limit", "50");
        assertEquals(404, limit.getResponse().getStatus());
        ApiError error = mapper.toError(limit);
        assertEquals(400, error.status());
        assertEquals("invalid_input", error.error());
        assertTrue(error.message().startsWith("The query parameter 'limit' has a value of the wrong type"), error.message());
        ParamException header = new ParamException.HeaderParamException(new NumberFormatException(), "X-Count", null);
        assertEquals(new ApiError(400, "invalid_input", "The header 'X-Count' has a value of the wrong type; see /api/openapi.json for its type"),
                mapper.toError(header));
        ParamException path = new ParamException.PathParamException(new NumberFormatException(), "id", null);
        assertEquals(404, mapper.toError(path).status(), "a path that does not convert names no resource");
    }
}
