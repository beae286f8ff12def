package org.mediachange.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.mediachange.daemon.allow.AllowList;
import org.mediachange.daemon.audit.AuditLog;
import org.mediachange.daemon.dialog.DialogSurface;
import org.mediachange.daemon.dialog.OperatorPrompt;
import org.mediachange.daemon.dialog.WhenDialogFails;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.requests.RequestBoard;
import org.mediachange.daemon.server.AcceptLoop;
import org.mediachange.daemon.server.HostNames;
import org.mediachange.daemon.server.ServerConfig;
import org.mediachange.daemon.state.StateDirectory;
import org.mediachange.daemon.state.StateStore;

/**
 * Server core throughput: the daemon's real {@link AcceptLoop}, connection
 * handlers, protocol and audit log on 127.0.0.1, with an operator that answers
 * {@code Ok} at once (a test double wired in here, not an option of the
 * shipped daemon) and no DNS. Client threads in this JVM each run one request
 * after another (connect, send a line, read the answer to end of stream) for a
 * fixed time per round; every request is a new connection, as with the real
 * client.
 *
 * <p>Bounded: {@code --warmup} seconds plus {@code --rounds} times
 * {@code --round-seconds}, and at most {@code --max-requests} per thread and
 * round. Prints one {@code round ...} line per measured round and a final
 * {@code total ...} line of {@code key=value} pairs on stdout (read by
 * scripts/bench); exits 1 if any request did not get {@code Ok}. With
 * {@code --state-dir DIR} the board's state is saved there, as the daemon
 * does, and {@code state_writes} says how often the file was written.
 */
public final class ServerCoreBench {

    private static final byte[] REQUEST = "Please mount volume 3 of /dev/nst0\n".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "Ok\n";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ServerCoreBench() {
    }

    /** Settings from the command line. */
    private record Options(int threads, double warmupSeconds, int rounds, double roundSeconds, int maxRequests,
            Path stateDir) {

        static Options parse(String[] args) {
            int threads = 2;
            double warmup = 1.0;
            int rounds = 5;
            double roundSeconds = 1.0;
            int maxRequests = 100_000;
            Path stateDir = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--state-dir" -> stateDir = Path.of(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--warmup" -> warmup = Double.parseDouble(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--round-seconds" -> roundSeconds = Double.parseDouble(value);
                    case "--max-requests" -> maxRequests = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
                i++;
            }
            if (threads < 1 || rounds < 1 || roundSeconds <= 0 || warmup < 0 || maxRequests < 1
                    || roundSeconds > 60 || warmup > 60 || rounds > 100) {
                throw new IllegalArgumentException("out of range");
            }
            return new Options(threads, warmup, rounds, roundSeconds, maxRequests, stateDir);
        }
    }

    /** One client thread's results for one round. */
    private static final class Client implements Runnable {
        private final InetSocketAddress server;
        private final long endNanos;
        private final long[] latencies;
        private int count;
        private int errors;
        private String firstError;
        /** CPU time this thread used, so the server's share can be told apart. */
        private long cpuNanos;

        Client(InetSocketAddress server, long endNanos, int maxRequests) {
            this.server = server;
            this.endNanos = endNanos;
            this.latencies = new long[maxRequests];
        }

        @Override
        public void run() {
            byte[] buf = new byte[64];
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            while (count < latencies.length && System.nanoTime() < endNanos) {
                long t0 = System.nanoTime();
                String answer;
                try {
                    answer = exchange(buf);
                } catch (IOException e) {
                    answer = e.toString();
                }
                latencies[count++] = System.nanoTime() - t0;
                if (!EXPECTED.equals(answer)) {
                    errors++;
                    if (firstError == null) {
                        firstError = answer;
                    }
                }
            }
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
        }

        private String exchange(byte[] buf) throws IOException {
            try (Socket s = new Socket()) {
                s.setSoTimeout(10_000);
                s.connect(server, 5_000);
                OutputStream out = s.getOutputStream();
                out.write(REQUEST);
                out.flush();
                InputStream in = s.getInputStream();
                int n = 0;
                int r;
                while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                    n += r;
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
        }
    }

