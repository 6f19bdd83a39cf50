package io.facegate.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body built in memory: text fields and JPEG files, as a browser sends them. */
final class Multipart {

    private final String boundary = "----facegate-load-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /**
     * @param name  field name
     * @param value text value
     * @return this
     */
    Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    /**
     * @param name     field name
     * @param filename file name
     * @param jpeg     JPEG bytes
     * @return this
     */
    Multipart jpeg(String name, String filename, byte[] jpeg) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n");
        body.writeBytes(jpeg);
        write("\r\n");
        return this;
    }

    /** @return the {@code Content-Type} header value */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** @return the body with its closing boundary */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 64);
        out.writeBytes(body.toByteArray());
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
