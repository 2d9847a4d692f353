/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Downloading from the window: saving, opening and showing a video, every kind of task end
 * to end, and the saved file's name shown as it is. */

#include "config.h"

#include <glib/gstdio.h>

#include "window-fixture.h"
#include "vt-thumbnail-cache.h"
#include "vt-downloads-button.h"
#include "vt-api.h"
#include "vt-display.h"
#include "vt-recording-launcher.h"

/* Download a finished video, open it, show it in its folder; a desktop that cannot open it
 * is reported. */

static void
download_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtRecordingLauncher *launcher = VT_RECORDING_LAUNCHER (vt_application_get_launcher (app));
  GPtrArray *launched = vt_recording_launcher_get_launched (launcher);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-downloads-XXXXXX", NULL);
  g_autofree char *expected = g_build_filename (folder, "7100000001.mp4", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *open_line = NULL;
  g_autofree char *size = NULL;
  g_autofree char *saved_prefix = NULL;
  g_autofree char *show_line = NULL;
  VtTask *task;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  type_and_add (window, "7100000001");
  wait_for_row (window, "7100000001", "Succeeded");
  task = vt_task_store_lookup (vt_application_get_store (app), "7100000001");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7100000001");
  vt_test_wait_until (vt_task_get_file_path (task) != NULL);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  /* The row says how big the video is (GLib's words for it) and where it went. */
  size = g_format_size (200 * 1024);
  saved_prefix = g_strdup_printf ("%s · Saved in ", size);
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), saved_prefix) != NULL);

  uri = g_filename_to_uri (expected, NULL, NULL);
  open_line = g_strconcat ("open ", uri, NULL);
  show_line = g_strconcat ("show ", uri, NULL);

  /* The "Saved" toast offers to open the video. */
  vt_test_wait_until (button_labelled (GTK_WIDGET (window), "_Open") != NULL);
  g_signal_emit_by_name (button_labelled (GTK_WIDGET (window), "_Open"), "clicked");
  vt_test_wait_until (launched->len == 1);
  g_assert_cmpstr (launched->pdata[0], ==, open_line);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-task", "s", "7100000001");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-in-folder-task", "s", "7100000001");
  g_assert_cmpuint (launched->len, ==, 3);
  g_assert_cmpstr (launched->pdata[1], ==, open_line);
  g_assert_cmpstr (launched->pdata[2], ==, show_line);
  g_assert_null (label_with_prefix (GTK_WIDGET (window), "No application could open the video"));

  /* No player on this desktop: the user is told, in words of ours. */
  vt_recording_launcher_set_failing (launcher, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-task", "s", "7100000001");
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "No application could open the video") != NULL);

  g_unlink (expected);
  g_rmdir (folder);
}

static void
test_download (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 200 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, download_body);
}

/* With "Download finished videos" on, a task's video is saved as soon as it succeeds,
 * without a click; the row then says where. */
static void
auto_download_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GSettings *settings = vt_application_get_settings (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-auto-XXXXXX", NULL);
  g_autofree char *expected = g_build_filename (folder, "7200000001.mp4", NULL);
  g_autofree char *size = NULL;
  g_autofree char *saved_prefix = NULL;
  VtTask *task;

  g_settings_set_string (settings, "download-folder", folder);
  g_settings_set_boolean (settings, "download-finished", TRUE);
  type_and_add (window, "7200000001");
  task = vt_task_store_lookup (vt_application_get_store (app), "7200000001");
  vt_test_wait_until (vt_task_get_file_path (task) != NULL);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  /* The row says how big it is and where it went. */
  size = g_format_size (64 * 1024);
  saved_prefix = g_strdup_printf ("%s · Saved in ", size);
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), saved_prefix) != NULL);

  /* Off again: the next task succeeds and stays a link. */
  g_settings_set_boolean (settings, "download-finished", FALSE);
  type_and_add (window, "7200000002");
  wait_for_row (window, "7200000002", "Succeeded");
  vt_test_drain ();
  g_assert_null (vt_task_get_file_path (vt_task_store_lookup (vt_application_get_store (app),
                                                                "7200000002")));
  g_assert_cmpuint (vt_download_manager_get_n_running (vt_application_get_downloads (app)), ==, 0);

  g_unlink (expected);
  g_rmdir (folder);
}

static void
test_auto_download (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 64 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, auto_download_body);
}

/* The header bar's downloads indicator: shown while a video downloads, with its progress
 * in the tooltip; its list names the task and cancels it; gone when nothing downloads. */
