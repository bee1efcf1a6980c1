package dev.tandem.apiclient;

import java.util.Optional;

/** Finds registered machine clients; asked on every machine call, so a disabled client stops at once. */
public interface ApiClients {

    Optional<ApiClient> find(String clientId);
}
