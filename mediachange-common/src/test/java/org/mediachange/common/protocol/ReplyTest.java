package org.mediachange.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Reply}: parsing and printing answer lines, exact word matching, and the shutdown marker. */
class ReplyTest {

    @ParameterizedTest
    @CsvSource({"OK, Ok", "CANCEL, Cancel", "DENIED, Denied", "BUSY, Busy", "TIMEOUT, Timeout", "ERROR, Error"})
    void eachAnswerWordParsesAndPrintsBack(Answer answer, String word) {
        assertThat(Reply.parse(word)).contains(Reply.of(answer));
        assertThat(Reply.of(answer).toLine()).isEqualTo(word);
        assertThat(answer.word()).isEqualTo(word);
    }

    @Test
    void errorKeepsItsReason() {
        assertThat(Reply.parse("Error line too long")).contains(new Reply(Answer.ERROR, "line too long"));
        assertThat(Reply.error("line too long").toLine()).isEqualTo("Error line too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ok extra", "Cancel now", "ok", "OK", "Okay", "", " Ok", "Ok ", "Yes", "error x"})
    void otherLinesAreNotAnswers(String line) {
        assertThat(Reply.parse(line)).isEmpty();
    }

    @Test
    void onlyErrorCarriesADetail() {
        assertThatThrownBy(() -> new Reply(Answer.OK, "extra"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ok carries no detail");
        assertThatThrownBy(() -> new Reply(Answer.CANCEL, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cancel carries no detail");
    }

    @Test
    void detailMustBeOneLine() {
        assertThatThrownBy(() -> Reply.error("two\nlines"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detail must be one line");
    }

    @Test
    void isShutdownOnlyForErrorShuttingDown() {
        assertThat(Reply.parse("Error shutting down")).hasValueSatisfying(r -> assertThat(r.isShutdown()).isTrue());
        assertThat(Reply.error("shutting down").isShutdown()).isTrue();
        assertThat(Reply.error("Shutting down").isShutdown()).isFalse();
        assertThat(Reply.error("shutting down now").isShutdown()).isFalse();
        assertThat(Reply.error("line too long").isShutdown()).isFalse();
        assertThat(Reply.of(Answer.ERROR).isShutdown()).isFalse();
        assertThat(Reply.of(Answer.CANCEL).isShutdown()).isFalse();
        assertThat(Reply.of(Answer.OK).isShutdown()).isFalse();
    }

    /**
     * Regression: a CR inside an Error reason (LineReader only strips a CR right
     * before the LF) makes parse throw instead of returning a result.
     */
    @Test
    void carriageReturnInsideErrorReasonDoesNotThrow() {
        assertThatCode(() -> Reply.parse("Error bad\rreason")).doesNotThrowAnyException();
    }
}
