/**
 * The HTTP side of the viewer WebSocket: the gate every upgrade to {@code /cobrowse/stream/agent/*}
 * passes before the container may answer 101. A refused upgrade gets 403 and a SOCKET_REFUSED
 * audit row; the endpoints themselves live in the websocket module.
 */
package dev.tandem.web.stream;
