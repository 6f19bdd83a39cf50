package io.facegate.account;

import java.util.function.Supplier;

import org.springframework.stereotype.Service;

import io.facegate.audit.LoginAudit;
import io.facegate.throttle.AccountRef;
import io.facegate.throttle.AttemptMethod;
import io.facegate.throttle.LoginThrottle;
import io.facegate.throttle.TooManyAttemptsException;
import io.facegate.throttle.Verdict;

/**
 * Limits the Face ID setups that compare a face with every enrolled one ({@link AttemptMethod#FACE_SETUP},
 * {@link io.facegate.throttle.ThrottleRules#faceSetup()}). Setup refuses a face already set up for another account
 * ({@code face_not_unique}); without a limit one account could send photos of person after person and learn who
 * has Face ID here. A setup is counted before the comparison, on the account, the client address and the pair, and
 * the count is kept whether the face was stored or refused as already enrolled (so that a stored face in between
 * does not reset it); a setup refused for its pictures (blurred, dark, several faces, …) never reached the
 * comparison and is taken back. Every counted setup, and every one refused by the limit, goes into the audit trail
 * (the account page's recent activity).
 */
@Service
public class FaceSetupThrottle {

    /** The refusal code that tells an enrolled face (the one the limit is for). */
    static final String FACE_NOT_UNIQUE = "face_not_unique";

    private final LoginThrottle throttle;
    private final LoginAudit audit;

    /**
     * @param throttle the shared counters (table {@code login_counters}, every instance)
     * @param audit    the audit trail
     */
    public FaceSetupThrottle(LoginThrottle throttle, LoginAudit audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * Runs one Face ID setup under the limit.
     *
     * @param user    the account setting Face ID up
     * @param address the client's address
     * @param setup   the setup itself
     * @return the setup's result
     * @throws TooManyAttemptsException 429 with {@code Retry-After} when the account, the address or the pair must
     *                                  wait; the setup does not run
     */
    public FaceEnrollment.EnrollmentResult enroll(FaceGateUser user, String address,
                                                  Supplier<FaceEnrollment.EnrollmentResult> setup) {
        AccountRef account = new AccountRef(UserAccount.keyOf(user.getUsername()), user.getId());
        Verdict verdict = throttle.attempt(AttemptMethod.FACE_SETUP, account, address);
        if (!verdict.allowed()) {
            TooManyAttemptsException refusal = TooManyAttemptsException.of(verdict, AttemptMethod.FACE_SETUP, false);
            audit.record(AttemptMethod.FACE_SETUP, LoginAudit.THROTTLED, refusal.code(), user.getId(), address);
            throw refusal;
        }
        FaceEnrollment.EnrollmentResult result;
        try {
            result = setup.get();
        } catch (RuntimeException e) {
            throttle.withdraw(AttemptMethod.FACE_SETUP, account, address);
            throw e;
        }
        if (result.enrolled()) {
            audit.record(AttemptMethod.FACE_SETUP, LoginAudit.SUCCESS, "ok", user.getId(), address);
        } else if (FACE_NOT_UNIQUE.equals(result.error())) {
            audit.record(AttemptMethod.FACE_SETUP, LoginAudit.FAILURE, result.error(), user.getId(), address);
        } else {
            throttle.withdraw(AttemptMethod.FACE_SETUP, account, address);
        }
        return result;
    }
}
