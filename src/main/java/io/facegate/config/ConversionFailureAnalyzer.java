package io.facegate.config;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Prints a setting whose value cannot be converted to its type ({@code PORT=abc}, {@code CLEANUP_INTERVAL=hourly})
 * as one sentence naming the environment variable, instead of Spring Boot's "Failed to bind properties" text.
 * The variable is read from {@code application.properties}, where {@code facegate.face.threads=${FACE_THREADS:2}}
 * maps {@code FACE_THREADS} to its property. Answers for FaceGate's properties and for the ones mapped there;
 * other binding failures are left to Spring Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ConversionFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    /**
     * @param environment the failed application's environment (Spring Boot passes it), used to show the value a
     *                    {@code ${VARIABLE:default}} placeholder of application.properties resolved to; may be null
     */
    ConversionFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    private static final String CONVERT = "Failed to convert to type ";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    /**
     * Answers for a {@link BindException} (a {@code @ConfigurationProperties} class) or an
     * {@link InvalidConfigurationPropertyValueException} (a typed {@code Environment} read, such as Spring Boot's
     * conditions reading {@code server.port}) that failed to convert the value to its type.
     */
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        BindException bind = findCause(failure, BindException.class);
        if (bind != null && bind.getProperty() != null && findCause(bind, ConversionFailedException.class) != null) {
            return describe(bind.getName().toString(), bind.getProperty().getValue(),
                    bind.getTarget().getType().toClass(), failure);
        }
        InvalidConfigurationPropertyValueException invalid =
                findCause(failure, InvalidConfigurationPropertyValueException.class);
        if (invalid != null && invalid.getReason() != null && invalid.getReason().startsWith(CONVERT)) {
            return describe(invalid.getName(), invalid.getValue(),
                    typeNamed(invalid.getReason().substring(CONVERT.length()).strip()), failure);
        }
        return null;
    }

    /** The type named in Spring Boot's reason "Failed to convert to type java.lang.Integer", or Object. */
    private Class<?> typeNamed(String name) {
        try {
            return ClassUtils.forName(name, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Object.class;
        }
    }

    private FailureAnalysis describe(String name, Object value, Class<?> type, Throwable failure) {
        String variable = environmentVariable(name);
        if (variable == null && !name.startsWith("facegate.")) {
            return null;
        }
        String setting = variable == null ? name : variable + " (" + name + ")";
        return new FailureAnalysis(setting + " is '" + resolved(value) + "', which is not " + expected(name, type) + ".",
                "Fix that environment variable (see Configuration in README.md) and start again.", failure);
    }

    /** The value as given: a property read from application.properties is still its placeholder there. */
    private Object resolved(Object value) {
        if (!(value instanceof String text) || !text.contains("${")) {
            return value;
        }
        if (environment != null) {
            try {
                return environment.resolvePlaceholders(text);
            } catch (IllegalArgumentException e) {
                return text;
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.matches() && System.getenv(m.group(1)) != null) {
            return System.getenv(m.group(1));
        }
        return text;
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * @param property a property name, such as {@code facegate.face.threads}
     * @return the environment variable {@code application.properties} reads it from, or null if none
     */
    String environmentVariable(String property) {
        Properties mapping = new Properties();
        try (InputStream in = new ClassPathResource("application.properties", getClass().getClassLoader())
                .getInputStream()) {
            mapping.load(in);
        } catch (IOException e) {
            return null;
        }
        Matcher placeholder = PLACEHOLDER.matcher(mapping.getProperty(property, "").strip());
        return placeholder.matches() ? placeholder.group(1) : null;
    }

    private static String expected(String property, Class<?> type) {
        if (property.equals("server.port")) {
            return "a port number";
        }
        if (type == Duration.class) {
            return "a duration like 30m or PT1H";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == DataSize.class) {
            return "a size like 2MB";
        }
        return type == Object.class ? "a value FaceGate can use" : "a valid " + type.getSimpleName();
    }
}
