package org.mediachange.daemon.dialog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lines from the dialog process: bounded, cut when too long, and the rest of a cut line skipped. */
class BoundedLineReaderTest {

    private static BoundedLineReader reader(String text, int max) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void linesComeOneByOneWithoutTheirEnds() throws IOException {
        BoundedLineReader r = reader("ready\r\nanswer 1 ok\n\npong 2", 16);
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("ready", false));
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("answer 1 ok", false));
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("", false));
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("pong 2", false));
        assertThat(r.next()).isNull();
    }

    @Test
    void aLineOfExactlyTheLimitIsWhole() throws IOException {
        BoundedLineReader r = reader("12345678\nab\n", 8);
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("12345678", false));
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("ab", false));
    }

    @Test
    void aLongerLineIsCutAndItsRestSkipped() throws IOException {
        BoundedLineReader r = reader("123456789abcdefghijklmnop\nnext\n", 8);
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("12345678", true));
        assertThat(r.next()).isEqualTo(new BoundedLineReader.Line("next", false));
        assertThat(r.next()).isNull();
    }

    @Test
    void aLineWithoutEndIsCutAtOnceAndCostsNoMoreThanTheLimit() throws IOException {
        // An endless stream of 'x': the reader must return after the limit, not wait for an LF.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        BoundedLineReader r = new BoundedLineReader(endless, 1024);
        BoundedLineReader.Line line = r.next();
        assertThat(line.cut()).isTrue();
        assertThat(line.text()).hasSize(1024);
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws IOException {
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(new byte[] {'a', (byte) 0xff, '\n'}), 8);
        assertThat(r.next().text()).isEqualTo("a\ufffd");
    }
}