static void
indicator_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtDownloadManager *downloads = vt_application_get_downloads (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-indicator-XXXXXX", NULL);
  GtkWidget *indicator;
  GtkMenuButton *menu_button;
  GtkWidget *popover;
  GtkWidget *cancel;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  indicator = find_widget (GTK_WIDGET (window), VT_TYPE_DOWNLOADS_BUTTON);
  g_assert_nonnull (indicator);
  g_assert_false (gtk_widget_get_visible (indicator));

  type_and_add (window, "7300000001");
  wait_for_row (window, "7300000001", "Succeeded");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7300000001");
  vt_test_wait_until (gtk_widget_get_visible (indicator));
  menu_button = vt_downloads_button_get_menu_button (VT_DOWNLOADS_BUTTON (indicator));
  /* Some of it has come: the tooltip says how much of the whole. */
  vt_test_wait_until (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button)), "%") != NULL);
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button)),
                                   "1 video downloading, "));
  /* Before a speed is measured the row says none, not "0 bytes/s". */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    find_all (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      g_assert_null (strstr (gtk_label_get_label (labels->pdata[i]), " 0 bytes/s"));
  }

  gtk_menu_button_popup (menu_button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
  vt_test_wait_until (gtk_widget_get_mapped (popover));
  g_assert_nonnull (label_with_prefix (popover, "7300000001"));
  take_screenshot (popover, "downloads");
  cancel = widget_with_action (popover, "win.cancel-download-task");
  g_signal_emit_by_name (cancel, "clicked");
  vt_test_wait_until (vt_download_manager_get_n_running (downloads) == 0);
  vt_test_wait_until (!gtk_widget_get_visible (indicator));
  g_assert_null (vt_task_get_file_path (vt_task_store_lookup (vt_application_get_store (app),
                                                                "7300000001")));

  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);
    vt_test_remove_tree (dir);
  }
}

static void
test_indicator (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 4 * 1024 * 1024);
  vt_mock_server_set_video_rate (mock_server (), 256 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, indicator_body);
  vt_mock_server_set_video_rate (mock_server (), 0);
}

/* Every kind of task, end to end: pasted, found out, followed, its link renewed and its
 * video downloaded; a task no endpoint knows given its kind by hand; recent H3 tasks
 * imported, with the one already listed skipped. */

static guint
api_requests_to (const char *path)
{
  GPtrArray *requests = vt_mock_server_get_requests (mock_server ());
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    n += g_strcmp0 (((VtMockRequest *) requests->pdata[i])->path, path) == 0;
  return n;
}

