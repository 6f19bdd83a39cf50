package io.facegate.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.stereotype.Component;

/**
 * Checks the operator's {@code X-Task-Token} header against {@code TASK_TOKEN}. Fails closed: with no token
 * configured nothing is accepted. The comparison is constant-time ({@link MessageDigest#isEqual} on SHA-256
 * digests, so neither content nor length leaks through timing).
 */
@Component
public class OperatorToken {

    /** Header carrying the token. */
    public static final String HEADER = "X-Task-Token";

    /** Result of a check. */
    public enum Check {
        /** The header matches the configured token. */
        VALID,
        /** A token is configured and the header is missing or different. */
        INVALID,
        /** No token is configured: operator endpoints are off. */
        NOT_CONFIGURED
    }

    private final byte[] expected;

    /** @param properties settings ({@code TASK_TOKEN}) */
    public OperatorToken(FaceGateProperties properties) {
        this.expected = properties.hasTaskToken() ? sha256(properties.taskToken()) : null;
    }

    /**
     * @param header the request's {@code X-Task-Token} value, may be null
     * @return the verdict
     */
    public Check check(String header) {
        if (expected == null) {
            return Check.NOT_CONFIGURED;
        }
        if (header == null || header.isEmpty()) {
            return Check.INVALID;
        }
        return MessageDigest.isEqual(expected, sha256(header)) ? Check.VALID : Check.INVALID;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
    }
}
