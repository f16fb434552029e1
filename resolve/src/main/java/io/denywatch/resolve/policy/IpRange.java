package io.denywatch.resolve.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, as {@code IpAddress} and {@code NotIpAddress} conditions write it
 * ("IAM JSON policy elements: Condition operators", IP address condition operators); a bare address is a range of
 * one. Addresses are parsed as literals only: a host name is not an address, and is never looked up.
 */
record IpRange(byte[] network, int prefixBits) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    static Optional<IpRange> parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        Optional<byte[]> address = address(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int maxBits = address.get().length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (bits < 0 || bits > maxBits) {
            return Optional.empty();
        }
        return Optional.of(new IpRange(address.get(), bits));
    }

    /** An IPv4 or IPv6 literal as bytes; empty for anything else, e.g. {@code AWS Internal} or a service name. */
    static Optional<byte[]> address(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(bytes);
        }
        // Only colon-bearing hex text reaches InetAddress, which then parses it as an IPv6 literal and never resolves.
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
            try {
                // An IPv4-mapped IPv6 address comes back as its IPv4 address, which is what AWS compares it as.
                return Optional.of(InetAddress.getByName(text).getAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether the address lies in the range; an address of the other family never does. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefixBits;
        return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }
}
