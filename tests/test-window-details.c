/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details of a task beside the list (wide) or over it (narrow), and its video played
 * inside the app from the loopback CDN's real H.264 MP4 (tests/data/ball.mp4), through
 * GTK's media backend (GStreamer). */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "window-fixture.h"
#include "vt-details.h"
#include "vt-limits.h"
#include "vt-preview.h"
#include "vt-split.h"
#include "vt-task-row.h"
#include "vt-thumbnail-cache.h"
#include "vt-thumbnailer.h"
#include "vt-tooltip.h"

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

/* A widget under @root whose tooltip is @text. */
static GtkWidget *
widget_with_tooltip (GtkWidget  *root,
                     const char *text)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  find_all (root, GTK_TYPE_WIDGET, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (g_strcmp0 (vt_tooltip_get (widgets->pdata[i]), text) == 0)
      return widgets->pdata[i];
  return NULL;
}

/* The preview's full-screen window, if there is one. */
static GtkWidget *
fullscreen_window (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (windows, i);

      if (gtk_widget_has_css_class (window, "vt-preview-fullscreen"))
        return window;
    }
  return NULL;
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
  GtkWidget *fullscreen;
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
  /* It loops (the 3 s video comes round to its start, still playing). */
  vt_test_wait_until (position (preview) > 2500 * 1000);
  vt_test_wait_until (position (preview) < 1000 * 1000);
  vt_test_wait_until (position (preview) > 300 * 1000);
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_false (gtk_media_stream_get_ended (stream));

  /* Full screen is a window of its own on the same stream; Esc ends it, still playing. */
  click_widget (widget_with_tooltip (GTK_WIDGET (preview), "Full Screen"));
  vt_test_wait_until (vt_preview_get_fullscreen (preview));
  fullscreen = fullscreen_window ();
  g_assert_nonnull (fullscreen);
  vt_test_wait_until (gtk_widget_get_mapped (fullscreen));
  press_key (fullscreen, "Escape");
  vt_test_wait_until (!vt_preview_get_fullscreen (preview));
  g_assert_true (gtk_media_stream_get_playing (stream));
  /* Mute is the stream's. */
  click_widget (widget_with_tooltip (GTK_WIDGET (preview), "Mute"));
  vt_test_wait_until (gtk_media_stream_get_muted (stream));

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

/* Bytes the loopback CDN sent for links, from the Range headers it was asked (a request
 * without one sent the whole video). */
static guint64
cdn_bytes (guint64 video_size)
{
  GPtrArray *requests = vt_mock_server_get_requests (mock_server ());
  guint64 total = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];
      guint64 start, end;

      if (g_strcmp0 (request->server, "cdn") != 0)
        continue;
      if (request->range != NULL && sscanf (request->range, "bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                                            &start, &end) == 2)
        total += MIN (end, video_size - 1) - start + 1;
      else
        total += video_size;
    }
  return total;
}

static gboolean
thumbnail_done (VtThumbnailer *thumbnailer,
                VtTask        *task)
{
  gint64 duration = -1;

  return vt_thumbnailer_lookup (thumbnailer, task, &duration, NULL) != NULL;
}

#define BIG_VIDEO (60 * 1000 * 1000)

/* Finished rows show their first frame, read from the first megabyte or so of a 60 MB link;
 * kept on disk, so that a new thumbnailer (a restart) shows it without asking the CDN; and
 * after the video is saved, in the freedesktop cache for the file too, as Files expects. */
