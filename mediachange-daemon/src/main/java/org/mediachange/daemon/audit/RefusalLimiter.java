package org.mediachange.daemon.audit;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.mediachange.common.net.Addresses;
import org.mediachange.daemon.model.Ending;

/**
 * Decides which refusals ({@code denied}, {@code busy}) get an audit line of
 * their own, so that a flood of refused connections cannot push the real
 * audit history out of a size-capped log. Time is cut into windows; in each,
 * a source gets at most {@link Limits#linesPerSource()} lines and all sources
 * together at most {@link Limits#linesInAll()}. Further refusals are only
 * counted, and when the window ends each source whose refusals were only
 * counted gets one {@link Summary} per outcome.
 *
 * <p>A source is an IPv4 address or an IPv6 /64 (one host can easily hold a
 * whole /64). At most {@link Limits#maxSources()} sources are told apart in a
 * window; refusals from any further source are counted together as
 * {@link #OTHERS}. So memory stays bounded whatever the flood, and so does
 * the number of lines a window can write.
 *
 * <p>A window opens with the first refusal after a quiet spell and ends
 * {@link Limits#window()} later; the caller asks for the ended window's
 * summaries with {@link #expire()} (after each {@link #admit}, and from a
 * timer so they are written even if the flood simply stops) and with
 * {@link #drain()} at shutdown. Thread-safe; time comes from the given clock.
 */
public final class RefusalLimiter {

    /** The {@link Summary#source()} of refusals from sources beyond {@link Limits#maxSources()}. */
    public static final String OTHERS = "others";

    private static final int IPV6_PREFIX_BYTES = 8;

    /**
     * How much a flood may write.
     *
     * @param window         length of one counting window
     * @param linesPerSource refusal lines one source may write in a window
     * @param linesInAll     refusal lines all sources together may write in a window
     * @param maxSources     sources told apart in a window; the rest count as {@link #OTHERS}
     */
    public record Limits(Duration window, int linesPerSource, int linesInAll, int maxSources) {

        /**
         * 10 s, 10 lines per source, 100 in all, 100 sources: at most 100 refusal
         * lines plus 2 × 101 summaries (denied and busy) per 10 s, some 30 KB,
         * whatever the flood; a single flooding address writes 11 lines per 10 s.
         */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), 10, 100, 100);

        /** Checks that the window is positive and no count negative. */
        public Limits {
            if (window.isNegative() || window.isZero() || linesPerSource < 0 || linesInAll < 0 || maxSources < 0) {
                throw new IllegalArgumentException("bad refusal limits: " + window + ", "
                        + linesPerSource + ", " + linesInAll + ", " + maxSources);
            }
        }
    }

    /**
     * Refusals that got no line of their own in one window.
     *
     * @param outcome    {@link Ending.TurnedAway#DENIED} or {@link Ending.TurnedAway#BUSY}
     * @param source     the address, the IPv6 network ({@code 2001:db8:1:2::/64}), or {@link #OTHERS}
     * @param suppressed how many refusals
     * @param seconds    length of the window they fell in
     */
    public record Summary(Ending.TurnedAway outcome, String source, long suppressed, double seconds) {
    }

    /** An IPv4 address, or the /64 of an IPv6 one. */
    private record Source(boolean v6, long bits) {

        static Source of(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length == 4) {
                return new Source(false, ByteBuffer.wrap(a).getInt() & 0xFFFF_FFFFL);
            }
            return new Source(true, ByteBuffer.wrap(a).getLong());
        }

        String format() {
            if (!v6) {
                return Addresses.format(ByteBuffer.allocate(4).putInt((int) bits).array());
            }
            byte[] network = ByteBuffer.allocate(16).putLong(bits).array();
            return Addresses.format(network) + "/" + IPV6_PREFIX_BYTES * 8;
        }
    }

    /** What one source did in the current window. */
    private static final class Counts {
        int lines;
        long denied;
        long busy;
    }

    private final Limits limits;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<Source, Counts> sources = new LinkedHashMap<>();
    private final List<Summary> ended = new ArrayList<>();
    private Counts others;
    private boolean open;
    private long start;
    private int lines;
    private boolean suppressing;

    /**
     * A limiter with {@code limits}.
     *
     * @param nanoClock monotonic nanoseconds, {@code System::nanoTime} except in tests
     */
    public RefusalLimiter(Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.windowNanos = limits.window().toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one refusal from {@code peer}.
     *
     * @return whether it gets an audit line of its own; if not, it is in a later summary
     */
    public synchronized boolean admit(Ending.TurnedAway outcome, InetAddress peer) {
        Objects.requireNonNull(outcome, "outcome");
        long now = nanoClock.getAsLong();
        endIfOver(now);
        if (!open) {
            open = true;
            start = now;
        }
        Counts counts = countsOf(Source.of(peer));
        if (counts.lines < limits.linesPerSource() && lines < limits.linesInAll()) {
            counts.lines++;
            lines++;
            return true;
        }
        if (outcome == Ending.TurnedAway.DENIED) {
            counts.denied++;
        } else {
            counts.busy++;
        }
        suppressing = true;
        return false;
    }

    private Counts countsOf(Source source) {
        Counts counts = sources.get(source);
        if (counts != null) {
            return counts;
        }
        if (sources.size() < limits.maxSources()) {
            counts = new Counts();
            sources.put(source, counts);
            return counts;
        }
        if (others == null) {
            others = new Counts();
        }
        return others;
    }

    /** The summaries of every window that has ended and not been reported yet (usually none). */
    public synchronized List<Summary> expire() {
        endIfOver(nanoClock.getAsLong());
        return takeEnded();
    }

    /** As {@link #expire()}, and ends the current window now; for shutdown. */
    public synchronized List<Summary> drain() {
        long now = nanoClock.getAsLong();
        endIfOver(now);
        if (open) {
            end(now);
        }
        return takeEnded();
    }

    /**
     * Nanoseconds until {@link #expire()} has summaries to give: 0 if it has
     * now; -1 if none are coming (nothing was suppressed in the current window).
     */
    public synchronized long nanosUntilSummary() {
        if (!ended.isEmpty()) {
            return 0;
        }
        if (!open || !suppressing) {
            return -1;
        }
        return Math.max(0, start + windowNanos - nanoClock.getAsLong());
    }

    private void endIfOver(long now) {
        if (open && now - start >= windowNanos) {
            end(start + windowNanos);
        }
    }

    private void end(long at) {
        double seconds = (at - start) / 1e9;
        for (Map.Entry<Source, Counts> e : sources.entrySet()) {
            summarise(e.getKey().format(), e.getValue(), seconds);
        }
        if (others != null) {
            summarise(OTHERS, others, seconds);
        }
        sources.clear();
        others = null;
        open = false;
        lines = 0;
        suppressing = false;
    }

    private void summarise(String source, Counts counts, double seconds) {
        if (counts.denied > 0) {
            ended.add(new Summary(Ending.TurnedAway.DENIED, source, counts.denied, seconds));
        }
        if (counts.busy > 0) {
            ended.add(new Summary(Ending.TurnedAway.BUSY, source, counts.busy, seconds));
        }
    }

    private List<Summary> takeEnded() {
        if (ended.isEmpty()) {
            return List.of();
        }
        List<Summary> out = List.copyOf(ended);
        ended.clear();
        return out;
    }
}
