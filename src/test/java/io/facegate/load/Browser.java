package io.facegate.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One browser of the load run: its own cookies (the session cookie, which changes at login), JSON answers, the
 * CSRF token fetched from {@code GET /api/csrf} and sent in {@code X-CSRF-TOKEN}, and, behind the trusted proxy
 * the run simulates, its own client address in {@code X-Forwarded-For}. Not thread-safe: one per login.
 */
final class Browser {

    /**
     * An HTTP answer.
     *
     * @param status status code
     * @param body   the JSON body, or an empty object when there was none
     */
    record Answer(int status, JsonNode body) {

        /** @return {@code "STATUS error_code"}, the label an unexpected answer is counted under */
        String label() {
            JsonNode error = body.get("error");
            return status + (error == null ? "" : " " + error.asString());
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String forwardedFor;
    private final JsonMapper json;
    private final Duration timeout;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /**
     * @param http         shared HTTP client (no cookie handler of its own)
     * @param base         the app's address, e.g. {@code http://127.0.0.1:5000}
     * @param forwardedFor client address to send in {@code X-Forwarded-For}, or null to send none
     * @param json         JSON reader
     * @param timeout      longest wait for one answer
     */
    Browser(HttpClient http, URI base, String forwardedFor, JsonMapper json, Duration timeout) {
        this.http = http;
        this.base = base;
        this.forwardedFor = forwardedFor;
        this.json = json;
        this.timeout = timeout;
    }

    /** @return a CSRF token for this browser's session (the session cookie is kept) */
    String csrf() throws LoginFailure {
        Answer a = send(request("/api/csrf").GET());
        if (a.status() != 200 || a.body().get("token") == null) {
            throw new LoginFailure("csrf " + a.label(), "GET /api/csrf answered " + a.label());
        }
        return a.body().get("token").asString();
    }

    /**
     * @param path path
     * @return the answer of {@code GET path} with {@code Accept: application/json}
     */
    Answer get(String path) throws LoginFailure {
        return send(request(path).GET());
    }

    /**
     * @param path   path
     * @param token  CSRF token
     * @param fields form fields (URL-encoded)
     * @return the answer
     */
    Answer postForm(String path, String token, Map<String, String> fields) throws LoginFailure {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("X-CSRF-TOKEN", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /**
     * @param path  path
     * @param token CSRF token
     * @param body  JSON body
     * @return the answer
     */
    Answer postJson(String path, String token, Map<String, String> body) throws LoginFailure {
        return send(request(path).header("X-CSRF-TOKEN", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    /**
     * @param path  path
     * @param token CSRF token
     * @param body  multipart body
     * @return the answer
     */
    Answer postMultipart(String path, String token, Multipart body) throws LoginFailure {
        return send(request(path).header("X-CSRF-TOKEN", token).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
    }

    /**
     * @param path  path
     * @param token CSRF token
     * @return the answer of a POST without a body
     */
    Answer post(String path, String token) throws LoginFailure {
        return send(request(path).header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws LoginFailure {
        HttpResponse<byte[]> response;
        HttpRequest r = request.build();
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LoginFailure("io " + e.getClass().getSimpleName(), r.method() + " " + r.uri().getPath()
                    + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailure("interrupted", r.method() + " " + r.uri().getPath());
        }
        for (String header : response.headers().allValues("Set-Cookie")) {
            keep(header);
        }
        JsonNode body = json.createObjectNode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && response.body().length > 0) {
            try {
                body = json.readTree(response.body());
            } catch (RuntimeException e) {
                throw new LoginFailure(response.statusCode() + " bad_json", r.uri().getPath() + ": " + e);
            }
        }
        return new Answer(response.statusCode(), body);
    }

    private void keep(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        boolean expired = setCookie.toLowerCase().contains("max-age=0");
        if (expired || value.isEmpty()) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
