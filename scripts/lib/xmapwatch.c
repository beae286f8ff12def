/*
 * xmapwatch: prints a line for every top-level window mapped on the X display
 * whose name contains PATTERN, with the CLOCK_MONOTONIC time in nanoseconds:
 *
 *     <monotonic-ns> <window-id> <window name>
 *
 * Used by scripts/bench and scripts/torture to time "request sent" to "dialog
 * on screen" from outside the daemon. Watches MapNotify on the root window
 * (no window manager under Xvfb, so dialogs are children of the root).
 * Stops after COUNT matches (0 = never) or when the display goes away.
 *
 * Build: cc -O2 -o xmapwatch xmapwatch.c -lX11
 * Usage: xmapwatch PATTERN [COUNT]
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int ignore_errors(Display *d, XErrorEvent *e) {
    (void) d;
    (void) e;
    return 0; /* a window may vanish before we read its name */
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: xmapwatch PATTERN [COUNT]\n");
        return 2;
    }
    const char *pattern = argv[1];
    long count = argc > 2 ? atol(argv[2]) : 0;
    Display *d = XOpenDisplay(NULL);
    if (d == NULL) {
        fprintf(stderr, "xmapwatch: cannot open display\n");
        return 1;
    }
    XSetErrorHandler(ignore_errors);
    XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
    XSync(d, False);
    printf("ready %lld\n", now_ns());
    fflush(stdout);
    long seen = 0;
    for (;;) {
        XEvent ev;
        XNextEvent(d, &ev);
        if (ev.type != MapNotify) {
            continue;
        }
        long long t = now_ns();
        char *name = NULL;
        if (XFetchName(d, ev.xmap.window, &name) && name != NULL && strstr(name, pattern) != NULL) {
            printf("%lld 0x%lx %s\n", t, (unsigned long) ev.xmap.window, name);
            fflush(stdout);
            seen++;
        }
        if (name != NULL) {
            XFree(name);
        }
        if (count > 0 && seen >= count) {
            break;
        }
    }
    XCloseDisplay(d);
    return 0;
}