    /** The results of one round, all threads together. */
    private record Round(int requests, int errors, double seconds, long[] latencies, String firstError,
            long processCpuNanos, long clientCpuNanos) {
        double rps() {
            return requests / seconds;
        }

        /** CPU microseconds per request outside the client threads: the daemon's side, plus JVM overhead. */
        double serverCpuMicros() {
            return (processCpuNanos - clientCpuNanos) / 1e3 / requests;
        }

        double clientCpuMicros() {
            return clientCpuNanos / 1e3 / requests;
        }
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        // Before any logger exists: audit lines to /dev/null, problems to stderr.
        System.setProperty("logback.configurationFile", "mediachange-bench-logback.xml");
        Options opt = Options.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .allowList(AllowList.parse(List.of("127.0.0.0/8"))).maxPending(1024).maxPerSource(1024)
                .resolveTimeout(Duration.ofSeconds(1)).build();
        OperatorPrompt instant = request -> CompletableFuture.completedFuture(Decision.OK);
        // As the daemon keeps it (--state-dir): every request opens and closes on a board whose state is saved.
        StateStore store = null;
        RequestBoard board;
        if (opt.stateDir() != null) {
            StateStore.Opened state = StateStore.open(new StateDirectory(opt.stateDir()), Clock.systemUTC(),
                    OptionalLong::empty);
            store = state.store();
            board = new RequestBoard(Clock.systemUTC(), store, state.board());
            store.attach(board::saved).ifPresent(p -> System.err.println("mediachange-bench: " + p));
        } else {
            board = new RequestBoard();
        }
        DialogSurface.attach(board, instant, WhenDialogFails.END_REQUEST); // the operator as a surface of the board
        AcceptLoop loop = AcceptLoop.bind(config, HostNames.addressesOnly(), new AuditLog(), board);
        Thread acceptThread = loop.start();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), loop.localAddress().getPort());

        int exit = 0;
        try {
            if (opt.warmupSeconds() > 0) {
                runRound(server, opt.threads(), opt.warmupSeconds(), opt.maxRequests());
            }
            long writesBefore = store == null ? 0 : store.writes();
            List<Round> rounds = new ArrayList<>();
            for (int i = 1; i <= opt.rounds(); i++) {
                Round r = runRound(server, opt.threads(), opt.roundSeconds(), opt.maxRequests());
                rounds.add(r);
                out.println(String.format(Locale.ROOT, "round %d requests=%d errors=%d seconds=%.3f rps=%.0f"
                        + " p50_us=%.0f p99_us=%.0f server_cpu_us=%.0f client_cpu_us=%.0f", i, r.requests(),
                        r.errors(), r.seconds(), r.rps(), percentile(r.latencies(), 50) / 1e3,
                        percentile(r.latencies(), 99) / 1e3, r.serverCpuMicros(), r.clientCpuMicros()));
                if (r.firstError() != null) {
                    System.err.println("mediachange-bench: a request got " + r.firstError().strip());
                }
            }
            double[] rps = rounds.stream().mapToDouble(Round::rps).sorted().toArray();
            long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
            int errors = rounds.stream().mapToInt(Round::errors).sum();
            double[] serverCpu = rounds.stream().mapToDouble(Round::serverCpuMicros).sorted().toArray();
            double[] clientCpu = rounds.stream().mapToDouble(Round::clientCpuMicros).sorted().toArray();
            out.println(String.format(Locale.ROOT, "total threads=%d rounds=%d requests=%d errors=%d rps_min=%.0f"
                    + " rps_median=%.0f rps_max=%.0f p50_us=%.0f p95_us=%.0f p99_us=%.0f max_us=%.0f"
                    + " server_cpu_us=%.0f client_cpu_us=%.0f cores=%d state_writes=%d",
                    opt.threads(), rounds.size(), all.length, errors, rps[0], median(rps), rps[rps.length - 1],
                    percentile(all, 50) / 1e3, percentile(all, 95) / 1e3, percentile(all, 99) / 1e3,
                    all[all.length - 1] / 1e3, median(serverCpu), median(clientCpu),
                    Runtime.getRuntime().availableProcessors(), store == null ? -1 : store.writes() - writesBefore));
            exit = errors == 0 ? 0 : 1;
        } finally {
            loop.stop();
            acceptThread.join(5_000);
            if (store != null) {
                store.close();
            }
        }
        System.exit(exit);
    }

    private static Round runRound(InetSocketAddress server, int threads, double seconds, int maxRequests)
            throws InterruptedException {
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Client> clients = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Client c = new Client(server, end, maxRequests);
            Thread t = new Thread(c, "bench-client-" + i);
            clients.add(c);
            running.add(t);
            t.start();
        }
        for (Thread t : running) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long processCpu = OS.getProcessCpuTime() - cpu0;
        long clientCpu = clients.stream().mapToLong(c -> c.cpuNanos).sum();
        int requests = clients.stream().mapToInt(c -> c.count).sum();
        int errors = clients.stream().mapToInt(c -> c.errors).sum();
        long[] lat = new long[requests];
        int k = 0;
        String firstError = null;
        for (Client c : clients) {
            System.arraycopy(c.latencies, 0, lat, k, c.count);
            k += c.count;
            if (firstError == null) {
                firstError = c.firstError;
            }
        }
        Arrays.sort(lat);
        return new Round(requests, errors, elapsed, lat, firstError, processCpu, clientCpu);
    }

    /** Nearest-rank percentile of sorted {@code values}. */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
