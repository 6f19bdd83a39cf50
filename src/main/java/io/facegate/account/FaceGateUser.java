package io.facegate.account;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The logged-in principal: Spring Security's user plus the account's database id. */
public class FaceGateUser extends User {

    private final long id;

    /**
     * @param account the account row
     */
    public FaceGateUser(UserAccount account) {
        super(account.getUsername(), account.getPasswordHash(), List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.id = account.getId();
    }

    /** @return the account's id */
    public long getId() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceGateUser other && other.id == id && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
