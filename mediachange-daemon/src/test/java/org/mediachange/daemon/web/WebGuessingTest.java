package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.testing.LogCapture;
import org.mediachange.daemon.web.auth.Authenticator;
import org.mediachange.daemon.web.auth.GuessLimits;
import org.mediachange.daemon.web.auth.OperatorsFile;
import org.mediachange.daemon.web.auth.PasswordHash;

/**
 * Password guessing over real HTTP on loopback, from chosen 127.0.0.N source
 * addresses: the budgets cannot be outrun by sending all at once, and a client
 * that logged in before (browser device cookie, or mediachangectl's token with
 * HTTP Basic) gets in while others guess.
 *
 * <p>The 2 s bounds are functional, not benchmarks: a trusted login waits for
 * no untrusted check and no throttle, so it costs one check of its operator's
 * own hash. Here that hash has {@value #ALICE_ROUNDS} rounds (about 0.1 s on
 * this 2-core machine, well under 1 s even with every core busy elsewhere),
 * while the attackers aim at bob's {@value #BOB_ROUNDS}-round entry (and
 * decoys of as much): a login that had to wait behind their queue would take
 * tens of seconds, not 2. The guessers are bounded in count and time.
 */
@Timeout(180)
class WebGuessingTest {

    static final int ALICE_ROUNDS = 100_000;
    static final int BOB_ROUNDS = 1_000_000;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "correct horse battery staple";
    private static final long BOUND_MILLIS = 2000;

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private Path operators() throws Exception {
        Path file = dir.resolve("two-operators");
        OperatorsFile.setPassword(file, ALICE, PasswordHash.create(PASSWORD.toCharArray(), ALICE_ROUNDS));
        OperatorsFile.setPassword(file, "bob", PasswordHash.create("bob's own secret".toCharArray(), BOB_ROUNDS));
        return file;
    }

    private RunningWeb start(GuessLimits guess) throws Exception {
        return start(guess, operators());
    }

    private RunningWeb start(GuessLimits guess, Path operators) throws Exception {
        return RunningWeb.with(ScriptedOperator.holding(), dir).operatorsFile(operators).guess(guess).start();
    }

