package org.mediachange.client.ctl;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * With {@code @ExtendWith(StandInConsoles.class)}, each test starts with a fresh
 * {@link StandInConsole} (plain HTTP) in every instance field of that type,
 * and whatever console the field holds at the end (a test may replace it) is
 * closed after the test.
 */
final class StandInConsoles implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        for (Field f : consoleFields(context)) {
            f.set(context.getRequiredTestInstance(), StandInConsole.start());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Field f : consoleFields(context)) {
            StandInConsole console = (StandInConsole) f.get(context.getRequiredTestInstance());
            if (console != null) {
                console.close();
            }
        }
    }

    private static Iterable<Field> consoleFields(ExtensionContext context) {
        List<Field> fields = new ArrayList<>();
        for (Field f : context.getRequiredTestClass().getDeclaredFields()) {
            if (f.getType() == StandInConsole.class && !Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }
}