static void
kinds_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-kinds-XXXXXX", NULL);
  g_autofree char *expected = g_build_filename (folder, "video-expire-7601.mp4", NULL);
  VtTask *video, *nobody;
  guint files_before, before;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  /* The dialog below takes the focus from the window, and this session has no
   * notification server for the imported tasks that finish meanwhile. */
  g_settings_set_boolean (vt_application_get_settings (app), "notify-on-finish", FALSE);
  type_and_add (window, "video-expire-7601 h3-7602 7600");
  wait_for_row (window, "video-expire-7601", "Succeeded");
  wait_for_row (window, "h3-7602", "Succeeded");
  wait_for_row (window, "7600", "Succeeded");
  video = vt_task_store_lookup (store, "video-expire-7601");
  g_assert_cmpint (vt_task_get_kind (video), ==, VT_TASK_KIND_VIDEO);
  g_assert_cmpint (vt_task_get_kind (vt_task_store_lookup (store, "h3-7602")), ==, VT_TASK_KIND_H3);
  /* The row says what each is, with how long its link works. */
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "Hailuo · Link expires in "));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "H3 · Link expires in "));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "Video Agent · Link expires in "));

  /* Its first link has expired by the time it is used: asked again, at Hailuo's endpoints. */
  files_before = api_requests_to (VT_API_FILE_PATH);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "video-expire-7601");
  vt_test_wait_until (vt_task_get_file_path (video) != NULL);
  g_assert_cmpstr (vt_task_get_file_path (video), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (api_requests_to (VT_API_FILE_PATH), ==, files_before + 1);

  /* No endpoint knows it: held, until the user says what it is. */
  type_and_add (window, "nokind-7603");
  wait_for_row (window, "nokind-7603", "Check failed");
  nobody = vt_task_store_lookup (store, "nokind-7603");
  g_assert_cmpint (vt_task_get_kind (nobody), ==, VT_TASK_KIND_UNKNOWN);
  before = api_requests_to (VT_API_VIDEO_QUERY_PATH);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.kind-video-task", "s", "nokind-7603");
  g_assert_cmpint (vt_task_get_kind (nobody), ==, VT_TASK_KIND_VIDEO);
  vt_test_wait_until (api_requests_to (VT_API_VIDEO_QUERY_PATH) == before + 1);

  /* Import: the dialog says what MiniMax lists; one of the twelve is listed already. */
  vt_mock_server_set_h3_listed (mock_server (), 12);
  type_and_add (window, "h3-listed-0002");
  before = n_tasks (app);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-recent", NULL);
  vt_test_wait_until (dialog_button ("_Import") != NULL);
  g_assert_nonnull (dialog_label ("MiniMax lists only MiniMax-H3 tasks"));
  g_signal_emit_by_name (dialog_button ("_Import"), "clicked");
  vt_test_wait_until (n_tasks (app) == before + 11);
  g_assert_cmpint (vt_task_get_kind (vt_task_store_lookup (store, "h3-listed-0012")), ==, VT_TASK_KIND_H3);
  g_assert_cmpuint (api_requests_to (VT_API_H3_QUERY_PATH), ==, 2);

  /* The other question the app asks, in the same kind of dialog. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-task", "s", "7600");
  vt_test_wait_until (dialog_button ("_Rename") != NULL);
  {
    GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (dialog_button ("_Rename")),
                                                 GTK_TYPE_WIDGET);
    GtkWidget *entry = NULL;

    /* The entry sits in the dialog, beside its buttons. */
    while (entry == NULL && (dialog = gtk_widget_get_parent (dialog)) != NULL)
      entry = find_widget (dialog, GTK_TYPE_ENTRY);
    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "  Harbour  ");
  }
  g_signal_emit_by_name (dialog_button ("_Rename"), "clicked");
  g_assert_cmpstr (vt_task_get_label (vt_task_store_lookup (store, "7600")), ==, "Harbour");

  g_settings_reset (vt_application_get_settings (app), "notify-on-finish");
  g_unlink (expected);
  g_rmdir (folder);
}

static void
test_kinds (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 64 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, kinds_body);
}

/* Text from the task list, the user or MiniMax is shown as it is: AdwToast titles and
 * AdwActionRow subtitles are Pango markup, where "&" blanked the toast with a warning and an
 * <a href> made a link in the app's own words. */

static GtkLabel *
row_subtitle_label (AdwActionRow *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "subtitle"))
      return labels->pdata[i];
  return NULL;
}

static void
literal_text_body (VtApplication *app)
{
  static const char *label = "R&D <b>cut</b>";
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-R&D <i>-XXXXXX", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *removed = g_strdup_printf ("Removed “%s”", label);
  g_autofree char *shown_folder = NULL;
  const char *ids[] = { "7100000003", NULL };
  GtkWindow *preferences;
  AdwActionRow *row;
  VtTask *task;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  /* Straight into the list: no "Added" toast ahead of the ones looked at here. */
  vt_task_store_add_ids (store, ids, NULL);
  task = vt_task_store_lookup (store, "7100000003");
  vt_task_set_label (task, label);
  wait_for_row (window, label, "Succeeded");

  /* The file is named after the label (its "<" and ">" made safe); the toast says the name. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7100000003");
  vt_test_wait_until (vt_task_get_file_path (task) != NULL);
  {
    g_autofree char *name = g_path_get_basename (vt_task_get_file_path (task));
    saved = g_strdup_printf ("Saved “%s”", name);
  }
  g_assert_nonnull (strchr (saved, '&'));
  vt_test_wait_until (toast_title_with (window, "Saved") != NULL);
  assert_shows_literally (toast_title_with (window, "Saved"), saved);

  /* The folder, with its "&" and "<i>", in Preferences. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  g_assert_nonnull (preferences);
  row = row_titled (GTK_WIDGET (preferences), "Download folder");
  g_assert_nonnull (row);
  shown_folder = vt_display_folder (folder);
  assert_shows_literally (row_subtitle_label (row), shown_folder);
  gtk_window_destroy (preferences);

  /* The label whole, markup and all, in the toast that offers Undo. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-task", "s", "7100000003");
  vt_test_wait_until (toast_title_with (window, "Removed") != NULL);
  assert_shows_literally (toast_title_with (window, "Removed"), removed);

  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);
    vt_test_remove_tree (dir);
  }
}

static void
test_literal_text (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 16 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, literal_text_body);
}

/* Save Video As… of a video already saved copies its file: no second download, and the row
 * keeps the file it had. When that file is gone, the video is downloaded as before. */

/* The file chooser GtkFileChooserNative shows where there is no portal, once it is up. */
static GtkFileChooser *
file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_mapped (window))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

