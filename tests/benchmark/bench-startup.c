/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Start-up of Video Tasks with a given task list: runs the application as the program does
 * and quits after the first frame that shows the list's rows (or the empty page, for an
 * empty list), printing how long that took from the start of main(). With
 * BENCH_THUMBNAILS=1, after the first frame whose first row shows its thumbnail (a list of
 * finished tasks whose thumbnails are cached). It also prints the wall clock then, for a
 * runner that measures from before exec(). */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "vt-application.h"
#include "bench-rows.h"

static gint64 started;

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  VtApplication *app = VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  VtTaskStore *store = vt_application_get_store (app);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (!vt_task_store_get_loaded (store) || (n > 0 && !bench_shows_a_row (window)))
    return;
  if (g_getenv ("BENCH_THUMBNAILS") != NULL &&
      vt_task_row_get_thumbnail (VT_TASK_ROW (bench_find_row (window))) == NULL)
    return;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  g_print ("first frame with %u tasks%s after %.0f ms\n", n,
           g_getenv ("BENCH_THUMBNAILS") != NULL ? " and a thumbnail" : "",
           (g_get_monotonic_time () - started) / 1000.0);
  g_print ("first frame at %" G_GINT64_FORMAT " us\n", g_get_real_time ());
  g_application_quit (G_APPLICATION (app));
}

int
main (int   argc,
      char *argv[])
{
  started = g_get_monotonic_time ();
  setlocale (LC_ALL, "");

  if (argc != 2)
    {
      g_printerr ("Usage: %s TASKS.json\n", argv[0]);
      return 2;
    }

  return bench_run_app_painting (argv[0], argv[1], after_paint_cb);
}
