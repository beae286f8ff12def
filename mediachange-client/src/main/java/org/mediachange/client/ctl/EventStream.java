package org.mediachange.client.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection to the console's live stream, read as lines. The HTTP client
 * pushes the body into a queue that the reader polls with a time limit, so
 * the reader never blocks on the network: a stream that falls silent is
 * noticed, and {@link #close} from another thread (Ctrl-C) ends the wait at
 * once. Bounded: the body is requested one piece at a time and only while
 * fewer than {@value #MAX_QUEUED} lines wait, and a line longer than
 * {@value #MAX_LINE_BYTES} bytes ends the stream.
 */
final class EventStream implements AutoCloseable {

    static final int MAX_LINE_BYTES = 4 << 20;
    static final int MAX_QUEUED = 256;
    static final int MAX_ERROR_BYTES = 64 << 10;

    /** What the reader takes next. */
    sealed interface Item {
    }

    /** One line of the stream, without its line end. */
    record Line(String text) implements Item {
    }

    /** The stream ended: {@code why}, or null when the console ended it. */
    record End(String why) implements Item {
    }

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();
    private final Object lock = new Object();
    private CompletableFuture<HttpResponse<byte[]>> response;
    private Flow.Subscription subscription;
    private boolean demanded;
    private boolean ended;

    /** Sends {@code request}; the answer arrives in the background. */
    void start(HttpClient http, HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> r = http.sendAsync(request, this::subscriberFor);
        synchronized (lock) {
            response = r;
            if (ended) {
                r.cancel(true);
                return;
            }
        }
        r.whenComplete((done, failure) -> {
            if (failure != null) {
                headers.completeExceptionally(failure);
                end(reason(failure));
            } else {
                end(null);
            }
        });
    }

    private HttpResponse.BodySubscriber<byte[]> subscriberFor(HttpResponse.ResponseInfo info) {
        headers.complete(info);
        return info.statusCode() == 200 ? new LineSplitter() : new LimitedBody(MAX_ERROR_BYTES);
    }

    /** The status and headers, once they are in. */
    HttpResponse.ResponseInfo awaitHeaders(Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        return timeout.isZero() ? headers.get() : headers.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The whole response, for one that is not a stream (an error with its explanation). */
    HttpResponse<byte[]> awaitResponse(Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> r;
        synchronized (lock) {
            r = response;
        }
        return timeout.isZero() ? r.get() : r.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next line or the end; null if nothing came within {@code wait}. */
    Item next(Duration wait) throws InterruptedException {
        Item item = items.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (item instanceof Line) {
            demand();
        }
        return item;
    }

    /** Ends the stream: the connection is dropped, and a waiting {@link #next} returns at once. */
    @Override
    public void close() {
        end("closed");
        headers.completeExceptionally(new CancellationException("closed"));
        CompletableFuture<HttpResponse<byte[]>> r;
        synchronized (lock) {
            r = response;
        }
        if (r != null) {
            r.cancel(true);
        }
    }

    private void end(String why) {
        Flow.Subscription s;
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            s = subscription;
            items.offer(new End(why));
        }
        if (s != null) {
            s.cancel();
        }
    }

    private void demand() {
        Flow.Subscription s;
        synchronized (lock) {
            if (ended || demanded || subscription == null || items.size() >= MAX_QUEUED) {
                return;
            }
            demanded = true;
            s = subscription;
        }
        s.request(1);
    }

    /** What went wrong, in a few words: the first message along the chain of causes. */
    static String reason(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x.getMessage() != null && !x.getMessage().isBlank()) {
                return x.getMessage();
            }
        }
        return c.getClass().getSimpleName();
    }

    /**
     * Splits the body into lines at CR LF, LF or CR, as Server-Sent Events
     * allow all three, also when a CR LF is split between two pieces.
     */
    private final class LineSplitter implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean afterCr;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (lock) {
                if (ended) {
                    s.cancel();
                    return;
                }
                subscription = s;
            }
            demand();
        }

        @Override
        public void onNext(List<ByteBuffer> pieces) {
            synchronized (lock) {
                demanded = false;
            }
            for (ByteBuffer b : pieces) {
                while (b.hasRemaining()) {
                    byte c = b.get();
                    if (c == '\n' && afterCr) {
                        afterCr = false;
                    } else if (c == '\n' || c == '\r') {
                        afterCr = c == '\r';
                        items.offer(new Line(line.toString(StandardCharsets.UTF_8)));
                        line.reset();
                    } else if (line.size() >= MAX_LINE_BYTES) {
                        IOException tooLong = new IOException("a line of the event stream is longer than "
                                + MAX_LINE_BYTES + " bytes");
                        end(tooLong.getMessage());
                        body.completeExceptionally(tooLong);
                        return;
                    } else {
                        afterCr = false;
                        line.write(c);
                    }
                }
            }
            demand();
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            // A last line without its line end cannot finish an event: the parser would drop it anyway.
            body.complete(null);
        }
    }
}
