package io.facegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.support.WebTestBase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Static files against a real Tomcat: the pages link content-named scripts and styles, cached as immutable;
 * JS, CSS, JSON and wasm are sent gzip-compressed to a browser that accepts it; the files face-api.js asks for by
 * fixed names are revalidated (304 when unchanged).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaticAssetsTest extends WebTestBase {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void pagesLinkContentNamedFilesCachedAsImmutableAndGzipped() throws Exception {
        String page = new String(get("/face-login").body());
        for (String plain : new String[] {"/js/camera.js", "/vendor/face-api.js", "/css/style.css"}) {
            String stem = plain.substring(0, plain.lastIndexOf('.'));
            String ext = plain.substring(plain.lastIndexOf('.'));
            Matcher m = Pattern.compile(Pattern.quote(stem) + "-[0-9a-f]{32}" + Pattern.quote(ext)).matcher(page);
            assertThat(m.find()).as(plain + " linked by a content-named URL").isTrue();
            assertThat(page).doesNotContain("\"" + plain + "\"");
            HttpResponse<byte[]> hashed = get(m.group(), "Accept-Encoding", "gzip");
            assertThat(hashed.statusCode()).isEqualTo(200);
            assertThat(hashed.headers().firstValue("Cache-Control").orElse(""))
                    .contains("max-age=31536000").contains("immutable");
            assertThat(hashed.headers().firstValue("Content-Encoding")).as(plain).hasValue("gzip");
            assertThat(gunzip(hashed.body())).isEqualTo(get(plain).body());
        }
    }

    @Test
    void wasmAndModelsAreCompressedOrRevalidated() throws Exception {
        HttpResponse<byte[]> wasm = get("/vendor/tfjs-backend-wasm-simd.wasm", "Accept-Encoding", "gzip");
        assertThat(wasm.statusCode()).isEqualTo(200);
        assertThat(wasm.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = get("/vendor/tfjs-backend-wasm-simd.wasm").body();
        assertThat(wasm.body().length).as("gzip makes the wasm smaller").isLessThan(plain.length / 2);
        assertThat(wasm.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");

        HttpResponse<byte[]> manifest = get("/models/face_landmark_68_tiny_model-weights_manifest.json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        String lastModified = manifest.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/models/face_landmark_68_tiny_model-weights_manifest.json", "If-Modified-Since", lastModified)
                .statusCode()).as("unchanged: revalidated without a body").isEqualTo(304);
    }
}
