package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AssetUrlsTest {

    @Test
    void relativeReferencesInAFetchedStylesheetResolveAgainstItAndGoThroughTheProxy() {
        String css = AssetUrls.css("@import 'more.css'; @font-face { src: url(../fonts/a.woff2) } .x { background: url(\"//cdn.example/b.png\") }",
                URI.create("https://cdn.example/css/site.css"));
        assertThat(css).isEqualTo("@import \"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fcss%2Fmore.css\";"
                + " @font-face { src: url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Ffonts%2Fa.woff2\") }"
                + " .x { background: url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fb.png\") }");
    }

    @Test
    void otherSchemesLoadNothingAndFragmentsAndImageDataStay() {
        String css = AssetUrls.css(".a { background: url(javascript:alert(1)) } .b { background: url('file:///etc/passwd') }"
                + " .c { fill: url(#g) } .d { background: url(data:image/png;base64,AAAA) } .e { background: url(gopher://x/) }",
                URI.create("https://cdn.example/site.css"));
        assertThat(css).doesNotContain("javascript").doesNotContain("file:").doesNotContain("gopher")
                .contains("url(#g)").contains("url(data:image/png;base64,AAAA)");
    }

    @Test
    void withoutABaseRelativeReferencesLoadNothing() {
        assertThat(AssetUrls.css(".a { background: url(/internal/admin.png) }", null)).isEqualTo(".a { background: url() }");
    }
}
