package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** A connection the server closed earns one retry; a timeout does not (the server is slow, not gone). */
class HttpTest {

    @Test
    void aLostConnectionIsRetriedAndATimeoutIsNot() {
        assertThat(Http.connectionLost(new IOException("/127.0.0.1:41788: GOAWAY received"))).isTrue();
        assertThat(Http.connectionLost(new IOException("Broken pipe"))).isTrue();
        assertThat(Http.connectionLost(new HttpTimeoutException("request timed out"))).isFalse();
        assertThat(Http.connectionLost(new HttpConnectTimeoutException("connect timed out"))).isFalse();
    }
}
