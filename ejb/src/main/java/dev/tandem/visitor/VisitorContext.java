package dev.tandem.visitor;

/** Where a visitor request came from, as the web layer established it. Never page content. */
public record VisitorContext(String originHeader, String clientAddress, String userAgent) {
}
