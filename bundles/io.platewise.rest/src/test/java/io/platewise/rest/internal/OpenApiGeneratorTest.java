package io.platewise.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.rest.ParameterDoc;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiGeneratorTest {

    public record Thing(String name, int count, Instant seen, List<String> tags) {
    }

    @Path("things")
    public static class ThingsResource {
        @GET
        @RolesAllowed("viewer")
        public List<Thing> list(@QueryParam("limit") @jakarta.ws.rs.DefaultValue("50") Integer limit,
                @QueryParam("order") @ParameterDoc(value = "which first", allowed = {"newest", "oldest"}) String order,
                @QueryParam("since") @ParameterDoc(format = "date-time") String since) {
            return List.of();
        }

        @POST
        @Path("{id}/copy")
        @RolesAllowed({"operator", "admin"})
        public Thing copy(@PathParam("id") String id, Thing body, @Context SecurityContext security) {
            return body;
        }

        @POST
        @Path("upload")
        @Consumes({"image/jpeg", "image/png"})
        public Thing upload(InputStream body) {
            return null;
        }

        @GET
        @Path("/open/")
        @PermitAll
        public String open() {
            return "";
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aParametersDocGivesItsDescriptionValuesAndFormat() {
        Map<String, Object> document = new OpenApiGenerator().generate(List.of(ThingsResource.class), Map.of("title", "t"));
        Map<String, Object> list = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document.get("paths")).get("/things"))
                .get("get");
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) list.get("parameters");
        assertEquals(List.of("limit", "order", "since"), parameters.stream().map(p -> p.get("name")).toList());
        assertEquals(Map.of("type", "integer", "format", "int32", "default", 50L), parameters.get(0).get("schema"),
                "no doc, nothing added; the default a number, as its type says");
        assertEquals("which first", parameters.get(1).get("description"));
        assertEquals(Map.of("type", "string", "enum", List.of("newest", "oldest")), parameters.get(1).get("schema"));
        assertEquals(Map.of("type", "string", "format", "date-time"), parameters.get(2).get("schema"));
        assertTrue(!parameters.get(2).containsKey("description"), "an empty description is left out");
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesPathsParametersBodiesAndRoles() {
        Map<String, Object> document = new OpenApiGenerator().generate(List.of(ThingsResource.class), Map.of("title", "t"));
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertEquals(java.util.Set.of("/things", "/things/{id}/copy", "/things/upload", "/things/open"), paths.keySet());
        Map<String, Object> copy = (Map<String, Object>) ((Map<String, Object>) paths.get("/things/{id}/copy")).get("post");
        assertEquals(List.of("operator", "admin"), copy.get("x-roles"));
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) copy.get("parameters");
        assertEquals(1, parameters.size(), "the @Context parameter is not an API parameter");
        assertEquals("path", parameters.get(0).get("in"));
        assertTrue(copy.containsKey("requestBody"));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> thing = (Map<String, Object>) ((Map<String, Object>) schemas.get("Thing")).get("properties");
        assertEquals(Map.of("type", "string", "format", "date-time"), thing.get("seen"));
        assertEquals(Map.of("type", "array", "items", Map.of("type", "string")), thing.get("tags"));
        Map<String, Object> upload = (Map<String, Object>) ((Map<String, Object>) paths.get("/things/upload")).get("post");
        Map<String, Object> bytes = Map.of("schema", Map.of("type", "string", "format", "binary"));
        assertEquals(Map.of("image/jpeg", bytes, "image/png", bytes), ((Map<String, Object>) upload.get("requestBody")).get("content"),
                "a body read as a stream is bytes, of each type the method takes");
        assertEquals(Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Thing"))),
                ((Map<String, Object>) copy.get("requestBody")).get("content"));
        Map<String, Object> open = (Map<String, Object>) ((Map<String, Object>) paths.get("/things/open")).get("get");
        assertEquals(List.of(), open.get("security"), "PermitAll needs no credentials");
    }
}
