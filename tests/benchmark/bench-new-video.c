/* SPDX-License-Identifier: GPL-3.0-or-later */
/* New Video: runs the application (an empty list, the loopback API from the environment)
 * and, once its window is drawn, keeps that window drawing every frame while it
 *   1. opens New Video (app.new-video, as Ctrl+N does), until the new window's first frame;
 *   2. switches Hailuo's page to a first frame (the page's layout changes), for 20 frames;
 *   3. takes the picture in BENCH_IMAGE as that first frame, until it is read and checked;
 *   4. creates the video (Create), until the window closes: the body with the picture as a
 *      data URL is made and sent.
 * For each it prints how long it took and the longest time between two frames of the main
 * window (target: two frames, 33 ms at 60 Hz). */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "bench-rows.h"
#include "vt-new-video-window.h"

typedef enum { IDLE, OPENING, SWITCHING, READING, CREATING, DONE } Phase;

static Phase phase = IDLE;
static GtkWidget *main_window;
static VtNewVideoWindow *new_video;
static gint64 phase_started;
static gint64 last_tick;
static gint64 longest_gap;
static gint64 settle_ticks;

static const char * const phase_names[] = { "", "open", "switch to a first frame", "read the image", "create" };

static void
end_phase (void)
{
  g_print ("%s: %.1f ms, longest frame gap %.1f ms\n", phase_names[phase],
           (g_get_monotonic_time () - phase_started) / 1000.0, longest_gap / 1000.0);
  longest_gap = 0;
  phase_started = g_get_monotonic_time ();
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name,
             const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
new_video_painted_cb (GdkFrameClock *clock,
                      GtkWidget     *window)
{
  if (phase != OPENING)
    return;
  end_phase ();
  phase = SWITCHING;
  settle_ticks = 0;
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (window, ADW_TYPE_COMBO_ROW, "mode", NULL)), 1);
}

static void
new_video_realized_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (new_video_painted_cb), window, 0);
}

static void
window_destroyed_cb (void)
{
  if (phase == CREATING)
    {
      end_phase ();
      phase = DONE;
      g_application_quit (g_application_get_default ());
    }
}

/* New Video is made at once, then built a step at a time between the main window's frames,
 * then presented (so realized), and drawn at its next frame. */
static void
toplevels_changed_cb (GListModel *windows,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added && new_video == NULL; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (windows, i);

      if (!VT_IS_NEW_VIDEO_WINDOW (window))
        continue;
      new_video = VT_NEW_VIDEO_WINDOW (window);
      g_signal_connect (new_video, "realize", G_CALLBACK (new_video_realized_cb), NULL);
      g_signal_connect (new_video, "destroy", G_CALLBACK (window_destroyed_cb), NULL);
    }
}

/* Every frame of the main window: its gap from the last, and what the phase waits for. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && phase != IDLE && now - last_tick > longest_gap)
    longest_gap = now - last_tick;
  last_tick = now;
  /* Something changes each frame, so that each is drawn. */
  gtk_widget_set_opacity (widget, gtk_widget_get_opacity (widget) > 0.999 ? 0.9999 : 1.0);

  if (phase == IDLE && ++settle_ticks == 30)
    {
      phase = OPENING;
      phase_started = now;
      g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
      g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "new-video", NULL);
    }
  else if (phase == OPENING && now - phase_started > 10 * G_USEC_PER_SEC)
    g_error ("New Video did not open");
  /* As a user would: the mode chosen, then a moment later the picture. */
  else if (phase == SWITCHING && ++settle_ticks == 20)
    {
      g_autoptr(GFile) image = g_file_new_for_path (g_getenv ("BENCH_IMAGE"));

      end_phase ();
      phase = READING;
      vt_new_video_window_set_image (new_video, "first-frame", image);
    }
  else if (phase == READING && new_video != NULL && !vt_new_video_window_get_busy (new_video) &&
           vt_new_video_window_get_reason (new_video) == NULL)
    {
      end_phase ();
      phase = CREATING;
      g_signal_emit_by_name (find_widget (GTK_WIDGET (new_video), GTK_TYPE_BUTTON, NULL, "suggested-action"), "clicked");
    }
  else if (phase == READING && new_video != NULL && !vt_new_video_window_get_busy (new_video) &&
           now - phase_started > 60 * G_USEC_PER_SEC)
    g_error ("The image was not taken: %s", vt_new_video_window_get_reason (new_video));
  return G_SOURCE_CONTINUE;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  if (main_window == NULL)
    {
      main_window = GTK_WIDGET (window);
      gtk_widget_add_tick_callback (main_window, tick_cb, NULL, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  if (argc != 2 || g_getenv ("BENCH_IMAGE") == NULL)
    {
      g_printerr ("usage: BENCH_IMAGE=PICTURE %s TASKS.json\n", argv[0]);
      return 2;
    }
  return bench_run_app (argv[0], argv[1], G_CALLBACK (window_added_cb));
}
