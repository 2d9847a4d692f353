/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long a paste of many task IDs holds up the window. Runs the application with a given
 * task list; once its rows are on screen, puts N task IDs on the clipboard and presses
 * Ctrl+V (the "win.paste" action). A tick callback keeps the frame clock running at the
 * display's rate; the longest gap between two frames, from the paste until the pasted
 * tasks' first row is on screen and 30 more frames have passed, is the time the window was
 * held up. Prints it, with the frames that took longer than 2 × 16.7 ms. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "vt-application.h"
#include "bench-rows.h"

static guint n_paste = 10000;
static guint n_stored;
static gint64 pasted_at;       /* when Ctrl+V was pressed, 0 before */
static gint64 last_frame;
static gint64 longest_gap;
static gint64 shown_at;        /* when the pasted tasks' first row was on screen */
static guint frames_after_shown;
static guint slow_frames;      /* frames more than two display frames apart */

static void
paste (GtkWidget *window)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_paste; i++)
    g_string_append_printf (text, "%u\n", 700000000u + i);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (window), text->str);
  pasted_at = g_get_monotonic_time ();
  gtk_widget_activate_action (window, "win.paste", NULL);
}

static gboolean
tick_cb (GtkWidget     *window,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  VtApplication *app = VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  VtTaskStore *store = vt_application_get_store (app);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gint64 now = g_get_monotonic_time ();

  if (pasted_at == 0)
    {
      if (vt_task_store_get_loaded (store) && (n == 0 || bench_shows_a_row (window)))
        paste (window);
      last_frame = now;
      return G_SOURCE_CONTINUE;
    }

  longest_gap = MAX (longest_gap, now - last_frame);
  if (now - last_frame > 33400)
    slow_frames++;
  last_frame = now;

  if (shown_at == 0 && n >= n_stored + n_paste && bench_shows_a_row (window))
    shown_at = now;
  if (shown_at != 0 && ++frames_after_shown == 30)
    {
      g_print ("paste of %u IDs with %u stored: on screen after %.0f ms; "
               "longest frame gap %.1f ms; %u frames over 33 ms\n",
               n_paste, n_stored, (shown_at - pasted_at) / 1000.0, longest_gap / 1000.0,
               slow_frames);
      g_application_quit (G_APPLICATION (app));
      return G_SOURCE_REMOVE;
    }
  if (now - pasted_at > 60 * G_USEC_PER_SEC)
    {
      g_printerr ("the pasted tasks were not shown within 60 s\n");
      exit (1);
    }
  return G_SOURCE_CONTINUE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc != 3 && argc != 4)
    {
      g_printerr ("Usage: %s TASKS.json N-STORED [N-PASTED]\n", argv[0]);
      return 2;
    }
  n_stored = atoi (argv[2]);
  if (argc == 4)
    n_paste = atoi (argv[3]);

  return bench_run_app (argv[0], argv[1], G_CALLBACK (window_added_cb));
}
