package io.facegate.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns refusals into {@code {"error", "message"}} JSON with their status for scripts; pages get the error page.
 * Controllers that serve pages catch {@link ApiException} themselves and show a flash message instead.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    /**
     * @param e       refusal
     * @param request request
     * @return JSON error, or the error page
     */
    @ExceptionHandler(ApiException.class)
    public Object handle(ApiException e, HttpServletRequest request) {
        return answer(request, e);
    }

    /**
     * @param e       upload over the multipart limits
     * @param request request
     * @return 413
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return answer(request, new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "upload_too_large",
                "The upload is too large; send fewer or smaller frames."));
    }

    /**
     * @param e       unreadable body or multipart
     * @param request request
     * @return 400
     */
    @ExceptionHandler({HttpMessageNotReadableException.class, MultipartException.class})
    public Object unreadable(Exception e, HttpServletRequest request) {
        return answer(request, new ApiException(HttpStatus.BAD_REQUEST, "bad_request",
                "The request body could not be read; send JSON, form fields or multipart as documented."));
    }

    /**
     * @param e       wrong content type
     * @param request request
     * @return 415
     */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public Object mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return answer(request, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "This endpoint does not take that content type; see the README for what it accepts."));
    }

    /**
     * @param e       wrong method
     * @param request request
     * @return 405
     */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public Object method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return answer(request, new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "This address does not accept " + e.getMethod() + "."));
    }

    private static Object answer(HttpServletRequest request, ApiException e) {
        if (Clients.wantsJson(request)) {
            return ResponseEntity.status(e.status()).headers(e.headers()).body(ApiError.of(e));
        }
        ModelAndView page = new ModelAndView("error", e.status());
        page.addObject("status", e.status().value());
        page.addObject("message", e.getMessage());
        return page;
    }
}