static void
thumbnails_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);
  VtDownloadManager *downloads = vt_application_get_downloads (app);
  g_autoptr(VtThumbnailer) again = NULL;
  g_autofree char *link_path = vt_thumbnail_cache_link_path ("7600000001");
  g_autofree char *uri = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(VtThumbnail) for_file = NULL;
  GdkTexture *texture;
  guint cdn_requests;
  VtTask *task;
  gint64 duration = -1, size = -1;

  type_and_add (window, "7600000001 7600000002");
  wait_for_row (window, "7600000001", "Succeeded");
  wait_for_row (window, "7600000002", "Succeeded");
  task = vt_task_store_lookup (store, "7600000001");

  vt_test_wait_until (vt_task_row_get_thumbnail (VT_TASK_ROW (row_of (window, "7600000001"))) != NULL &&
                      vt_task_row_get_thumbnail (VT_TASK_ROW (row_of (window, "7600000002"))) != NULL);
  texture = vt_task_row_get_thumbnail (VT_TASK_ROW (row_of (window, "7600000001")));
  /* ball.mp4 is 320×180: kept at the freedesktop "large" size, 256 wide; a row holds half
   * that (its card is 80×45). */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 128);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 72);
  vt_test_wait_until (g_file_test (link_path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *png = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (link_path, &png, &length, NULL));
    g_assert_cmpuint (length, >, 24);
    /* The header's width and height, big-endian, after the signature and chunk head. */
    g_assert_cmpint (GUINT32_FROM_BE (*(guint32 *) (png + 16)), ==, 256);
    g_assert_cmpint (GUINT32_FROM_BE (*(guint32 *) (png + 20)), ==, 144);
  }
  /* Two videos of 60 MB: a few MB read in all. */
  g_assert_cmpuint (cdn_bytes (BIG_VIDEO), <=, 2 * (VT_THUMBNAIL_HEAD_SIZE + 64 * 1024));
  /* Its length shows with it. */
  g_assert_nonnull (row_label_with (row_of (window, "7600000001"), "0:03 · "));
  take_screenshot (GTK_WIDGET (window), "thumbnails");

  /* Kept by task ID; a new thumbnailer finds it there and asks the CDN nothing. */
  vt_test_wait_until (g_file_test (link_path, G_FILE_TEST_IS_REGULAR));
  cdn_requests = vt_mock_server_count_requests (mock_server (), "cdn");
  again = vt_thumbnailer_new ();
  vt_thumbnailer_want (again, task, NULL, NULL);
  vt_test_wait_until (thumbnail_done (again, task));
  vt_thumbnailer_lookup (again, task, &duration, &size);
  g_assert_cmpint (duration, ==, 3);
  g_assert_cmpint (size, ==, BIG_VIDEO);
  g_assert_cmpuint (vt_thumbnailer_get_n_made (again), ==, 0);
  g_assert_cmpuint (vt_mock_server_count_requests (mock_server (), "cdn"), ==, cdn_requests);
  vt_thumbnailer_unwant (again, task);

  /* Saved: the thumbnail goes to the shared cache for the file as well. */
  vt_mock_server_set_video_size (mock_server (), BIG_VIDEO);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7600000001");
  vt_test_wait_until (vt_task_get_file_path (task) != NULL &&
                      vt_download_manager_lookup (downloads, task) == NULL);
  file_path = g_strdup (vt_task_get_file_path (task));
  {
    g_autoptr(GFile) file = g_file_new_for_path (file_path);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, 0, NULL, NULL);
    g_autofree char *shared = NULL;

    uri = g_file_get_uri (file);
    shared = vt_thumbnail_cache_file_path (uri);
    vt_test_wait_until (g_file_test (shared, G_FILE_TEST_IS_REGULAR));
    for_file = vt_thumbnail_cache_read (shared, uri,
                                        (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
    g_assert_nonnull (for_file);
    g_assert_false (for_file->failed);
  }
}

static void
test_thumbnails (void)
{
  g_autoptr(GBytes) video = vt_test_video ();

  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video (mock_server (), video, BIG_VIDEO);
  run_app (NULL, thumbnails_body);
}

/* Bytes no decoder reads: the row keeps its status icon, and the failure is remembered. */
static void
undecodable_thumbnail_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTask *task;
  g_autofree char *link_path = vt_thumbnail_cache_link_path ("7600000003");

  type_and_add (window, "7600000003");
  wait_for_row (window, "7600000003", "Succeeded");
  task = vt_task_store_lookup (vt_application_get_store (app), "7600000003");
  vt_test_wait_until (g_file_test (link_path, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(VtThumbnail) marker = vt_thumbnail_cache_read (link_path, "video-tasks:task/7600000003", -1);

    g_assert_nonnull (marker);
    g_assert_true (marker->failed);
  }
  g_assert_null (vt_task_row_get_thumbnail (VT_TASK_ROW (row_of (window, "7600000003"))));
  g_assert_true (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);
}

static void
test_undecodable_thumbnail (void)
{
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, undecodable_thumbnail_body);
}

/* The list view binds more rows than it shows. With 40 finished tasks, the rows on screen
 * get their thumbnails first; the rows kept just below follow. */

#define N_SCREEN_TASKS 40

static gboolean
row_on_screen (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (row) && scrolled != NULL &&
         gtk_widget_compute_bounds (row, scrolled, &bounds) && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (scrolled);
}

