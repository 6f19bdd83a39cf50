package io.facegate.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A client's address in one spelling, and the network that limits count it in. The container gives the address as
 * the trusted proxy wrote it ({@code TRUSTED_PROXIES}), so one client could appear under many spellings
 * ({@code 2001:DB8::1}, {@code 2001:db8:0:0:0:0:0:1}, {@code [2001:db8::1]}, {@code ::ffff:203.0.113.7},
 * {@code 203.000.113.7}, …) and, over IPv6, under any address of its network: a subscriber gets at least a /64 and
 * can take a new address of it for every request. Parsing never looks a name up.
 */
public final class ClientAddress {

    /** The one key of anything that is not an IP address (so that garbage cannot make counters of its own). */
    public static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    /**
     * @param raw an address as the container or a proxy header gives it
     * @return IPv4 as four decimal numbers ({@code 203.0.113.7}, also for an IPv4-mapped IPv6 address); IPv6 in the
     *         RFC 5952 form (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::},
     *         no zone, no brackets, no port); {@link #UNKNOWN} for anything else
     */
    public static String canonical(String raw) {
        InetAddress parsed = parse(raw);
        if (parsed == null) {
            return UNKNOWN;
        }
        return parsed instanceof Inet6Address v6 ? rfc5952(v6.getAddress()) : parsed.getHostAddress();
    }

    /**
     * @param raw an address as the container or a proxy header gives it
     * @return the key of the client's network: the IPv4 address itself, the /64 of an IPv6 address (e.g.
     *         {@code 2001:db8:42:9::/64}), {@link #UNKNOWN} for anything that is not an IP address
     */
    public static String network(String raw) {
        InetAddress parsed = parse(raw);
        if (parsed == null) {
            return UNKNOWN;
        }
        if (parsed instanceof Inet6Address v6) {
            byte[] prefix = new byte[16];
            System.arraycopy(v6.getAddress(), 0, prefix, 0, 8);
            return rfc5952(prefix) + "/64";
        }
        return parsed.getHostAddress();
    }

    /** @return the address, IPv4-mapped IPv6 as IPv4; null when {@code raw} is not an IP literal */
    private static InetAddress parse(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) { // Forwarded: for="[…]:port"
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) { // [v6] or [v6]:port
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
            s = s.substring(0, s.indexOf(':')); // v4:port
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // Only hex digits, ':' and '.', with a ':': the JDK parses it as a literal and never asks DNS (a string
            // that is not a valid IPv6 literal is refused as one).
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Four decimal numbers 0–255 (leading zeros read as decimal), or null. */
    private static InetAddress ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** RFC 5952 section 4: the text of a 16-byte address. */
    private static String rfc5952(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
