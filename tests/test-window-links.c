/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window with a saved list a hand or a hostile server could have written: what leaves
 * the app (to the launcher, the clipboard) passes the link rule or the file rule, and labels
 * stay bounded. */

#include "config.h"

#include "window-fixture.h"
#include "vt-recording-launcher.h"
#include "vt-task-row.h"

#define TASK_ID "7100000005"
#define FILE_TASK_ID "7100000006"

/* The rename dialog's entry: the one entry, in any window, labelled for screen readers as
 * the task's label (a window of its own before libadwaita 1.5, inside the main one after). */
static GtkEntry *
label_entry (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (windows, i);
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();

      find_all (window, GTK_TYPE_ENTRY, entries);
      for (guint j = 0; j < entries->len; j++)
        if (gtk_widget_get_mapped (entries->pdata[j]) &&
            !GTK_IS_SEARCH_ENTRY (entries->pdata[j]) &&
            gtk_entry_get_max_length (entries->pdata[j]) != 0)
          return entries->pdata[j];
    }
  return NULL;
}

/* The widest label any row shows, in characters. */
static glong
longest_row_label (GtkWidget *window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  glong longest = 0;

  find_all (window, VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    longest = MAX (longest, g_utf8_strlen (gtk_label_get_label (labels->pdata[i]), -1));
  return longest;
}

static void
links_body (VtApplication *app)
{
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  VtTaskStore *store = vt_application_get_store (app);
  VtRecordingLauncher *launcher = VT_RECORDING_LAUNCHER (vt_application_get_launcher (app));
  GPtrArray *launched = vt_recording_launcher_get_launched (launcher);
  g_autofree char *copied = NULL;
  g_autofree char *cdn = NULL;
  g_autoptr(GString) typed = g_string_new (NULL);
  GtkEntry *entry;
  VtTask *task;

  vt_test_wait_until ((task = vt_task_store_lookup (store, TASK_ID)) != NULL);
  vt_test_wait_until (longest_row_label (window) > 0);

  /* The stored javascript: link is no link: Copy Link copies nothing. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (window), "before");
  gtk_widget_activate_action (window, "win.copy-link-task", "s", TASK_ID);
  copied = clipboard_text (window);
  g_assert_cmpstr (copied, ==, "before");

  /* Open asks MiniMax for a fresh link, as for an expired one, and opens that. */
  gtk_widget_activate_action (window, "win.open-task", "s", TASK_ID);
  vt_test_wait_until (launched->len == 1);
  cdn = g_strconcat ("open ", vt_mock_server_get_cdn_url (mock_server ()), "/", NULL);
  g_assert_true (g_str_has_prefix (launched->pdata[0], cdn));
  g_assert_cmpuint (vt_mock_server_count_requests (mock_server (), "api"), ==, 1);

  /* The saved list points this task's file at a .desktop launcher that is there: the path
   * never reaches the launcher, and Open uses a fresh link instead. */
  gtk_widget_activate_action (window, "win.open-task", "s", FILE_TASK_ID);
  vt_test_wait_until (launched->len == 2);
  for (guint i = 0; i < launched->len; i++)
    g_assert_null (strstr (launched->pdata[i], "evil.desktop"));
  g_assert_true (g_str_has_prefix (launched->pdata[1], cdn));
  g_assert_null (vt_task_get_file_path (vt_task_store_lookup (store, FILE_TASK_ID)));

  /* The 1,000-character label was cut when the list was read, and the row shows no more. */
  g_assert_cmpint (g_utf8_strlen (vt_task_get_label (task), -1), ==, VT_MAX_LABEL_CHARS);
  g_assert_cmpint (longest_row_label (window), <=, VT_MAX_LABEL_CHARS);

  /* The rename entry takes no more either. */
  gtk_widget_activate_action (window, "win.rename-task", "s", TASK_ID);
  vt_test_wait_until ((entry = label_entry ()) != NULL);
  g_assert_cmpint (gtk_entry_get_max_length (entry), ==, VT_MAX_LABEL_CHARS);
  for (guint i = 0; i < VT_MAX_LABEL_CHARS + 20; i++)
    g_string_append (typed, "é");
  gtk_editable_set_text (GTK_EDITABLE (entry), typed->str);
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1), ==,
                   VT_MAX_LABEL_CHARS);
  if (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (entry))) != window)
    gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (entry))));
}

static void
test_stored_links_and_labels (void)
{
  g_autoptr(GFile) file = vt_task_store_default_file ();
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autoptr(GString) json = g_string_new (NULL);
  /* A launcher the saved list points a task's file at; it is really there. */
  g_autofree char *evil_path = g_build_filename (g_get_user_data_dir (), "evil.desktop", NULL);

  g_string_append (json, "{\"version\": 1, \"tasks\": [{\"id\": \"" TASK_ID "\", \"label\": \"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (json, "長");
  g_string_append (json, "\", \"status\": \"Success\", \"video_url\": \"javascript:alert(1)\", "
                         "\"link_issued\": \"2099-01-01T00:00:00Z\"}, ");
  g_string_append_printf (json, "{\"id\": \"" FILE_TASK_ID "\", \"status\": \"Success\", "
                          "\"file\": \"%s\"}]}", evil_path);
  g_assert_true (g_file_make_directory_with_parents (folder, NULL, NULL) ||
                 g_file_query_exists (folder, NULL));
  g_assert_true (g_file_set_contents (evil_path, "[Desktop Entry]\nType=Application\n"
                                     "Exec=touch /tmp/owned\n", -1, NULL));
  g_assert_true (g_file_replace_contents (file, json->str, json->len, NULL, FALSE, 0, NULL,
                                          NULL, NULL));

  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, links_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-links/stored-links-and-labels", test_stored_links_and_labels);

  return window_test_run ();
}
