package dev.tandem.web.machine;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /cobrowse/api/openapi.json}: the machine API's OpenAPI document, checked in beside the
 * resources and kept true by {@code OpenApiDocumentTest} (every path, method and scope). Public: it
 * says nothing a client could not learn from the refusals.
 */
@Path("openapi.json")
public class OpenApiResource {

    static final String DOCUMENT = "/dev/tandem/web/machine/openapi.json";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the archive");
            }
            return Response.ok(in.readAllBytes()).header("Cache-Control", "public, max-age=300").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
