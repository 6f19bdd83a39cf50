package io.facegate.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two response details: the "keep me signed in" cookie ({@code remember-me}) gets {@code SameSite=Lax} like the
 * session cookie, so other sites' sub-requests do not carry it; and {@code /error} asked for directly (not as
 * the container's error dispatch) answers 404 {@code not_found} instead of an empty 500.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ResponseHardening {

    /** Name of Spring Security's remember-me cookie. */
    static final String REMEMBER_ME_COOKIE = "remember-me";

    /** @return SameSite=Lax for the remember-me cookie (applied by Spring Boot's Tomcat cookie processor) */
    @Bean
    CookieSameSiteSupplier rememberMeSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName(REMEMBER_ME_COOKIE);
    }

    /** @return the filter answering direct requests of {@code /error}; error dispatches pass untouched */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> directErrorRequests() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                response.setContentType("application/json");
                response.getOutputStream().write(("{\"error\":\"not_found\",\"message\":\"There is no page at this "
                        + "address.\"}").getBytes(StandardCharsets.UTF_8));
            }
        });
        registration.addUrlPatterns("/error");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
