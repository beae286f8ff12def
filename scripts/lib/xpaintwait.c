/*
 * xpaintwait: when did a window's content first look as it finally does?
 *
 *     xpaintwait WINDOW-ID [TIMEOUT-MS]
 *
 * Reads the window's pixels every 10 ms (XGetImage) until they have not
 * changed for 1 s (or the timeout, default 20 s, passes), then prints
 *
 *     <monotonic-ns> <polls>
 *
 * with the CLOCK_MONOTONIC time of the first read that already showed the
 * final content, i.e. when the window was painted (to within 10 ms and the
 * time one read takes). Used by scripts/torture to time "request sent" to
 * "dialog painted", next to xmapwatch's "dialog mapped". The window should
 * be on top (a dialog that has just appeared is); exit 1 if it goes away.
 *
 * Build: cc -O2 -o xpaintwait xpaintwait.c -lX11
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

static int failed;

static int note_error(Display *d, XErrorEvent *e) {
    (void) d;
    (void) e;
    failed = 1; /* the window went away */
    return 0;
}

/* FNV-1a over the image's pixels. */
static unsigned long long digest(XImage *img) {
    unsigned long long h = 1469598103934665603ULL;
    for (int y = 0; y < img->height; y++) {
        for (int x = 0; x < img->width; x++) {
            unsigned long p = XGetPixel(img, x, y);
            h = (h ^ (p & 0xffffffUL)) * 1099511628211ULL;
        }
    }
    return h;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: xpaintwait WINDOW-ID [TIMEOUT-MS]\n");
        return 2;
    }
    Window w = (Window) strtoul(argv[1], NULL, 0);
    long long timeout = (argc > 2 ? atoll(argv[2]) : 20000) * 1000000LL;
    Display *d = XOpenDisplay(NULL);
    if (d == NULL) {
        fprintf(stderr, "xpaintwait: cannot open display\n");
        return 1;
    }
    XSetErrorHandler(note_error);
    long long start = now_ns();
    long long changed_at = start;   /* first read showing the current content */
    unsigned long long last = 0;
    long polls = 0;
    for (;;) {
        XWindowAttributes a;
        long long t = now_ns();
        if (!XGetWindowAttributes(d, w, &a) || failed) {
            fprintf(stderr, "xpaintwait: window 0x%lx is gone\n", (unsigned long) w);
            return 1;
        }
        XImage *img = a.map_state == IsViewable
                ? XGetImage(d, w, 0, 0, (unsigned) a.width, (unsigned) a.height, AllPlanes, ZPixmap) : NULL;
        XSync(d, False);
        if (failed) {
            fprintf(stderr, "xpaintwait: window 0x%lx is gone\n", (unsigned long) w);
            return 1;
        }
        unsigned long long h = img ? digest(img) : 0;
        if (img) {
            XDestroyImage(img);
        }
        polls++;
        if (polls == 1 || h != last) {
            last = h;
            changed_at = t;
        }
        if (h != 0 && now_ns() - changed_at >= 1000000000LL) {
            break;
        }
        if (now_ns() - start > timeout) {
            break;
        }
        struct timespec pause = {0, 10 * 1000000L};
        nanosleep(&pause, NULL);
    }
    printf("%lld %ld\n", changed_at, polls);
    XCloseDisplay(d);
    return 0;
}
