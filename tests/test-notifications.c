/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desktop is told when a video is ready and the window is not in use, as the
 * notification server build-aux/test runs logs it ($VT_TEST_NOTIFICATIONS), and what its
 * buttons do. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "vt-recording-launcher.h"
#include "window-fixture.h"

#define TASK_ID "401047179385389061"
#define LABEL "A red fox running through snow at dawn"

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The notification whose body is @body in the server's log, or NULL; other tests' are
 * there too. */
static JsonObject *
logged_notification (const char *body)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (g_getenv ("VT_TEST_NOTIFICATIONS"), &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "body", NULL), body) == 0)
        return json_object_ref (object);
    }
  return NULL;
}

/* What the desktop does when the user clicks the button labelled @label: activates the
 * action the freedesktop notification names next to the label. */
static void
click_button (VtApplication *app,
              JsonObject    *notification,
              const char    *label)
{
  JsonArray *actions = json_object_get_array_member (notification, "actions");

  for (guint i = 0; i + 1 < json_array_get_length (actions); i += 2)
    if (g_str_equal (json_array_get_string_element (actions, i + 1), label))
      {
        g_autofree char *name = NULL;
        g_autoptr(GVariant) target = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (g_action_parse_detailed_name (json_array_get_string_element (actions, i),
                                                     &name, &target, &error));
        g_assert_no_error (error);
        g_assert_true (g_str_has_prefix (name, "app."));
        g_action_group_activate_action (G_ACTION_GROUP (app), name + strlen ("app."), target);
        return;
      }
  g_error ("No button labelled “%s”", label);
}

/* The saved task list the app starts with; FALSE (the test skipped) without the
 * notification server build-aux/test runs. */
static gboolean
start_with_list (const char *json)
{
  g_autoptr(GFile) file = vt_task_store_default_file ();
  g_autoptr(GFile) folder = g_file_get_parent (file);

  if (g_getenv ("VT_TEST_NOTIFICATIONS") == NULL)
    {
      g_test_skip ("No notification server's log: run through build-aux/test");
      return FALSE;
    }
  g_assert_true (g_file_make_directory_with_parents (folder, NULL, NULL) ||
                 g_file_query_exists (folder, NULL));
  g_assert_true (g_file_replace_contents (file, json, strlen (json), NULL, FALSE, 0, NULL,
                                          NULL, NULL));
  return TRUE;
}

static gboolean
launched_with_prefix (GPtrArray  *launched,
                      const char *prefix)
{
  for (guint i = 0; i < launched->len; i++)
    if (g_str_has_prefix (launched->pdata[i], prefix))
      return TRUE;
  return FALSE;
}

static void
video_ready_body (VtApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  VtTaskStore *store = vt_application_get_store (app);
  VtRecordingLauncher *launcher = VT_RECORDING_LAUNCHER (vt_application_get_launcher (app));
  GPtrArray *launched = vt_recording_launcher_get_launched (launcher);
  g_autoptr(JsonObject) notification = NULL;
  g_autofree char *open_cdn = g_strconcat ("open ", vt_mock_server_get_cdn_url (mock_server ()),
                                           "/", NULL);
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "Videos", NULL);
  g_autofree char *folder_uri = g_filename_to_uri (folder, NULL, NULL);
  g_autofree char *show_file = g_strconcat ("show ", folder_uri, "/", NULL);
  JsonArray *actions;
  g_autoptr(GString) labels = g_string_new (NULL);
  GtkWidget *elsewhere;
  guint wake;
  VtTask *task;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  vt_test_wait_until ((task = vt_task_store_lookup (store, TASK_ID)) != NULL);
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_PREPARING);

  /* The user turns to another program's window; the video becomes ready. */
  wake = g_timeout_add (50, wake_cb, NULL);
  elsewhere = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (elsewhere));
  vt_test_wait_until (!gtk_window_is_active (window));
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_poller_refresh (vt_application_get_poller (app), task);
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);
  vt_test_wait_until ((notification = logged_notification (LABEL)) != NULL);

  /* Named by its label, with the buttons a downloaded file gets in GNOME. */
  g_assert_cmpstr (json_object_get_string_member (notification, "summary"), ==, "Video ready");
  actions = json_object_get_array_member (notification, "actions");
  for (guint i = 1; i < json_array_get_length (actions); i += 2)
    g_string_append_printf (labels, "%s|", json_array_get_string_element (actions, i));
  g_assert_cmpstr (labels->str, ==, "|Open|Show in Folder|");

  /* Open plays the video from MiniMax's link; it has not been saved. */
  click_button (app, notification, "Open");
  vt_test_wait_until (launched_with_prefix (launched, open_cdn));
  g_assert_null (vt_task_get_file_path (task));

  /* Show in Folder saves it first, then shows it in the download folder. */
  click_button (app, notification, "Show in Folder");
  vt_test_wait_until (launched_with_prefix (launched, show_file));
  g_assert_nonnull (vt_task_get_file_path (task));
  g_assert_true (g_str_has_prefix (vt_task_get_file_path (task), folder));
  g_source_remove (wake);
  gtk_window_destroy (GTK_WINDOW (elsewhere));
}

/* The window closes while a video downloads: the desktop is told that it goes on, and its
 * Stop Downloads button stops it. */
static void
downloads_continue_body (VtApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  VtDownloadManager *downloads = vt_application_get_downloads (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-continue-XXXXXX", NULL);
  g_autoptr(JsonObject) notification = NULL;
  VtTask *task;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  vt_test_wait_until ((task = vt_task_store_lookup (vt_application_get_store (app), TASK_ID)) != NULL);
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", TASK_ID);
  vt_test_wait_until (vt_download_manager_get_n_running (downloads) == 1);

  gtk_window_destroy (window);
  vt_test_wait_until ((notification = logged_notification ("1 video is still downloading. Video "
                                                           "Tasks quits when it is saved.")) != NULL);
  g_assert_cmpstr (json_object_get_string_member (notification, "summary"), ==, "Downloads Continue");
  click_button (app, notification, "Stop Downloads");
  vt_test_wait_until (vt_download_manager_get_n_running (downloads) == 0);
  g_assert_null (vt_task_get_file_path (task));

  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);
    vt_test_remove_tree (dir);
  }
}

static void
test_downloads_continue (void)
{
  if (!start_with_list ("{\"version\": 1, \"tasks\": [{\"id\": \"" TASK_ID "\"}]}"))
    return;
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 8 * 1024 * 1024);
  vt_mock_server_set_video_rate (mock_server (), 256 * 1024);
  run_app (NULL, downloads_continue_body);
  vt_mock_server_set_video_rate (mock_server (), 0);
}

static void
test_video_ready (void)
{
  if (!start_with_list ("{\"version\": 1, \"tasks\": [{\"id\": \"" TASK_ID "\", "
                        "\"label\": \"" LABEL "\"}]}"))
    return;
  use_mock_api (TRUE);
  /* Preparing for a minute, until the test says otherwise. */
  vt_mock_server_set_timing (mock_server (), 60 * 1000, 0);
  vt_mock_server_set_video_size (mock_server (), 5000);
  run_app (NULL, video_ready_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);
  window_test_add ("/notifications/video-ready", test_video_ready);
  window_test_add ("/notifications/downloads-continue", test_downloads_continue);
  return window_test_run ();
}
