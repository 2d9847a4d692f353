/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scrolling the list: runs the application with a given task list and, once its rows are on
 * screen, presses Page Down STEPS times (the scrolled window's "scroll-child" signal, what
 * the key does). Each step is timed in the process's CPU time (user + system, all threads)
 * from the key to the frame that shows the new rows. Prints the median and the largest.
 *
 * First it times as many frames in which one row changes and nothing moves (as when a row's
 * "5 min ago" does): what GTK and its renderer spend on any frame of a window this size,
 * which a Page Down step pays as well. (A frame in which nothing changed at all is not
 * drawn, so it tells nothing.)
 *
 * Prints the resident memory before the first step and after the last (scrolling a whole
 * list of finished tasks: only the rows on screen hold thumbnails).
 *
 * With BENCH_WATCH_SECONDS=N (a list whose thumbnails are not made yet) it does none of that:
 * from the first frame with rows it keeps the window drawing for N seconds, pressing Page
 * Down once halfway, while the thumbnails of the first screen and then of the next are
 * made. It prints the longest time between two frames, how long each screen took until all
 * its rows showed a thumbnail, and how many rows on screen show one at the end. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gi18n.h>

#include "vt-application.h"
#include "bench-rows.h"

static guint n_steps = 60;
static GArray *row_costs;      /* gdouble ms, one a frame in which one row changed */
static GArray *costs;          /* gdouble ms, one a step */
static gint64 step_started;    /* CPU µs at the key press; 0 between steps */
static GtkWidget *scrolled;
static gint64 rss_before;
static gint64 rss_quarters[3];  /* after a quarter, a half, three quarters of the steps */
static gint64 watch_started;   /* monotonic µs */
static gint64 watch_seconds;
static gint64 last_frame;
static gint64 longest_gap;
static gint64 screen_started;  /* monotonic µs: the screen's first frame */
static gint64 filled[2];       /* µs until each screen's rows all showed a thumbnail; 0: not yet */
static guint screen;           /* 0, then 1 after the Page Down */

/* Resident memory in KiB, from /proc. */
static gint64
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static void
count_thumbnails (GtkWidget *widget,
                  guint     *rows,
                  guint     *thumbnails)
{
  if (VT_IS_TASK_ROW (widget) && gtk_widget_get_mapped (widget))
    {
      (*rows)++;
      *thumbnails += vt_task_row_get_thumbnail (VT_TASK_ROW (widget)) != NULL;
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_thumbnails (child, rows, thumbnails);
}

static void press_page_down (void);

static void
print_filled (guint which)
{
  if (filled[which] > 0)
    g_print ("; screen %u filled after %.0f ms", which + 1, filled[which] / 1000.0);
  else
    g_print ("; screen %u not filled", which + 1);
}

static gboolean
watch_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();
  guint rows = 0, thumbnails = 0;

  if (last_frame != 0)
    longest_gap = MAX (longest_gap, now - last_frame);
  last_frame = now;

  count_thumbnails (widget, &rows, &thumbnails);
  if (filled[screen] == 0 && rows > 0 && thumbnails == rows)
    filled[screen] = now - screen_started;
  if (screen == 0 && now >= watch_started + watch_seconds * G_USEC_PER_SEC / 2)
    {
      screen = 1;
      screen_started = now;
      press_page_down ();
      return G_SOURCE_CONTINUE;
    }
  if (now < watch_started + watch_seconds * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  g_print ("While thumbnails were made: longest time between frames %.1f ms (a frame is %.1f ms)",
           longest_gap / 1000.0, 1000.0 / 60);
  print_filled (0);
  print_filled (1);
  g_print ("; %u of %u rows on screen show one\n", thumbnails, rows);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (widget))));
  return G_SOURCE_REMOVE;
}

static gint64
cpu_now (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return x < y ? -1 : x > y;
}

static GtkWidget *
find_scrolled_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL)
    return gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gdouble
median (GArray *array)
{
  g_array_sort (array, compare_doubles);
  return g_array_index (array, gdouble, array->len / 2);
}

static void
press_page_down (void)
{
  gboolean handled;

  step_started = cpu_now ();
  g_signal_emit_by_name (scrolled, "scroll-child", GTK_SCROLL_PAGE_DOWN, FALSE, &handled);
}

/* One row looks a little different (its opacity flips between 1 and 0.99): what is drawn
 * changes, and nothing moves. */
static void
change_one_row (GtkWidget *window)
{
  GtkWidget *row = bench_find_row (window);

  step_started = cpu_now ();
  gtk_widget_set_opacity (row, gtk_widget_get_opacity (row) < 1 ? 1 : 0.99);
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  VtApplication *app = VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  VtTaskStore *store = vt_application_get_store (app);
  gdouble step;

  if (scrolled == NULL)
    {
      if (!vt_task_store_get_loaded (store) || !bench_shows_a_row (window))
        return;
      scrolled = find_scrolled_list (window);
      g_assert (scrolled != NULL);
      if (watch_seconds > 0)
        {
          g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
          watch_started = screen_started = g_get_monotonic_time ();
          gtk_widget_add_tick_callback (window, watch_tick_cb, NULL, NULL);
          return;
        }
      change_one_row (window);
      return;
    }

  if (step_started != 0)
    {
      gdouble ms = (cpu_now () - step_started) / 1000.0;

      g_array_append_val (row_costs->len < n_steps ? row_costs : costs, ms);
      step_started = 0;
    }

  if (row_costs->len < n_steps)
    {
      change_one_row (window);
      return;
    }

  if (costs->len < n_steps)
    {
      if (costs->len == 0)
        rss_before = rss_kib ();
      for (guint q = 1; q <= 3; q++)
        if (costs->len == n_steps * q / 4)
          rss_quarters[q - 1] = rss_kib ();
      press_page_down ();
      /* The frame comes even when a step moved nothing (the end of the list). */
      gtk_widget_queue_draw (window);
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  g_print ("A frame in which one row changed: median %.1f ms CPU (%u frames)\n",
           median (row_costs), row_costs->len);
  step = median (costs);   /* sorts: the largest is last */
  g_print ("Page Down over %u tasks: median %.1f ms CPU a step, largest %.1f ms (%u steps)\n",
           g_list_model_get_n_items (G_LIST_MODEL (store)), step,
           g_array_index (costs, gdouble, costs->len - 1), costs->len);
  g_print ("Resident memory: %.1f MiB before the first step; %.1f, %.1f and %.1f MiB a quarter, half and "
           "three quarters of the way; %.1f MiB after the last\n",
           rss_before / 1024.0, rss_quarters[0] / 1024.0, rss_quarters[1] / 1024.0, rss_quarters[2] / 1024.0,
           rss_kib () / 1024.0);
  g_application_quit (G_APPLICATION (app));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc != 2 && argc != 3)
    {
      g_printerr ("Usage: %s TASKS.json [STEPS]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    n_steps = (guint) MAX (atoi (argv[2]), 1);
  if (g_getenv ("BENCH_WATCH_SECONDS") != NULL)
    watch_seconds = MAX (atoi (g_getenv ("BENCH_WATCH_SECONDS")), 1);
  costs = g_array_new (FALSE, FALSE, sizeof (gdouble));
  row_costs = g_array_new (FALSE, FALSE, sizeof (gdouble));

  return bench_run_app_painting (argv[0], argv[1], after_paint_cb);
}
