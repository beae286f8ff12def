package org.mediachange.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mediachange.daemon.dialog.ScriptedOperator;
import org.mediachange.daemon.web.auth.Authenticator;
import org.mediachange.daemon.web.http.WebLimits;
import org.slf4j.LoggerFactory;

/**
 * Wrong passwords over real HTTP: refused, logged without the password, and
 * slowed down per address. Each test has a console of its own, so the
 * failures of one never throttle another.
 */
@Timeout(60)
class WebLoginTest {

    private static final String CSRF = "X-Requested-By";

    @TempDir
    Path dir;

    private static HttpResponse<String> login(RunningWeb web, String name, String password) throws Exception {
        return web.post("/login", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}", CSRF,
                "mediachange");
    }

    @Test
    void loginNeedsTheCsrfHeaderAndTheRightPasswordAndFailuresAreLoggedWithoutIt() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(Authenticator.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        log.addAppender(captured);
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir, WebLimits.DEFAULT)) {
            HttpResponse<String> noHeader = web.post("/login", "{\"name\":\"alice\",\"password\":\""
                    + RunningWeb.PASSWORD + "\"}");
            assertThat(noHeader.statusCode()).isEqualTo(403);
            assertThat(noHeader.headers().firstValue("Set-Cookie")).isEmpty();

            HttpResponse<String> wrong = login(web, "alice", "guess-one");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).isEqualTo("{\"error\":\"wrong name or password\"}");
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(login(web, "mallory", "guess-two").statusCode()).isEqualTo(401);
            assertThat(web.post("/login", "not json", CSRF, "mediachange").statusCode()).isEqualTo(400);
            assertThat(login(web, "alice", RunningWeb.PASSWORD).statusCode()).isEqualTo(200);
        } finally {
            log.detachAppender(captured);
        }
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.equals("web console: login failed for \"alice\" from 127.0.0.1"
                        + " (1 failure(s) in a row from there)"))
                .anyMatch(m -> m.contains("login failed for \"mallory\""))
                .noneMatch(m -> m.contains("guess"));
    }

    @Test
    void wrongBasicCredentialsAre401() throws Exception {
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir, WebLimits.DEFAULT)) {
            assertThat(web.get("/api/requests", "Authorization", RunningWeb.basic("alice", "nope")).statusCode())
                    .isEqualTo(401);
            assertThat(web.get("/api/requests", "Authorization", "Basic !!!").statusCode()).isEqualTo(401);
            assertThat(web.get("/api/requests", "Authorization", "Bearer abc").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void afterThreeFailuresTheAddressMustWaitEvenWithTheRightPassword() throws Exception {
        try (RunningWeb web = RunningWeb.start(ScriptedOperator.holding(), dir, WebLimits.DEFAULT)) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(web, "alice", "guess " + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = login(web, "alice", RunningWeb.PASSWORD);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
            assertThat(throttled.body()).contains("too many failed logins from this address");
            assertThat(web.get("/api/requests", "Authorization", RunningWeb.basic("alice", RunningWeb.PASSWORD))
                    .statusCode()).isEqualTo(429);
            Thread.sleep(1100); // the wait it was told
            assertThat(login(web, "alice", RunningWeb.PASSWORD).statusCode()).isEqualTo(200);
        }
    }
}
