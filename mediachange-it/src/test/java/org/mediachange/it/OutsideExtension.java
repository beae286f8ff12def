package org.mediachange.it;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test an {@link Outside} with a scratch working directory of its own:
 * a parameter of type {@code Outside} in a {@code @BeforeEach} or test method
 * gets one per test, in a {@code @BeforeAll} method one for the whole class
 * (which the class's tests then share). When its test (or class) ends, every
 * process it started that still runs is stopped, and the directory is deleted.
 * Replaces the {@code @TempDir Path work} plus {@code new Outside(work)} that
 * every end-to-end test class repeated.
 */
final class OutsideExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(OutsideExtension.class);

    /** One {@link Outside} and its directory, ended with the context that made it. */
    private static final class Scratch implements ExtensionContext.Store.CloseableResource {
        final Outside outside;

        Scratch() throws IOException {
            outside = new Outside(Files.createTempDirectory("mediachange-it-"));
        }

        @Override
        public void close() throws Exception {
            try {
                outside.stopAll();
            } finally {
                delete(outside.work());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Outside.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The store of a test looks in its class's first: a class-wide Outside is shared by its tests.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Scratch.class, k -> {
            try {
                return new Scratch();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Scratch.class).outside;
    }

    /** Deletes {@code dir} and everything in it, making directories the tests made read-only writable first. */
    static void delete(Path dir) throws IOException {
        Set<PosixFilePermission> owner = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(d));
                    if (perms.addAll(owner)) {
                        Files.setPosixFilePermissions(d, perms);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
