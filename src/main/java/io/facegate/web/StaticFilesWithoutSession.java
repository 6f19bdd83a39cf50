package io.facegate.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the pages' static files ({@link StaticAssets}: {@code /css/*}, {@code /js/*}, {@code /vendor/*},
 * {@code /models/*}, and {@code /favicon.ico}) without looking at the browser's cookies, so that they never load
 * or save the session.
 *
 * <p>With sessions in the database ({@code SPRING_SESSION}), every request that looks its session up loads the
 * row and saves it again when it ends (the last access time). For a static file three parts looked: Spring MVC's
 * flash attributes ({@code SessionFlashMapManager}, on every request the {@code DispatcherServlet} handles), Spring
 * Security's check for an expired session id and its remember-me filter, so the face page's dozen files cost a
 * {@code SELECT} and an {@code UPDATE} each, and each such request could race a login's new session id. The files
 * are the same for everybody: this filter, placed before Spring Session's ({@value #ORDER}, Spring Session's filter
 * is at {@code Integer.MIN_VALUE + 50}), hands their {@code GET} and {@code HEAD} requests
 * over without cookies. Other methods pass as they are (Spring Security's CSRF check answers them 403 as anywhere
 * else; without the cookie that refusal would start a new session and replace the browser's). Responses (caching headers, Spring
 * Security's headers) are unchanged.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class StaticFilesWithoutSession {

    /** The filter's order: before Spring Session's {@code SessionRepositoryFilter} ({@code Integer.MIN_VALUE + 50}). */
    static final int ORDER = Integer.MIN_VALUE + 40;

    /** Servlet URL patterns of the static files (those of {@link StaticAssets} and the icon). */
    static final String[] PATTERNS = {"/css/*", "/js/*", "/vendor/*", "/models/*", "/favicon.ico"};

    /** @return the filter, for {@link #PATTERNS}, on requests (not error dispatches) */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> staticFilesWithoutCookies() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
                chain.doFilter(read ? new WithoutCookies(request) : request, response);
            }
        });
        registration.addUrlPatterns(PATTERNS);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(ORDER);
        registration.setName("staticFilesWithoutCookies");
        return registration;
    }

    /** A request whose cookies are not shown: no session id, no remember-me token. */
    private static final class WithoutCookies extends HttpServletRequestWrapper {

        WithoutCookies(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Cookie[] getCookies() {
            return new Cookie[0];
        }

        @Override
        public String getHeader(String name) {
            return "cookie".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "cookie".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public String getRequestedSessionId() {
            return null;
        }
    }
}
