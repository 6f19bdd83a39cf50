package io.facegate.web;

/**
 * The JSON body of every error answer.
 *
 * @param error   machine-readable code, snake_case
 * @param message a sentence the user can act on
 */
public record ApiError(String error, String message) {

    /**
     * @param e the refusal
     * @return its body
     */
    public static ApiError of(ApiException e) {
        return new ApiError(e.code(), e.getMessage());
    }
}
