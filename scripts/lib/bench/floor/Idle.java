/**
 * The floor of a JVM's idle memory, for section 9 of scripts/bench: prints one line, then only
 * sleeps. It loads nothing beyond what the JVM loads to run a class, so its PSS is what any Java
 * daemon holds before its own code. It ends by itself after ten minutes, should nothing stop it.
 */
public final class Idle {
    private Idle() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle");
        System.out.flush();
        Thread.sleep(600_000L);
    }
}
