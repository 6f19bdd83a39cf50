package io.facegate.config;

import io.facegate.account.LabelStoreConfig;
import io.facegate.oidc.ClientDefinitions;
import io.facegate.oidc.OidcConfig;
import io.facegate.oidc.OidcProperties;
import io.facegate.passkey.PasskeyProperties;
import io.facegate.passkey.RelyingParty;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks every setting as soon as the application context exists, before any bean is made: before the database
 * pool, Flyway, JPA, the face engine's four networks and Tomcat, which take most of the start-up time. A wrong
 * value therefore stops start-up within about a second of the JVM's start instead of after the heavy parts.
 *
 * <p>It runs the same checks, with the same one-sentence {@link InvalidSettingException} messages, that the beans
 * run again later (they stay, so a setting added by a test after this point is checked too): binding
 * {@link FaceGateProperties} (its conversions and record checks), {@code DATABASE_URL} ({@link DatabaseUrl}),
 * the face settings (also {@code ADAPT_WITHOUT_LIVENESS}), {@code LIVENESS} and {@code FACE_MODE}
 * ({@link LoginSettings}), {@code LABELS_STORE}, {@code OIDC_CLIENTS} and {@code OIDC_ISSUER},
 * {@code WEBAUTHN_RP_ID} and {@code WEBAUTHN_ORIGINS} ({@link RelyingParty}), {@code TRUSTED_PROXIES}, and for
 * the web server {@code PORT} and
 * {@code SESSION_IDLE_TIMEOUT}. A value that does not
 * convert fails in Spring Boot's binder exactly as it would in the bean, so {@link ConversionFailureAnalyzer}
 * words it. Registered in {@code META-INF/spring.factories}; the context exists then, so the failure analyzers
 * see its environment.
 */
public class EarlySettingsCheck implements ApplicationListener<ApplicationContextInitializedEvent> {

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
        check(environment, event.getSpringApplication().getWebApplicationType() == WebApplicationType.SERVLET);
    }

    /**
     * @param environment the application's environment, with {@code application.properties} loaded
     * @param webServer   whether the application runs Tomcat (then the {@code server.*} settings are checked)
     * @throws InvalidSettingException, InvalidDatabaseUrlException or Spring Boot's BindException for the first
     *                                  wrong setting
     */
    static void check(ConfigurableEnvironment environment, boolean webServer) {
        Binder binder = Binder.get(environment);
        FaceGateProperties properties = binder.bindOrCreate("facegate", Bindable.of(FaceGateProperties.class));
        DatabaseUrl.parse(properties.databaseUrl());
        FaceEngineConfig.check(properties.face());
        binder.bind("facegate.face.adapt-without-liveness", Boolean.class); // ADAPT_WITHOUT_LIVENESS, LoginTemplates
        LoginSettings.parse(environment.getProperty("facegate.liveness", "active"),
                environment.getProperty("facegate.face.mode", "alternative"));
        LabelStoreConfig.checkKind(environment.getProperty("facegate.labels-store", "fs"));
        OidcProperties oidc = binder.bindOrCreate("facegate.oidc", Bindable.of(OidcProperties.class));
        ClientDefinitions.parse(oidc.clients());
        if (oidc.issuer() != null && !oidc.issuer().isBlank()) {
            OidcConfig.checkIssuer(oidc.issuer().strip());
        }
        String trustedProxies = environment.getProperty("server.tomcat.remoteip.trusted-proxies", "");
        TrustedProxies.check(trustedProxies);
        int port = 5000;
        if (webServer) {
            ServerProperties server = binder.bindOrCreate("server", Bindable.of(ServerProperties.class));
            ServerSettingsCheck.check(trustedProxies, server.getPort(), server.getServlet().getSession().getTimeout());
            port = server.getPort() == null ? port : server.getPort();
        }
        RelyingParty.resolve(binder.bindOrCreate("facegate.webauthn", Bindable.of(PasskeyProperties.class)),
                oidc.issuer(), port);
    }
}
