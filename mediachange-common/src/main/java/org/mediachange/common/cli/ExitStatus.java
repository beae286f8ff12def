package org.mediachange.common.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One exit code of a program: the number a script acts on and the line that
 * {@code --help}, the man page and the README give for it. Each program lists
 * its codes in one enum implementing this, which {@link Program} turns into
 * the help's exit code list, so the code that exits and the text that explains
 * it cannot disagree. Free of picocli, so the client's fast path can use it.
 */
public interface ExitStatus {

    /** The numeric process exit status. */
    int code();

    /** One sentence for the help text. */
    String description();

    /**
     * The codes of {@code type} in declaration order, as the help lists them: "code" to description.
     * A number two constants share (one per command that uses it differently) gets both descriptions.
     */
    static <E extends Enum<E> & ExitStatus> Map<String, String> helpList(Class<E> type) {
        Map<String, String> list = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            list.merge(Integer.toString(e.code()), e.description(), (a, b) -> a + " " + b);
        }
        return list;
    }
}
