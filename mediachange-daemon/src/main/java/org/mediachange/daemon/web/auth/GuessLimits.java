package org.mediachange.daemon.web.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets of password guessing (docs/WEB.md, "Security model"). A client
 * that has logged in as an operator before holds a device token for that
 * operator and is <em>trusted</em> for that name; every other attempt is
 * <em>untrusted</em>. Each attempt is counted before its password is checked.
 *
 * @param addressFree     untrusted failures in a row from one address (see {@code ipv6Prefix}) before each
 *                        next one must wait, doubling from 1 s to 5 min
 * @param nameFree        untrusted failures in a row for one name, from anywhere, before the same
 * @param deviceFree      failures in a row with one device token before the same
 * @param totalBurst      untrusted attempts at once, from everywhere together ...
 * @param totalEvery      ... then one more each this often
 * @param ipv6Prefix      IPv6 addresses count per network of this prefix length (a host has a /64)
 * @param loopbackAsOne   every loopback address (127.0.0.0/8, ::1) counts as one: a local user has them all
 * @param checks          password checks (PBKDF2) at once ...
 * @param untrustedChecks ... of which untrusted attempts may take at most this many, so a trusted
 *                        one never waits for them
 * @param checkWait       an attempt waits this long for a check slot, then gets 503
 */
public record GuessLimits(int addressFree, int nameFree, int deviceFree, int totalBurst, Duration totalEvery,
        int ipv6Prefix, boolean loopbackAsOne, int checks, int untrustedChecks, Duration checkWait) {

    /** The daemon's budgets. */
    public static final GuessLimits DEFAULT = new GuessLimits(3, 10, 3, 10, Duration.ofSeconds(3), 64, true, 2, 1,
            Duration.ofSeconds(10));

    /** Checks ranges. */
    public GuessLimits {
        Objects.requireNonNull(totalEvery, "totalEvery");
        Objects.requireNonNull(checkWait, "checkWait");
        if (addressFree < 1 || nameFree < 1 || deviceFree < 1 || totalBurst < 1 || totalEvery.isNegative()
                || totalEvery.isZero() || ipv6Prefix < 1 || ipv6Prefix > 128 || untrustedChecks < 1
                || checks <= untrustedChecks || checkWait.isNegative()) {
            throw new IllegalArgumentException("guess limits out of range");
        }
    }

    /** These limits with loopback addresses counted as one source ({@code true}) or each as its own. */
    public GuessLimits withLoopbackAsOne(boolean one) {
        return new GuessLimits(addressFree, nameFree, deviceFree, totalBurst, totalEvery, ipv6Prefix, one, checks,
                untrustedChecks, checkWait);
    }

    /** These limits with IPv6 addresses counted per network of {@code prefix} bits. */
    public GuessLimits withIpv6Prefix(int prefix) {
        return new GuessLimits(addressFree, nameFree, deviceFree, totalBurst, totalEvery, prefix, loopbackAsOne,
                checks, untrustedChecks, checkWait);
    }
}
