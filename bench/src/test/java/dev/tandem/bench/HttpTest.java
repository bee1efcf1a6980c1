package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Only a connection the server closed (GOAWAY) earns a retry: the request was never processed. */
class HttpTest {

    @Test
    void aGoawayAnywhereInTheCausesIsRetriedAndNothingElseIs() {
        assertThat(Http.goaway(new IOException("/127.0.0.1:41788: GOAWAY received"))).isTrue();
        assertThat(Http.goaway(new IOException("wrapped", new IOException("/127.0.0.1:1: GOAWAY received")))).isTrue();
        assertThat(Http.goaway(new IOException("Connection reset"))).isFalse();
        assertThat(Http.goaway(new IOException((String) null))).isFalse();
    }
}
