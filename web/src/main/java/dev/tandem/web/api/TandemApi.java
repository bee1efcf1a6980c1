package dev.tandem.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the REST resources at {@code /cobrowse/api}. */
@ApplicationPath("api")
public class TandemApi extends Application {
}