static gboolean
chooser_chose (GtkFileChooser *chooser,
               GFile          *file)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

  return chosen != NULL && g_file_equal (chosen, file);
}

/* Save As through the chooser: the whole path typed as the name, then its Save button. */
static void
save_as (VtWindow   *window,
         const char *id,
         const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileChooser *chooser;
  GtkButton *save;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as-task", "s", id);
  vt_test_wait_until ((chooser = file_chooser ()) != NULL);
  gtk_file_chooser_set_current_name (chooser, path);
  vt_test_wait_until ((save = button_labelled (GTK_WIDGET (chooser), "_Save")) != NULL);
  /* The chooser takes the name once it has read the folder. */
  vt_test_wait_until (chooser_chose (chooser, file));
  g_signal_emit_by_name (save, "clicked");
  vt_test_wait_until (file_chooser () == NULL);
}

static void
save_as_copy_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-save-as-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (folder, "elsewhere", NULL);
  g_autofree char *first = g_build_filename (folder, "7100000005.mp4", NULL);
  g_autofree char *copy = g_build_filename (other, "copy.mp4", NULL);
  g_autofree char *again = g_build_filename (other, "again.mp4", NULL);
  g_autofree char *first_bytes = NULL;
  g_autofree char *copy_bytes = NULL;
  gsize first_len = 0, copy_len = 0;
  guint cdn_before;
  VtTask *task;

  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  type_and_add (window, "7100000005");
  wait_for_row (window, "7100000005", "Succeeded");
  task = vt_task_store_lookup (vt_application_get_store (app), "7100000005");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7100000005");
  vt_test_wait_until (vt_task_get_file_path (task) != NULL);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, first);
  vt_test_wait_until (vt_download_manager_get_n_running (vt_application_get_downloads (app)) == 0);

  /* Saved already: copied, not fetched again; the task still points at its first file.
   * (Counted once the row's thumbnail has been tried: the CDN's bytes are no video, and
   * the thumbnailer remembers that in the cache.) */
  {
    g_autofree char *marker = vt_thumbnail_cache_link_path ("7100000005");

    vt_test_wait_until (g_file_test (marker, G_FILE_TEST_IS_REGULAR));
  }
  cdn_before = vt_mock_server_count_requests (mock_server (), "cdn");
  save_as (window, "7100000005", copy);
  vt_test_wait_until (g_file_test (copy, G_FILE_TEST_IS_REGULAR) &&
                      vt_download_manager_get_n_running (vt_application_get_downloads (app)) == 0);
  g_assert_cmpuint (vt_mock_server_count_requests (mock_server (), "cdn"), ==, cdn_before);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, first);
  g_assert_true (g_file_get_contents (first, &first_bytes, &first_len, NULL));
  g_assert_true (g_file_get_contents (copy, &copy_bytes, &copy_len, NULL));
  g_assert_cmpmem (copy_bytes, copy_len, first_bytes, first_len);
  /* The toast is where the copy is named. */
  vt_test_wait_until (toast_title_with (window, "Saved a copy as “copy.mp4”") != NULL);

  /* The first file is gone: downloaded again, and that file is the task's now. */
  g_assert_cmpint (g_unlink (first), ==, 0);
  save_as (window, "7100000005", again);
  vt_test_wait_until (g_strcmp0 (vt_task_get_file_path (task), again) == 0);
  g_assert_cmpuint (vt_mock_server_count_requests (mock_server (), "cdn"), >, cdn_before);
  g_assert_true (g_file_test (again, G_FILE_TEST_IS_REGULAR));

  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);
    vt_test_remove_tree (dir);
  }
}

static void
test_save_as_copy (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 300 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, save_as_copy_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-download/download", test_download);
  window_test_add ("/window-download/auto-download", test_auto_download);
  window_test_add ("/window-download/indicator", test_indicator);
  window_test_add ("/window-download/kinds", test_kinds);
  window_test_add ("/window-download/literal-text", test_literal_text);
  window_test_add ("/window-download/save-as-copy", test_save_as_copy);

  return window_test_run ();
}
