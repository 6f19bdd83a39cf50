package io.facegate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Checks {@code TRUSTED_PROXIES} ({@code server.tomcat.remoteip.trusted-proxies}) at start: comma-separated IP
 * addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); anything else stops start-up, since Tomcat
 * would otherwise trust nobody without saying so. A prefix length must fit the address (0–32 for IPv4, 0–128 for
 * IPv6). With a web server, {@link ServerSettingsCheck} runs this check before Tomcat reads the value.
 *
 * <p>Tomcat's {@code RemoteIpValve} reads the value as CIDR ranges only when it contains a {@code /}, and otherwise as
 * a regular expression: {@code 127.0.0.1,10.0.0.1} then matches no address (a README-only tester: every user
 * counted as the proxy's address, no HSTS, no Secure cookies). So the valve is handed the value as ranges
 * ({@link #asRanges}: a plain address becomes a /32 or /128 range) after Spring Boot has set it up.
 */
@Configuration(proxyBeanMethods = false)
public class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * @param value the setting, may be empty (no proxy trusted)
     * @return the same value, checked
     * @throws InvalidSettingException naming the first entry that is neither an address nor a range
     */
    public static String check(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            boolean v4 = IPV4.matcher(address).matches();
            boolean v6 = !v4 && IPV6.matcher(address).matches() && address.length() <= 45 && isIpv6(address);
            boolean ok = v4 || v6;
            if (ok && slash >= 0) {
                String bits = entry.substring(slash + 1);
                ok = bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= (v4 ? 32 : 128);
            }
            if (!ok) {
                throw new InvalidSettingException("TRUSTED_PROXIES: '" + entry + "' is not an IP address or a CIDR "
                        + "range; give comma-separated addresses or ranges such as 10.0.0.0/8, or leave it empty.");
            }
        }
        return value;
    }

    /**
     * @param value a checked setting ({@link #check})
     * @return the same addresses and ranges, each plain address as its one-address range ({@code /32} for IPv4,
     *         {@code /128} for IPv6), comma-separated; empty for an empty setting
     */
    public static String asRanges(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        List<String> ranges = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            ranges.add(entry.indexOf('/') >= 0 ? entry : entry + (entry.indexOf(':') >= 0 ? "/128" : "/32"));
        }
        return String.join(",", ranges);
    }

    /** Parses an IPv6 literal in brackets, which Java never looks up as a host name. */
    private static boolean isIpv6(String address) {
        try {
            InetAddress.getByName("[" + address + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * @param value {@code server.tomcat.remoteip.trusted-proxies}
     * @return the customizer that gives Tomcat's {@code RemoteIpValve} the setting as ranges, after Spring Boot's
     *         (EarlySettingsCheck refuses a wrong setting before this; checked here again as it is converted)
     * @throws InvalidSettingException for a wrong setting ({@link #check})
     */
    @Bean
    WebServerFactoryCustomizer<TomcatWebServerFactory> trustedProxiesAsRanges(
            @Value("${server.tomcat.remoteip.trusted-proxies:}") String value) {
        return new AsRanges(asRanges(check(value)));
    }

    /** Sets the trusted proxies of the remote-address valve Spring Boot added (if any) to the ranges. */
    private record AsRanges(String ranges) implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatWebServerFactory factory) {
            factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance)
                    .forEach(valve -> ((RemoteIpValve) valve).setTrustedProxies(ranges.isEmpty() ? null : ranges));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
