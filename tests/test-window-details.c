/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details of a task beside the list (wide) or over it (narrow), and its video played
 * inside the app from the loopback CDN's real H.264 MP4 (tests/data/ball.mp4), through
 * GTK's media backend (GStreamer). */

#include "config.h"

#include "window-fixture.h"
#include "vt-details.h"
#include "vt-preview.h"
#include "vt-split.h"
#include "vt-task-row.h"

static VtSplit *
window_split (VtWindow *window)
{
  return VT_SPLIT (find_widget (GTK_WIDGET (window), VT_TYPE_SPLIT));
}

static VtDetails *
window_details (VtWindow *window)
{
  return VT_DETAILS (find_widget (GTK_WIDGET (window), VT_TYPE_DETAILS));
}

static void
resize (VtWindow *window,
        int       width)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  vt_test_wait_until (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width) < 60);
  wait_for_layout (GTK_WIDGET (window));
}

static gint64
position (VtPreview *preview)
{
  GtkMediaStream *stream = vt_preview_get_stream (preview);

  return stream != NULL ? gtk_media_stream_get_timestamp (stream) : -1;
}

static void
play_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);
  VtSplit *split = window_split (window);
  VtDetails *details = window_details (window);
  VtPreview *preview = vt_details_get_preview (details);
  GtkMediaStream *stream;
  g_autofree char *link = NULL;
  VtTask *task;

  /* 720 px: one pane at a time, the list first. */
  resize (window, 720);
  g_assert_true (vt_split_get_collapsed (split));
  g_assert_false (vt_split_get_show_content (split));

  type_and_add (window, "7600000001 7600000002");
  wait_for_row (window, "7600000001", "Succeeded");
  wait_for_row (window, "7600000002", "Succeeded");
  task = vt_task_store_lookup (store, "7600000001");

  /* The row's ▶ brings the details forward, streaming the link (nothing is saved: the
   * fixture turns automatic downloads off), and the position moves. */
  click_widget (widget_with_action (row_of (window, "7600000001"), "row.play"));
  vt_test_wait_until (vt_split_get_show_content (split));
  g_assert_true (vt_details_get_task (details) == task);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  link = g_file_get_uri (vt_preview_get_source (preview));
  g_assert_cmpstr (link, ==, vt_task_get_video_url (task));
  vt_test_wait_until (position (preview) > 300 * 1000);
  g_assert_false (vt_preview_get_failed (preview));
  stream = vt_preview_get_stream (preview);
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_cmpint (gtk_media_stream_get_duration (stream), >, 2 * G_USEC_PER_SEC);
  take_screenshot (GTK_WIDGET (window), "details-narrow");

  /* Back (Alt+Left, as on every GNOME page): the list again, and the video stops with its
   * pipeline gone; GTK would go on playing a hidden video. */
  press_key (GTK_WIDGET (window), "alt+Left");
  vt_test_wait_until (!vt_split_get_show_content (split));
  g_assert_null (vt_preview_get_stream (preview));
  g_assert_true (shown_in_list (window, "7600000001"));

  /* Wide: side by side; the details are the selected task's, paused on its first frame. */
  resize (window, 1200);
  vt_test_wait_until (!vt_split_get_collapsed (split));
  click_widget (row_of (window, "7600000002"));
  vt_test_wait_until (vt_details_get_task (details) == vt_task_store_lookup (store, "7600000002"));
  vt_test_wait_until (vt_preview_get_stream (preview) != NULL &&
                      gtk_media_stream_is_prepared (vt_preview_get_stream (preview)));
  g_assert_false (gtk_media_stream_get_playing (vt_preview_get_stream (preview)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (task_list_view (window))));

  /* Enter plays it where it is. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-task", "s", "7600000002");
  vt_test_wait_until (position (preview) > 300 * 1000);
  g_assert_true (vt_split_get_show_content (split));
  take_screenshot (GTK_WIDGET (window), "details-wide");

  /* Removing the task empties the pane. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-task", "s", "7600000002");
  vt_test_wait_until (vt_details_get_task (details) == NULL);
  g_assert_null (vt_preview_get_stream (preview));
}

static void
test_play (void)
{
  g_autoptr(GBytes) video = vt_test_video ();

  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video (mock_server (), video, 0);
  run_app (NULL, play_body);
}

/* A video no decoder can read (the loopback CDN's usual bytes are no MP4): the preview says
 * so and offers the external player instead of an empty frame. */
static void
undecodable_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtDetails *details = window_details (window);
  VtPreview *preview = vt_details_get_preview (details);
  GtkWidget *button;

  type_and_add (window, "7600000001");
  wait_for_row (window, "7600000001", "Succeeded");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-task", "s", "7600000001");
  vt_test_wait_until (vt_preview_get_failed (preview));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (details), "Cannot Play This Video"));
  button = widget_with_action (GTK_WIDGET (details), "win.open-task");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  take_screenshot (GTK_WIDGET (window), "details-undecodable");
}

static void
test_undecodable (void)
{
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, undecodable_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-details/play", test_play);
  window_test_add ("/window-details/undecodable", test_undecodable);

  return window_test_run ();
}
