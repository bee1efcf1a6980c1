/**
 * Machine clients of the integration API ({@code api_client}): systems such as an identity
 * provider's risk hook or a SIEM that call Tandem with OAuth 2.0 access tokens of their own
 * (client-credentials grant). The identity provider grants their scopes; this table says whether a
 * client is enabled and from which networks it may call. Read-only to the application.
 */
package dev.tandem.apiclient;