    /** Sends {@code n} logins at once (each from {@code from.get(i)}), returns their statuses. */
    private List<Integer> atOnce(RunningWeb web, int n, java.util.function.IntFunction<InetAddress> from,
            java.util.function.IntFunction<String> name) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            replies.add(pool.submit(() -> {
                go.await();
                return FromAddress.login(web, from.apply(k), name.apply(k), "guess " + k, null).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : replies) {
            statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        return statuses;
    }

    @Test
    void twentyWrongLoginsAtOnceFromOneAddressRunAtMostTheBudgetedChecks() throws Exception {
        try (RunningWeb web = start(GuessLimits.DEFAULT);
                LogCapture log = new LogCapture(Authenticator.class.getName())) {
            long before = web.web.passwordChecks();
            List<Integer> statuses = atOnce(web, 20, i -> FromAddress.loopback(5), i -> ALICE);
            long checks = web.web.passwordChecks() - before;
            System.out.printf("20 wrong logins at once from 127.0.0.5: %d password checks, statuses %s%n", checks,
                    statuses);
            assertThat(checks).isEqualTo(GuessLimits.DEFAULT.addressFree());
            assertThat(statuses).filteredOn(s -> s == 401).hasSize((int) checks);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(20 - (int) checks);
            assertThat(log.lines()).filteredOn(l -> l.contains("login failed for \"alice\" from 127.0.0.5"))
                    .hasSize((int) checks);
            assertThat(log.lines()).filteredOn(l -> l.contains("refused unchecked: too many failures from this"
                    + " address")).hasSize(20 - (int) checks);
            // What /metrics exposes as mediachange_web_login_failures_total{reason=...}.
            assertThat(web.web.loginFailures().count("wrong")).isEqualTo(checks);
            assertThat(web.web.loginFailures().count("throttled")).isEqualTo(20 - checks);
            assertThat(web.web.loginFailures().count("busy")).isZero();
        }
    }

    @Test
    void everyLoopbackAddressIsOneSource() throws Exception {
        try (RunningWeb web = start(GuessLimits.DEFAULT)) {
            long before = web.web.passwordChecks();
            List<Integer> statuses = atOnce(web, 20, i -> FromAddress.loopback(2 + i), i -> "name" + i);
            long checks = web.web.passwordChecks() - before;
            System.out.printf("20 wrong logins at once from 127.0.0.2-21: %d password checks%n", checks);
            assertThat(checks).isLessThanOrEqualTo(GuessLimits.DEFAULT.addressFree());
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(20 - (int) checks);
        }
    }

    @Test
    void aClientThatLoggedInBeforeGetsInWhileAnAttackerGuessesWithoutPauseFromTheSameAddress() throws Exception {
        InetAddress local = FromAddress.loopback(1);
        Path operators = operators();
        String browser;
        String ctl;
        try (RunningWeb earlier = start(GuessLimits.DEFAULT, operators)) {
            // Earlier: alice logged in here in her browser, and ran mediachangectl once.
            browser = FromAddress.login(earlier, local, ALICE, PASSWORD, null).cookie("mediachange-device")
                    .orElseThrow();
            FromAddress.Response first = FromAddress.basic(earlier, local, "/api/requests", ALICE, PASSWORD, null);
            assertThat(first.status()).isEqualTo(200);
            ctl = first.cookie("mediachange-device").orElseThrow();
        }
        // The daemon has restarted since (same secret): it no longer remembers that Basic success, so
        // mediachangectl's first request below runs a password check of its own, under attack.
        try (RunningWeb web = start(GuessLimits.DEFAULT, operators)) {
            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> attackerGot = new ConcurrentHashMap<>();
            List<Future<?>> attackers = new ArrayList<>();
            long attackEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int t = 0; t < 2; t++) {
                attackers.add(pool.submit(() -> {
                    for (int n = 0; n < 100_000 && !stop.get() && System.nanoTime() - attackEnd < 0; n++) {
                        int s = FromAddress.login(web, local, ALICE, "guess " + n, null).status();
                        attackerGot.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            // Five failures in a row: the address now waits 4 s between two checks of its guesses.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (attackerGot.getOrDefault(401, new AtomicInteger()).get() < 5 && System.nanoTime() - end < 0) {
                Thread.sleep(5);
            }

            // Someone logging in here for the first time is held up with the attacker, and told what to do.
            FromAddress.Response newcomer = FromAddress.login(web, local, ALICE, PASSWORD, null);
            assertThat(newcomer.status()).isEqualTo(429);
            assertThat(newcomer.body()).contains("a browser or mediachangectl that has logged in as this operator"
                    + " before is not held up");

            List<Long> browserMillis = new ArrayList<>();
            List<Long> ctlMillis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                FromAddress.Response r = FromAddress.login(web, local, ALICE, PASSWORD, browser);
                browserMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(r.status()).as("browser login %d: %s", i, r.body()).isEqualTo(200);
                browser = r.cookie("mediachange-device").orElseThrow(); // renewed at each login

                long checksBefore = web.web.passwordChecks();
                t0 = System.nanoTime();
                FromAddress.Response c = FromAddress.basic(web, local, "/api/requests", ALICE, PASSWORD, ctl);
                ctlMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(c.status()).as("mediachangectl request %d: %s", i, c.body()).isEqualTo(200);
                if (i == 0) {
                    assertThat(web.web.passwordChecks()).as("the first one checked its password")
                            .isGreaterThan(checksBefore);
                }
                Thread.sleep(300);
            }
            stop.set(true);
            for (Future<?> a : attackers) {
                a.get(60, TimeUnit.SECONDS);
            }
            System.out.printf("under attack from 127.0.0.1 (%s): browser logins %s ms, mediachangectl %s ms (the first"
                    + " with a password check, then remembered)%n",
                    attackerGot, browserMillis, ctlMillis);
            assertThat(browserMillis).allSatisfy(ms -> assertThat(ms).isLessThan(BOUND_MILLIS));
            assertThat(ctlMillis).allSatisfy(ms -> assertThat(ms).isLessThan(BOUND_MILLIS));
            assertThat(attackerGot.get(429).get()).as("attempts refused unchecked").isGreaterThan(100);
            assertThat(attackerGot.getOrDefault(200, new AtomicInteger()).get()).isZero();
        }
    }

    @Test
    void aTrustedLoginWaitsForNoneOf45UntrustedChecksFrom45Addresses() throws Exception {
        // Budgets wide open, so that all 45 guesses reach the password checks and queue for them.
        GuessLimits open = new GuessLimits(3, 1000, 3, 1000, Duration.ofSeconds(1), 64, false, 2, 1,
                Duration.ofSeconds(10));
        InetAddress local = FromAddress.loopback(1);
        try (RunningWeb web = start(open)) {
            String device = FromAddress.login(web, local, ALICE, PASSWORD, null).cookie("mediachange-device")
                    .orElseThrow();
            long before = web.web.passwordChecks();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                int k = i;
                guesses.add(pool.submit(() -> {
                    go.await();
                    return FromAddress.login(web, FromAddress.loopback(10 + k), "bob", "guess " + k, null).status();
                }));
            }
            go.countDown();
            while (web.web.passwordChecks() == before) {
                Thread.sleep(5);
            }
            Thread.sleep(300); // the other guesses are queued behind the one being checked
            long t0 = System.nanoTime();
            FromAddress.Response r = FromAddress.login(web, local, ALICE, PASSWORD, device);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long untrustedDone = web.web.passwordChecks() - before - 1;
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : guesses) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            System.out.printf("45 guesses from 45 addresses: trusted login in %d ms, %d of the 45 checked by then;"
                    + " statuses %s%n", millis, untrustedDone, statuses);
            assertThat(r.status()).isEqualTo(200);
            assertThat(millis).isLessThan(BOUND_MILLIS);
            assertThat(untrustedDone).as("the login did not wait for the queue").isLessThan(40);
            assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(401, 503));
        }
    }

    @Test
    void withTheDefaultBudgets45AddressesTogetherGetTheTotalBudget() throws Exception {
        try (RunningWeb web = start(GuessLimits.DEFAULT.withLoopbackAsOne(false))) {
            long before = web.web.passwordChecks();
            List<Integer> statuses = atOnce(web, 45, i -> FromAddress.loopback(10 + i), i -> "nobody" + i);
            long admitted = statuses.stream().filter(s -> s != 429).count();
            System.out.printf("45 wrong logins at once from 45 addresses: %d admitted, %d checks, statuses %s%n",
                    admitted, web.web.passwordChecks() - before, statuses);
            // The total budget (10 at once), and perhaps one more if sending them took over 3 s.
            assertThat(admitted).isLessThanOrEqualTo(GuessLimits.DEFAULT.totalBurst() + 1);
            assertThat(web.web.passwordChecks() - before).isEqualTo(statuses.stream().filter(s -> s == 401).count());
        }
    }
}