/* The task rows the list holds, on screen or off (@on_screen). */
static GPtrArray *
bound_rows (VtWindow *window,
            gboolean  on_screen)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *found = g_ptr_array_new ();

  find_all (GTK_WIDGET (task_list_view (window)), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (vt_task_row_get_task (rows->pdata[i]) != NULL && row_on_screen (rows->pdata[i]) == on_screen)
      g_ptr_array_add (found, rows->pdata[i]);
  return found;
}

static gboolean
all_have_thumbnails (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (vt_task_row_get_thumbnail (rows->pdata[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
any_has_thumbnail (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (vt_task_row_get_thumbnail (rows->pdata[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Videos the CDN was asked for whose tasks are not in @ids. */
static guint
cdn_videos_besides (GHashTable *ids)
{
  GPtrArray *requests = vt_mock_server_get_requests (mock_server ());
  g_autoptr(GHashTable) others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];
      g_autofree char *id = NULL;

      if (g_strcmp0 (request->server, "cdn") != 0 || !g_str_has_prefix (request->path, "/video/"))
        continue;
      id = g_strndup (request->path + strlen ("/video/"), strcspn (request->path + strlen ("/video/"), "."));
      if (!g_hash_table_contains (ids, id))
        g_hash_table_add (others, g_steal_pointer (&id));
    }
  return g_hash_table_size (others);
}

static void
on_screen_first_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GHashTable) shown_ids = g_hash_table_new (g_str_hash, g_str_equal);

  vt_test_wait_until (vt_task_store_get_loaded (vt_application_get_store (app)));
  wait_for_layout (GTK_WIDGET (window));
  shown = bound_rows (window, TRUE);
  kept = bound_rows (window, FALSE);
  /* Otherwise this would tell nothing. */
  g_assert_cmpuint (shown->len, >=, 3);
  g_assert_cmpuint (kept->len, >, 2 * VT_THUMBNAILS_AT_ONCE);
  for (guint i = 0; i < shown->len; i++)
    g_hash_table_add (shown_ids, (gpointer) vt_task_get_id (vt_task_row_get_task (shown->pdata[i])));

  vt_test_wait_until (all_have_thumbnails (shown));
  /* At most the few begun before the rows on screen were known as such (their lookups in
   * the caches end in any order), and those begun as the last were made. Made newest
   * first, the rows kept below would all have come before the last rows on screen. */
  g_assert_cmpuint (cdn_videos_besides (shown_ids), <=, 2 * VT_THUMBNAILS_AT_ONCE);

  /* Then those kept off screen, ready for scrolling. */
  vt_test_wait_until (any_has_thumbnail (kept));
}

static void
test_on_screen_first (void)
{
  g_autoptr(GBytes) video = vt_test_video ();
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"tasks\": [");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *issued = g_date_time_format_iso8601 (now);
  g_autofree char *folder = g_path_get_dirname (tasks_file ());

  use_mock_api (TRUE);
  vt_mock_server_set_video (mock_server (), video, 0);
  for (guint i = 0; i < N_SCREEN_TASKS; i++)
    g_string_append_printf (json, "%s{\"id\": \"%" G_GUINT64_FORMAT "\", \"status\": \"Success\", \"kind\": \"agent\", "
                            "\"video_url\": \"%s/video/%" G_GUINT64_FORMAT ".mp4\", \"link_issued\": \"%s\", "
                            "\"added\": \"2026-11-28T10:00:00Z\"}",
                            i > 0 ? ", " : "", G_GUINT64_CONSTANT (7700000000) + i,
                            vt_mock_server_get_cdn_url (mock_server ()), G_GUINT64_CONSTANT (7700000000) + i, issued);
  g_string_append (json, "]}");
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (tasks_file (), json->str, -1, NULL));
  run_app (NULL, on_screen_first_body);
  /* It quit while the rows kept below were being made: their pipelines closed before the
   * application returned (Mesa's exit handlers crash under a GStreamer GL thread). */
  g_assert_cmpuint (vt_thumbnailer_get_n_pipelines (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-details/play", test_play);
  window_test_add ("/window-details/undecodable", test_undecodable);
  window_test_add ("/window-details/thumbnails", test_thumbnails);
  window_test_add ("/window-details/undecodable-thumbnail", test_undecodable_thumbnail);
  window_test_add ("/window-details/thumbnails-on-screen-first", test_on_screen_first);

  return window_test_run ();
}
