package io.facegate.web;

import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The home page and the CSRF token for scripts. */
@Controller
public class HomeController {

    /** @return home page */
    @GetMapping("/")
    public String home() {
        return "index";
    }

    /**
     * @param token this session's CSRF token (created on first use)
     * @return {@code {"token": …, "headerName": "X-CSRF-TOKEN", "parameterName": "_csrf"}}; send the token back in
     *         that header (or form field) with every POST, with the session cookie
     */
    @GetMapping(path = "/api/csrf", produces = "application/json")
    @ResponseBody
    public Map<String, String> csrf(CsrfToken token) {
        return Map.of("token", token.getToken(), "headerName", token.getHeaderName(),
                "parameterName", token.getParameterName());
    }
}
