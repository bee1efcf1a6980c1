package dev.tandem.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import org.junit.jupiter.api.Test;

class SharedKeysTest {

    @Test
    void aNameThatIsNotBoundIsRecognisedAlsoWhenTheServerWrapsIt() {
        NamingException payara = new NamingException("Lookup failed for 'java:app/env/tandem/keys'");
        payara.setRootCause(new NameNotFoundException("No object bound to name java:app/env/tandem/keys"));

        assertThat(SharedKeys.unbound(new NameNotFoundException("not bound"))).isTrue();
        assertThat(SharedKeys.unbound(payara)).isTrue();
    }

    @Test
    void anyOtherLookupFailureIsNotTakenForAnUnboundName() {
        NamingException broken = new NamingException("the naming service failed");
        broken.setRootCause(new IllegalStateException("cache container stopped"));

        assertThat(SharedKeys.unbound(broken)).isFalse();
        assertThat(SharedKeys.unbound(new NamingException("no root cause"))).isFalse();
    }
}
