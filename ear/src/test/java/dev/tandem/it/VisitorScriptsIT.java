package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scripts customers' pages load from us: JavaScript content type, briefly cacheable,
 * loadable cross-origin, nosniff; the loader stays tiny.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class VisitorScriptsIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @ParameterizedTest
    @ValueSource(strings = {"loader.js", "visitor/tandem-visitor.js"})
    void servedAsCacheableCrossOriginJavaScript(String path) {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.appBase().resolve(path));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        if (path.equals("loader.js")) {
            assertThat(response.body()).contains("visitor/tandem-visitor.js");
            // 5 KB: its own job plus remembering password fields from the start of every page.
            assertThat(response.body().length()).as("the loader stays tiny").isLessThan(5120);
        }
    }
}
