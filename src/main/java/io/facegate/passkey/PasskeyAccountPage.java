package io.facegate.passkey;

import io.facegate.account.AccountController;
import io.facegate.account.FaceGateUser;
import io.facegate.web.Clients;
import io.facegate.web.Flash;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds the passkeys to the account page's model ({@code passkeys}: {@link Card}s, oldest first), without the
 * account package knowing about passkeys. Only for the page itself ({@code GET /account} as HTML).
 */
@ControllerAdvice(assignableTypes = AccountController.class)
public class PasskeyAccountPage {

    private final PasskeyRegistration passkeys;

    /** @param passkeys the account's passkeys */
    public PasskeyAccountPage(PasskeyRegistration passkeys) {
        this.passkeys = passkeys;
    }

    /**
     * One passkey on the page.
     *
     * @param passkey    the passkey
     * @param number     its place from 1 (oldest)
     * @param createdText  when it was added, UTC text (the page's script shows local time)
     * @param lastUsedText when it last logged in, UTC text, or {@code never}
     */
    public record Card(PasskeyRegistration.Passkey passkey, int number, String createdText, String lastUsedText) {
    }

    /**
     * @param user    logged-in user
     * @param request request
     * @param model   page model
     */
    @ModelAttribute
    public void addPasskeys(@AuthenticationPrincipal FaceGateUser user, HttpServletRequest request, Model model) {
        if (user == null || !"GET".equals(request.getMethod()) || !"/account".equals(Clients.path(request))
                || Clients.wantsJson(request)) {
            return;
        }
        List<Card> cards = new ArrayList<>();
        for (PasskeyRegistration.Passkey p : passkeys.list(user.getUsername())) {
            cards.add(new Card(p, cards.size() + 1, PasskeyRegistration.text(p.createdAt()),
                    PasskeyRegistration.text(p.lastUsedAt())));
        }
        model.addAttribute("passkeys", cards);
        if (request.getParameter("passkeyAdded") != null && !model.containsAttribute(Flash.ATTRIBUTE)) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.success("Passkey added: you can now log in with it."));
        }
    }
}
