package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One outcome, two audiences: scripts ({@link Clients#wantsJson}) get JSON with a status, pages get a flash
 * message and a redirect (post/redirect/get).
 */
public final class Reply {

    private Reply() {
    }

    /**
     * @param request  request
     * @param flashes  redirect attributes of the handler
     * @param status   status for scripts
     * @param body     JSON body for scripts
     * @param redirect where a page goes next (path)
     * @param flash    message shown there
     * @return a {@link ResponseEntity} or a {@code redirect:} view name
     */
    public static Object success(HttpServletRequest request, RedirectAttributes flashes, HttpStatus status,
                                 Object body, String redirect, Flash flash) {
        if (Clients.wantsJson(request)) {
            return ResponseEntity.status(status).body(body);
        }
        flashes.addFlashAttribute(Flash.ATTRIBUTE, flash);
        return "redirect:" + redirect;
    }

    /**
     * @param request  request
     * @param flashes  redirect attributes of the handler
     * @param error    the refusal
     * @param redirect where a page goes back to (path)
     * @return a JSON error {@link ResponseEntity} or a {@code redirect:} view name with an error flash
     */
    public static Object failure(HttpServletRequest request, RedirectAttributes flashes, ApiException error,
                                 String redirect) {
        if (Clients.wantsJson(request)) {
            return ResponseEntity.status(error.status()).headers(error.headers()).body(ApiError.of(error));
        }
        flashes.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(error.getMessage()));
        return "redirect:" + redirect;
    }

    /**
     * As {@link #failure(HttpServletRequest, RedirectAttributes, ApiException, String)}, and the error's headers
     * (e.g. {@code Retry-After}) go with the redirect of a page too.
     *
     * @param request  request
     * @param response response of the page redirect
     * @param flashes  redirect attributes of the handler
     * @param error    the refusal
     * @param redirect where a page goes back to (path)
     * @return a JSON error {@link ResponseEntity} or a {@code redirect:} view name with an error flash
     */
    public static Object failure(HttpServletRequest request, HttpServletResponse response, RedirectAttributes flashes,
                                 ApiException error, String redirect) {
        if (!Clients.wantsJson(request)) {
            error.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        }
        return failure(request, flashes, error, redirect);
    }
}
