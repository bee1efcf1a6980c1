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

    @Test
    void imageSetStringsAreImagesToo() {
        String css = AssetUrls.css(".a { background-image: image-set(\"a.png\" 1x, url('https://cdn.example/b.png') 2x,"
                + " 'c.avif' type(\"image/avif\")) } .b { background: -webkit-image-set('javascript:x' 1x) } .c { content: \"a.png\" }",
                URI.create("https://www.bank.example/css/site.css"));
        assertThat(css).isEqualTo(".a { background-image: image-set(url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fcss%2Fa.png\") 1x,"
                + " url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fb.png\") 2x,"
                + " url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fcss%2Fc.avif\") type(\"image/avif\")) }"
                + " .b { background: -webkit-image-set(url() 1x) } .c { content: \"a.png\" }");
    }

    @Test
    void relativeReferencesInCssWrittenInThePageResolveAgainstThePage() {
        assertThat(AssetUrls.css("p { background: url(../img/bg.png) }", URI.create("https://www.bank.example/accounts/list?x=1")))
                .isEqualTo("p { background: url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fimg%2Fbg.png\") }");
    }
}
