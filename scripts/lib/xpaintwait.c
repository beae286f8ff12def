/*
 * xpaintwait: when was something first drawn in a window?
 *
 *     xpaintwait WINDOW-ID [TIMEOUT-MS]
 *
 * Reads the window's pixels every 5 ms (XGetImage) until they are not all of
 * one colour, and prints
 *
 *     <monotonic-ns> <reads>
 *
 * with the CLOCK_MONOTONIC time of that read. A window that has just been
 * mapped shows only its background colour until its owner paints it, so this
 * is when the dialog was painted (to within 5 ms and the time one read takes;
 * if it was painted before the first read, the first read's time). Used by
 * scripts/torture to time "request sent" to "dialog painted", next to
 * xmapwatch's "dialog mapped". Exit 1 if the window goes away or the timeout
 * (default 20 s) passes first.
 *
 * Build: cc -O2 -o xpaintwait xpaintwait.c -lX11
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Whether the image holds more than one colour. */
static int drawn(XImage *img) {
    unsigned long first = XGetPixel(img, 0, 0) & 0xffffffUL;
    for (int y = 0; y < img->height; y++) {
        for (int x = 0; x < img->width; x++) {
            if ((XGetPixel(img, x, y) & 0xffffffUL) != first) {
                return 1;
            }
        }
    }
    return 0;
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
    long reads = 0;
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
        reads++;
        int done = img != NULL && drawn(img);
        if (img != NULL) {
            XDestroyImage(img);
        }
        if (done) {
            printf("%lld %ld\n", t, reads);
            break;
        }
        if (now_ns() - start > timeout) {
            fprintf(stderr, "xpaintwait: nothing drawn in window 0x%lx within the timeout\n", (unsigned long) w);
            return 1;
        }
        struct timespec pause = {0, 5 * 1000000L};
        nanosleep(&pause, NULL);
    }
    XCloseDisplay(d);
    return 0;
}
