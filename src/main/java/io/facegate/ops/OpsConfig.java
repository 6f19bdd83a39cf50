package io.facegate.ops;

import io.facegate.account.EnrolledGallery;
import io.facegate.account.FaceTemplateRepository;
import io.facegate.config.OperatorToken;
import io.facegate.web.ApiError;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations: the meters of {@link FaceMetrics}, the gauges of enrolled templates
 * ({@code facegate.face.templates}: in the database, read at each scrape; {@code facegate.face.gallery.users} and
 * {@code facegate.face.gallery.templates}: in this instance's in-memory gallery), and the operator
 * token in front of {@code /actuator/prometheus} ({@code X-Task-Token: <TASK_TOKEN>} or
 * {@code Authorization: Bearer <TASK_TOKEN>}; 503 when no {@code TASK_TOKEN} is set).
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfig {

    /**
     * @param registry meter registry
     * @return the wrapper that measures the face flows
     */
    @Bean
    static FaceMetrics faceMetrics(ObjectProvider<MeterRegistry> registry) {
        return new FaceMetrics(registry);
    }

    /**
     * @param meters    meter registry
     * @param templates face templates
     * @return the gauge of enrolled templates
     */
    @Bean
    Gauge galleryGauge(MeterRegistry meters, FaceTemplateRepository templates) {
        // A strong reference: Micrometer holds a gauge's object weakly, and the repository injected here may be a
        // proxy nobody else holds (deferred repository bootstrap), which a collection would otherwise clear (NaN).
        return Gauge.builder("facegate.face.templates", templates, FaceTemplateRepository::count).strongReference(true)
                .description("Enrolled face templates (all instances: read from the database)").register(meters);
    }

    /**
     * @param meters  meter registry
     * @param gallery this instance's in-memory gallery
     * @return the gauge of the accounts in it
     */
    @Bean
    Gauge galleryUsersGauge(MeterRegistry meters, EnrolledGallery gallery) {
        return Gauge.builder("facegate.face.gallery.users", gallery, EnrolledGallery::userCount)
                .description("Accounts with Face ID in this instance's in-memory gallery").register(meters);
    }

    /**
     * @param meters  meter registry
     * @param gallery this instance's in-memory gallery
     * @return the gauge of the templates in it
     */
    @Bean
    Gauge galleryTemplatesGauge(MeterRegistry meters, EnrolledGallery gallery) {
        return Gauge.builder("facegate.face.gallery.templates", gallery, EnrolledGallery::templateCount)
                .description("Face templates in this instance's in-memory gallery").register(meters);
    }

    /**
     * @param token operator token
     * @param json  JSON mapper
     * @return the token check on {@code /actuator/prometheus}
     */
    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<OncePerRequestFilter> metricsTokenFilter(OperatorToken token, JsonMapper json) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String header = request.getHeader(OperatorToken.HEADER);
                String authorization = request.getHeader("Authorization");
                if (header == null && authorization != null && authorization.startsWith("Bearer ")) {
                    header = authorization.substring("Bearer ".length()).strip();
                }
                OperatorToken.Check check = token.check(header);
                if (check == OperatorToken.Check.VALID) {
                    chain.doFilter(request, response);
                    return;
                }
                boolean off = check == OperatorToken.Check.NOT_CONFIGURED;
                response.setStatus(off ? 503 : 401);
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                json.writeValue(response.getOutputStream(), off
                        ? new ApiError("task_token_not_configured", "Set TASK_TOKEN to read the metrics.")
                        : new ApiError("invalid_token", "Send the operator token (X-Task-Token or Authorization: Bearer)."));
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/actuator/prometheus");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
