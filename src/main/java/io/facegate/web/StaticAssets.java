package io.facegate.web;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * How the pages' static files are named and cached, so that a page is loaded once:
 * <ul>
 *   <li>{@code /css/**}, {@code /js/**} and the face-api.js bundle {@code /vendor/*.js} are served under names
 *       carrying a hash of their content ({@code /js/camera-<md5>.js}; the templates' {@code @{...}} links are
 *       rewritten by {@link ResourceUrlEncodingFilter}) and cached for {@value #IMMUTABLE_DAYS} days as
 *       {@code immutable}: a changed file gets a new name.</li>
 *   <li>The files face-api.js asks for by fixed names, the wasm backend ({@code /vendor/*.wasm}) and the model
 *       weights ({@code /models/**}), are cached with {@code no-cache}: the browser keeps them and asks again with
 *       {@code If-Modified-Since}, answered 304 without a body while they are unchanged.</li>
 * </ul>
 * Compression (gzip for HTML, CSS, JS, JSON and wasm) is Tomcat's, {@code server.compression.*} in
 * {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class StaticAssets implements WebMvcConfigurer {

    /** Lifetime of content-named files, days (one year, the longest HTTP caches honour). */
    public static final int IMMUTABLE_DAYS = 365;

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        CacheControl immutable = CacheControl.maxAge(Duration.ofDays(IMMUTABLE_DAYS)).cachePublic().immutable();
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/")
                .setCacheControl(immutable).resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/")
                .setCacheControl(immutable).resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        registry.addResourceHandler("/vendor/*.js").addResourceLocations("classpath:/static/vendor/")
                .setCacheControl(immutable).resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        CacheControl revalidate = CacheControl.noCache().cachePublic();
        registry.addResourceHandler("/vendor/*.wasm").addResourceLocations("classpath:/static/vendor/")
                .setCacheControl(revalidate);
        registry.addResourceHandler("/models/**").addResourceLocations("classpath:/static/models/")
                .setCacheControl(revalidate);
    }

    /** @return the filter that rewrites the templates' links to the content-named files */
    @Bean
    public ResourceUrlEncodingFilter resourceUrlEncodingFilter() {
        return new ResourceUrlEncodingFilter();
    }
}
