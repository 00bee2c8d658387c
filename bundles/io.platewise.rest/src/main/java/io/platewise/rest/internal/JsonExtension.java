package io.platewise.rest.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.platewise.rest.PlatewiseRest;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * JSON for every resource, through Jackson. Jackson's own exception mappers are left out so that
 * malformed JSON gets the same error body as every other failure (see {@link ErrorMapper}).
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName(PlatewiseRest.JSON_EXTENSION)
@JakartarsMediaType(MediaType.APPLICATION_JSON)
public final class JsonExtension implements Feature {

    private final ObjectMapper mapper = createMapper();

    static ObjectMapper createMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A misspelt field must be an error, not a silently ignored setting.
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(JacksonFeature.withoutExceptionMappers());
        context.register(new MapperResolver(mapper));
        // Jersey's auto-discovery adds Jackson's own text/plain mappers for these two exceptions;
        // exact-type mappers with a higher priority (lower number) make them answer in ApiError form.
        ErrorMapper errors = new ErrorMapper();
        context.register(new ParseErrorMapper(errors), 1);
        context.register(new MappingErrorMapper(errors), 1);
        // WADL needs a JAXB implementation we do not ship; the OpenAPI document replaces it.
        context.property("jersey.config.server.wadl.disableWadl", true);
        return true;
    }

    static final class ParseErrorMapper implements ExceptionMapper<JsonParseException> {
        private final ErrorMapper errors;

        ParseErrorMapper(ErrorMapper errors) {
            this.errors = errors;
        }

        @Override
        public Response toResponse(JsonParseException exception) {
            return errors.toResponse(exception);
        }
    }

    static final class MappingErrorMapper implements ExceptionMapper<JsonMappingException> {
        private final ErrorMapper errors;

        MappingErrorMapper(ErrorMapper errors) {
            this.errors = errors;
        }

        @Override
        public Response toResponse(JsonMappingException exception) {
            return errors.toResponse(exception);
        }
    }

    /** A class, not a lambda: Jersey finds context resolvers by their generic type. */
    static final class MapperResolver implements ContextResolver<ObjectMapper> {
        private final ObjectMapper mapper;

        MapperResolver(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return mapper;
        }
    }
}
