/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window before and around the task list: first run, the key and the host, Preferences,
 * the shortcuts window, errors from MiniMax, and the whole window in Chinese. */

#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>

#include "window-fixture.h"
#include "vt-key-check.h"

static VtClock *server_clock;   /* /window-settings/chinese's child only */

static gboolean
focus_in_entry (VtWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (task_entry (window)));
}

/* First run: no key, no tasks. */

static void
first_run_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  AdwStatusPage *page;

  wait_for_key (app);
  g_assert_cmpint (vt_account_get_key_state (vt_application_get_account (app)), !=, VT_KEY_STATE_PRESENT);
  page = ADW_STATUS_PAGE (find_shown (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Welcome to Video Tasks");
  g_assert_nonnull (button_labelled (GTK_WIDGET (window), "Set API _Key"));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), GTK_TYPE_LINK_BUTTON)));

  /* Ready to paste into, and nothing on screen that could not do anything yet. */
  g_assert_true (focus_in_entry (window));
  g_assert_null (button_labelled (GTK_WIDGET (window), "All"));
  g_assert_false (gtk_widget_get_mapped (widget_with_action (GTK_WIDGET (window), "win.refresh-all")));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (find_widget (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON))));

  /* Without a key nothing is checked: the task waits, and says so. */
  type_and_add (window, "7500000001");
  wait_for_row (window, "7500000001", "Waiting");
  g_assert_nonnull (button_labelled (GTK_WIDGET (window), "All"));
  g_assert_true (gtk_widget_get_mapped (widget_with_action (GTK_WIDGET (window), "win.refresh-all")));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_shown (GTK_WIDGET (window),
                                                                                  ADW_TYPE_WINDOW_TITLE))),
                   ==, "");
}

static void
test_first_run (void)
{
  use_mock_api (FALSE);
  run_app (NULL, first_run_body);
}

static gboolean
rows_mention (VtWindow   *window,
              const char *text)
{
  g_autofree char *rows = rows_text (window);

  return strstr (rows, text) != NULL;
}

/* The box of the banner above the list. */
static GtkWidget *
banner_box (VtWindow *window)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_BOX, boxes);
  for (guint i = 0; i < boxes->len; i++)
    if (gtk_widget_has_css_class (boxes->pdata[i], "vt-banner"))
      return boxes->pdata[i];
  g_assert_not_reached ();
}

/* A key that MiniMax refuses stops checking and points to Preferences. */

static void
wrong_key_body (VtApplication *app)
{
  VtWindow *window = main_window (app);

  type_and_add (window, "8000000001 8000000002");
  vt_test_wait_until (vt_poller_get_state (vt_application_get_poller (app)) == VT_POLLER_STATE_STOPPED);

  /* Said once, above the list, in words true for a key from the environment, with no
   * button that sends to a Preferences where the key cannot be changed. */
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window),
                                         "MiniMax did not accept the key set in MINIMAX_API_KEY") != NULL);
  g_assert_null (button_labelled (GTK_WIDGET (window), "Preferences"));
  g_assert_false (row_shows (window, "8000000001", "Check failed"));
  g_assert_false (row_shows (window, "8000000002", "Check failed"));
  /* It looks like an error: nothing is checked until the key is fixed. */
  g_assert_true (gtk_widget_has_css_class (banner_box (window), "error"));
}

/* MiniMax out of reach: one banner, in words of ours, with Try Now; no row repeats it. */
static void
unreachable_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autofree char *text = NULL;

  type_and_add (window, "8100000001 8100000002");
  vt_test_wait_until (vt_poller_get_state (vt_application_get_poller (app)) == VT_POLLER_STATE_UNREACHABLE);
  /* The host the user set is named: the network may well be fine. */
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "127.0.0.1:1 cannot be reached. "
                                                              "Check the API host") != NULL);
  g_assert_null (label_with_prefix (GTK_WIDGET (window), "MiniMax cannot be reached"));
  /* "Checking…" while a retry is on the way. */
  vt_test_wait_until (button_labelled (GTK_WIDGET (window), "Try Now") != NULL);
  g_assert_false (gtk_widget_has_css_class (banner_box (window), "error"));
  /* Each row says its checks failed, not that it waits for its first. */
  vt_test_wait_until (rows_mention (window, "Last check failed just now") &&
                      !rows_mention (window, "Not checked yet"));
  text = rows_text (window);
  g_assert_null (strstr (text, "cannot be reached"));
  g_assert_null (strstr (text, "refused"));
  g_assert_null (strstr (text, "Not checked yet"));
}

static void
test_unreachable (void)
{
  use_mock_api (TRUE);
  /* Nothing listens on port 1 of this machine. */
  g_setenv ("MINIMAX_API_HOST", "http://127.0.0.1:1", TRUE);
  run_app (NULL, unreachable_body);
}

static void
test_wrong_key (void)
{
  use_mock_api (TRUE);
  g_setenv ("MINIMAX_API_KEY", "not-the-key", TRUE);
  run_app (NULL, wrong_key_body);
}

/* The preferences window opens and shows the environment override. */

/* With the key and host from the environment, Preferences says so, shows the host whole,
 * and offers nothing that could not work; the download folder has a row. */
static void
preferences_body (VtApplication *app)
{
  g_autoptr(GFile) folder = vt_application_dup_download_folder (app);
  g_autofree char *folder_path = g_file_get_path (folder);
  AdwActionRow *row;
  GtkWindow *preferences;

  wait_for_key (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  g_assert_nonnull (preferences);

  row = row_titled (GTK_WIDGET (preferences), "Set by the environment");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_nonnull (row_titled (GTK_WIDGET (preferences), "The key comes from MINIMAX_API_KEY"));
  g_assert_null (button_labelled (GTK_WIDGET (preferences), "_Forget Key"));
  row = row_titled (GTK_WIDGET (preferences), "Region");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Set by MINIMAX_API_HOST: 127.0.0.1:"));

  row = row_titled (GTK_WIDGET (preferences), "Download folder");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_suffix (folder_path, adw_action_row_get_subtitle (row) + 1));
  g_assert_nonnull (button_labelled (GTK_WIDGET (preferences), "_Choose…"));
  gtk_window_destroy (preferences);
}

/* Without a key: Preferences says none is saved for the host, and there is none to forget. */
static void
preferences_no_key_body (VtApplication *app)
{
  GtkWindow *preferences;

  wait_for_key (app);
  g_assert_cmpint (vt_account_get_key_state (vt_application_get_account (app)), ==, VT_KEY_STATE_MISSING);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  g_assert_nonnull (row_titled (GTK_WIDGET (preferences), "No key is saved for 127.0.0.1:"));
  g_assert_null (button_labelled (GTK_WIDGET (preferences), "_Forget Key"));
  gtk_window_destroy (preferences);
}

static void
test_preferences_no_key (void)
{
  use_mock_api (FALSE);
  run_app (NULL, preferences_no_key_body);
}

static void
test_preferences (void)
{
  use_mock_api (TRUE);
  run_app (NULL, preferences_body);
}

/* Test Key says where the key was accepted, when, and what the account has left; a key the
 * host refuses says so, and no balance shows. */
static void
key_check_body (VtApplication *app)
{
  gboolean accepted = g_strcmp0 (g_getenv ("MINIMAX_API_KEY"), KEY) == 0;
  GtkWindow *preferences;
  AdwActionRow *test_row;
  AdwActionRow *balance_row;

  wait_for_key (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  test_row = row_titled (GTK_WIDGET (preferences), "The key comes from MINIMAX_API_KEY");
  g_assert_nonnull (test_row);
  g_signal_emit_by_name (button_labelled (GTK_WIDGET (preferences), "_Test Key"), "clicked");
  vt_test_wait_until (adw_action_row_get_subtitle (test_row) != NULL &&
                      !g_str_equal (adw_action_row_get_subtitle (test_row), "Asking MiniMax…") &&
                      !g_str_equal (adw_action_row_get_subtitle (test_row), ""));

  if (accepted)
    {
      g_autofree char *expected = g_strdup_printf ("Key accepted by MiniMax · %s · checked just now",
                                                   vt_mock_server_get_api_url (mock_server ()) +
                                                   strlen ("http://"));

      g_assert_cmpstr (adw_action_row_get_subtitle (test_row), ==, expected);
      /* A custom host's balance has no currency sign: its currency is not known. */
      vt_test_wait_until ((balance_row = row_titled (GTK_WIDGET (preferences), "Available balance")) != NULL &&
                          gtk_widget_get_visible (GTK_WIDGET (balance_row)));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (balance_row)), ==,
                       "Available balance: 25.50");
      take_screenshot (GTK_WIDGET (preferences), "preferences-key-accepted");
    }
  else
    {
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (test_row), "did not accept the API key"));
      balance_row = row_titled (GTK_WIDGET (preferences), "Available balance");
      g_assert_true (balance_row == NULL || !gtk_widget_get_visible (GTK_WIDGET (balance_row)));
      take_screenshot (GTK_WIDGET (preferences), "preferences-key-refused");
    }
  gtk_window_destroy (preferences);
}

static void
test_key_check (void)
{
  use_mock_api (TRUE);
  run_app (NULL, key_check_body);
  g_setenv ("MINIMAX_API_KEY", "wrong-key", TRUE);
  run_app (NULL, key_check_body);
}

/* With the region Automatic and a key whose region was found before, the app has its key
 * and Preferences names the region found under Automatic. (That no host is asked then is
 * /key-check/setup-finds-region's to show: it counts the loopback regions' requests.) */
static void
region_automatic_body (VtApplication *app)
{
  GSettings *settings = vt_application_get_settings (app);
  GtkWindow *preferences;
  AdwComboRow *region;

  wait_for_key (app);
  g_assert_cmpint (vt_account_get_key_state (vt_application_get_account (app)), ==, VT_KEY_STATE_PRESENT);
  g_assert_cmpint (g_settings_get_enum (settings, "region"), ==, VT_REGION_AUTOMATIC);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  region = ADW_COMBO_ROW (row_titled (GTK_WIDGET (preferences), "Region"));
  g_assert_cmpuint (adw_combo_row_get_selected (region), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (region)), ==,
                   "International (api.minimax.io)");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (region)));

  /* Another region found for the key is shown at once. */
  g_settings_set_enum (settings, "detected-region", VT_REGION_CHINA);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (region)), ==,
                   "Mainland China (api.minimaxi.com)");
  g_settings_set_enum (settings, "detected-region", VT_REGION_INTERNATIONAL);
  take_screenshot (GTK_WIDGET (preferences), "preferences-automatic");
  gtk_window_destroy (preferences);
}

static void
test_region_automatic (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *fingerprint = vt_key_fingerprint (KEY);

  g_unsetenv ("MINIMAX_API_HOST");
  g_setenv ("MINIMAX_API_KEY", KEY, TRUE);
  g_settings_set_string (settings, "detected-key", fingerprint);
  g_settings_set_enum (settings, "detected-region", VT_REGION_INTERNATIONAL);
  run_app (NULL, region_automatic_body);
}

/* An H3 list answer of HTTP 400 whose message is a link: the toast says it, as text. */
static void
import_error_body (VtApplication *app)
{
  static const char *message = "<a href=\"https://evil.example/login\">Your key expired: click "
                               "here to sign in again</a>";
  VtWindow *window = main_window (app);
  GtkLabel *title;

  wait_for_key (app);
  vt_mock_server_set_next_h3_error (mock_server (), message);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-recent", NULL);
  vt_test_wait_until (dialog_button ("_Import") != NULL);
  g_signal_emit_by_name (dialog_button ("_Import"), "clicked");
  vt_test_wait_until ((title = toast_title_with (window, "Your key expired")) != NULL);

  /* MiniMax's words end the app's own, whatever those are. */
  g_assert_true (g_str_has_suffix (gtk_label_get_text (title), message));
  {
    g_autofree char *text = g_strdup (gtk_label_get_text (title));
    assert_shows_literally (title, text);
  }
}

static void
test_import_error_text (void)
{
  use_mock_api (TRUE);
  run_app (NULL, import_error_body);
}

/* The keyboard shortcuts window: built when first asked for, not with the main window, and
 * the same one each time after; likewise the main menu's popover. */

static GtkWindow *
shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (window))
        {
          g_assert_null (found);
          found = window;
        }
    }
  return found;
}

static void
shortcuts_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "win.show-help-overlay");
  GtkWindow *shortcuts;

  g_assert_null (shortcuts_window ());
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  /* The main menu makes its popover when opened, and offers the shortcuts there. */
  {
    GtkMenuButton *menu = main_menu_button (window);

    g_assert_null (gtk_menu_button_get_popover (menu));
    gtk_menu_button_popup (menu);
    g_assert_nonnull (gtk_menu_button_get_popover (menu));
    vt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (menu))));
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      gboolean listed = FALSE;

      find_all (GTK_WIDGET (menu), GTK_TYPE_LABEL, labels);
      for (guint i = 0; i < labels->len; i++)
        listed |= g_str_equal (gtk_label_get_text (labels->pdata[i]), "Keyboard Shortcuts") &&
                  gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_POPOVER) != NULL;
      g_assert_true (listed);
    }
    gtk_menu_button_popdown (menu);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = shortcuts_window ();
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  vt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (shortcuts)));
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    gboolean listed = FALSE;

    find_all (GTK_WIDGET (shortcuts), GTK_TYPE_SHORTCUTS_SHORTCUT, entries);
    for (guint i = 0; i < entries->len; i++)
      {
        g_autofree char *title = NULL;

        g_object_get (entries->pdata[i], "title", &title, NULL);
        listed |= g_strcmp0 (title, "Show Shortcuts") == 0;
      }
    g_assert_true (listed);
  }

  gtk_window_close (shortcuts);
  vt_test_wait_until (!gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (shortcuts_window () == shortcuts);
  vt_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (shortcuts)));

  /* Closing the main window takes it along. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (shortcuts_window ());
}

static void
test_shortcuts (void)
{
  use_mock_api (TRUE);
  run_app (NULL, shortcuts_body);
}

/* Ctrl+? opens the shortcuts window, and it stays until closed while tasks are being
 * checked: news from the poller (a check starting or ending) changes the banner, and
 * nothing else. */

static void
count_cb (guint *n)
{
  (*n)++;
}

static void
shortcuts_stay_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtPoller *poller = vt_application_get_poller (app);
  GtkWindow *shortcuts = NULL;
  guint n_notified = 0;
  gulong handler;

  type_and_add (window, "7800000001");
  wait_for_row (window, "7800000001", "Preparing");

  press_key (GTK_WIDGET (window), "ctrl+question");
  vt_test_wait_until ((shortcuts = shortcuts_window ()) != NULL &&
                      gtk_widget_get_mapped (GTK_WIDGET (shortcuts)));

  /* Two rounds of checks of the task in progress, as every few seconds. */
  handler = g_signal_connect_swapped (poller, "notify", G_CALLBACK (count_cb), &n_notified);
  for (guint round = 0; round < 2; round++)
    {
      guint before = vt_mock_server_count_requests (mock_server (), "api");

      vt_poller_refresh (poller, NULL);
      vt_test_wait_until (vt_mock_server_count_requests (mock_server (), "api") > before &&
                          vt_poller_get_n_in_flight (poller) == 0);
    }
  g_signal_handler_disconnect (poller, handler);
  g_assert_cmpuint (n_notified, >=, 4);
  g_assert_true (shortcuts_window () == shortcuts);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (shortcuts)));
  g_assert_true (vt_task_is_in_progress (vt_task_store_lookup (vt_application_get_store (app),
                                                                "7800000001")));

  /* Until closed. */
  press_key (GTK_WIDGET (shortcuts), "Escape");
  vt_test_wait_until (!gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (shortcuts_window () == shortcuts);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (shortcuts_window ());
}

static void
test_shortcuts_stay (void)
{
  /* Still being made for as long as the test runs. */
  vt_mock_server_set_timing (mock_server (), 3600 * 1000, 0);
  use_mock_api (TRUE);
  run_app (NULL, shortcuts_stay_body);
}

/* The same window in Simplified Chinese: a child process started with LANGUAGE=zh_CN and
 * the translations meson built, so every word on screen comes from po/zh_CN.po. */

static void
chinese_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkEntry *entry;

  wait_for_key (app);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "视频任务");
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "还没有视频任务"));

  entry = task_entry (window);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (entry), ==, "粘贴任务 ID，或创建任务接口的响应");
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "添加(_A)"));

  type_and_add (window, "8200000000 fail-1026");

  /* Each of the API's four states, in the API's own Chinese words. */
  wait_for_row (window, "8200000000", "准备中");
  wait_for_row (window, "fail-1026", "失败");
  g_assert_true (row_shows (window, "fail-1026", "输入内容涉及敏感内容，MiniMax 拒绝了此任务。"));
  /* The task moves on when the server's clock does; Ctrl+R asks again at once. */
  vt_clock_advance (server_clock, 1500 * 1000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-all", NULL);
  wait_for_row (window, "8200000000", "生成中");
  vt_clock_advance (server_clock, 3000 * 1000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-all", NULL);
  wait_for_row (window, "8200000000", "成功");
  g_assert_false (row_shows (window, "8200000000", "Succeeded"));
  g_assert_nonnull (row_label_with (row_of (window, "8200000000"), " · 链接将在 "));

  /* Bad input is explained in Chinese too. */
  type_and_add (window, "hello there");
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "未找到任务 ID。"));
}

static void
test_chinese (void)
{
  if (g_test_subprocess ())
    {
      server_clock = vt_clock_new_manual ();
      vt_mock_server_set_clock (mock_server (), server_clock);
      vt_mock_server_set_timing (mock_server (), 1500, 3000);
      use_mock_api (TRUE);
      run_app (NULL, chinese_body);
      return;
    }

  g_setenv ("VT_TEST_LANGUAGE", "zh_CN", TRUE);
  g_test_trap_subprocess (NULL, 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VT_TEST_LANGUAGE");
  g_test_trap_assert_passed ();
}

/* Reasons follow the language: tasks that failed in an English session, saved, read in
 * Chinese in the next one. */

static void
english_failures_body (VtApplication *app)
{
  VtWindow *window = main_window (app);

  type_and_add (window, "fail-0 fail-1026 error-2013");
  wait_for_row (window, "fail-0", "Failed");
  wait_for_row (window, "fail-1026", "Failed");
  wait_for_row (window, "error-2013", "Check failed");
  g_assert_true (row_shows (window, "fail-0", "MiniMax reported that the task failed."));
}

static void
chinese_reasons_body (VtApplication *app)
{
  VtWindow *window = main_window (app);

  /* MiniMax is out of reach (a closed port): what the rows say is what the list kept. */
  wait_for_row (window, "fail-0", "失败");
  g_assert_true (row_shows (window, "fail-0", "MiniMax 报告任务失败。"));
  g_assert_true (row_shows (window, "fail-1026", "输入内容涉及敏感内容，MiniMax 拒绝了此任务。"));
  g_assert_true (row_shows (window, "error-2013", "MiniMax 未接受此请求（错误 2013）。请检查任务 ID。"));
  g_assert_false (row_shows (window, "fail-0", "MiniMax reported"));
}

static void
test_reasons_follow_language (void)
{
  g_autofree char *kept = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      /* The list the English session saved, in this process's own data folder. */
      g_assert_true (g_file_get_contents (g_getenv ("VT_TEST_TASKS"), &saved, NULL, &error));
      g_assert_no_error (error);
      {
        g_autofree char *folder = g_path_get_dirname (tasks_file ());
        g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      }
      g_assert_true (g_file_set_contents (tasks_file (), saved, -1, &error));
      g_assert_no_error (error);
      g_setenv ("MINIMAX_API_HOST", "http://127.0.0.1:1", TRUE);
      g_setenv ("MINIMAX_API_KEY", KEY, TRUE);
      run_app (NULL, chinese_reasons_body);
      return;
    }

  use_mock_api (TRUE);
  run_app (NULL, english_failures_body);
  g_assert_true (g_file_get_contents (tasks_file (), &saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (saved, "MiniMax reported that the task failed."));
  kept = g_build_filename (g_get_tmp_dir (), "vt-reasons-XXXXXX.json", NULL);
  {
    int fd = g_mkstemp (kept);

    g_assert_cmpint (fd, >=, 0);
    close (fd);
  }
  g_assert_true (g_file_set_contents (kept, saved, -1, &error));
  g_assert_no_error (error);

  g_setenv ("VT_TEST_LANGUAGE", "zh_CN", TRUE);
  g_setenv ("VT_TEST_TASKS", kept, TRUE);
  g_test_trap_subprocess (NULL, 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VT_TEST_LANGUAGE");
  g_unsetenv ("VT_TEST_TASKS");
  g_unlink (kept);
  g_test_trap_assert_passed ();
}

/* MiniMax asks to wait five minutes: the banner says until when, as a time of day rounded
 * up to the minute, not a countdown of 300 seconds. */
static void
long_wait_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 300 + 59);
  g_autofree char *until = g_date_time_format (later, "%H:%M");
  g_autofree char *expected = g_strdup_printf ("MiniMax asked to wait until %s. Checking resumes then.",
                                               until);
  g_autofree char *a_minute_later = NULL;
  GtkLabel *banner;

  vt_mock_server_fail_next (mock_server (), 1, "wait-300");
  type_and_add (window, "8400000001");
  vt_test_wait_until (vt_poller_get_state (vt_application_get_poller (app)) == VT_POLLER_STATE_BACKING_OFF);
  vt_test_wait_until ((banner = label_with_prefix (GTK_WIDGET (window), "MiniMax asked to wait until")) != NULL);
  /* A minute's edge may pass between the two clocks' readings. */
  {
    g_autoptr(GDateTime) next = g_date_time_add_minutes (later, 1);
    g_autofree char *next_until = g_date_time_format (next, "%H:%M");

    a_minute_later = g_strdup_printf ("MiniMax asked to wait until %s. Checking resumes then.",
                                      next_until);
  }
  g_assert_true (g_str_equal (gtk_label_get_label (banner), expected) ||
                 g_str_equal (gtk_label_get_label (banner), a_minute_later));
  vt_mock_server_fail_next (mock_server (), 0, NULL);
}

static void
test_long_wait (void)
{
  use_mock_api (TRUE);
  run_app (NULL, long_wait_body);
}

/* Try Now shows that it is checking. A loopback host that first hangs up on every request
 * (MiniMax out of reach), then holds the next ones unanswered: Try Now's queries stay on
 * the way, and the button and the rows say so. */

static GPtrArray *held;   /* the connections held unanswered, or NULL to hang up on them */

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  if (held != NULL)
    g_ptr_array_add (held, g_object_ref (connection));
  else
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
try_now_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkButton *try_now;

  type_and_add (window, "8300000001");
  vt_test_wait_until (vt_poller_get_state (vt_application_get_poller (app)) == VT_POLLER_STATE_UNREACHABLE);
  vt_test_wait_until (rows_mention (window, "Last check failed"));
  vt_test_wait_until ((try_now = button_labelled (GTK_WIDGET (window), "Try Now")) != NULL);

  held = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_emit_by_name (try_now, "clicked");
  wait_for_row (window, "8300000001", "Checking…");
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER)));
  vt_test_wait_until (g_str_equal (gtk_button_get_label (try_now), "Checking…"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (try_now)));
  vt_test_wait_until (held->len >= 1);
  g_clear_pointer (&held, g_ptr_array_unref);
}

static void
test_try_now (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autofree char *host = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, NULL);
  g_assert_cmpuint (port, !=, 0);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), NULL);
  use_mock_api (TRUE);
  host = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_setenv ("MINIMAX_API_HOST", host, TRUE);
  run_app (NULL, try_now_body);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* No keyring (no Secret Service on the bus): a key saved in Preferences cannot be stored.
 * A dialog and the window's banner say so in full, and the key is used for this session. */

static GtkButton *
apply_button (GtkWidget *entry_row)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (entry_row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), "adw-entry-apply-symbolic") == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

static void
no_keyring_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkWindow *preferences;
  GtkWidget *key_row;
  GtkWidget *text;
  GtkButton *apply;
  GtkLabel *banner;
  GtkLabel *said;

  /* GLib's notification backend trips over the missing bus (g_bus_watch_name_on_connection
   * gets NULL); notifications are not what this test is about. */
  g_settings_set_boolean (vt_application_get_settings (app), "notify-on-finish", FALSE);
  wait_for_key (app);
  g_assert_cmpint (vt_account_get_key_state (vt_application_get_account (app)), ==, VT_KEY_STATE_ERROR);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  type_and_add (window, "7100000001");
  wait_for_row (window, "7100000001", "Waiting");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = preferences_window (app);
  g_assert_nonnull (preferences);
  key_row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (key_row);
  /* Typed into the focused row (the row takes only what is typed there as a change), then
   * applied with its button. */
  text = find_widget (key_row, GTK_TYPE_TEXT);
  gtk_widget_grab_focus (text);
  vt_test_wait_until (gtk_widget_get_state_flags (text) & GTK_STATE_FLAG_FOCUS_WITHIN);
  gtk_editable_set_text (GTK_EDITABLE (key_row), KEY);
  vt_test_wait_until ((apply = apply_button (key_row)) != NULL);
  gtk_widget_activate (GTK_WIDGET (apply));

  vt_test_wait_until ((said = dialog_label ("The keyring could not store the key")) != NULL);
  g_assert_nonnull (dialog_label ("API Key Not Saved"));
  g_assert_nonnull (strstr (gtk_label_get_label (said), "only until it quits"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");

  /* Preferences and the window say it too, and the key checks the task. */
  vt_test_wait_until (vt_account_get_key_state (vt_application_get_account (app)) == VT_KEY_STATE_PRESENT);
  g_assert_nonnull (row_titled (GTK_WIDGET (preferences), "The API key could not be saved"));
  vt_test_wait_until ((banner = label_with_prefix (GTK_WIDGET (window),
                                                   "The API key could not be saved in the keyring.")) != NULL);
  g_assert_cmpstr (gtk_label_get_label (banner), ==,
                   "The API key could not be saved in the keyring. It is used until Video Tasks quits.");
  vt_test_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (banner),
                                                                                              GTK_TYPE_REVEALER))));
  wait_for_row (window, "7100000001", "Succeeded");
  gtk_window_destroy (preferences);
}

static void
test_no_keyring (void)
{
  g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  if (g_test_subprocess ())
    {
      use_mock_api (FALSE);
      run_app (NULL, no_keyring_body);
      return;
    }

  /* libsecret finds no Secret Service there, as on a desktop without a keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vt-test-bus", TRUE);
  g_test_trap_subprocess (NULL, 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-settings/first-run", test_first_run);
  window_test_add ("/window-settings/wrong-key", test_wrong_key);
  window_test_add ("/window-settings/unreachable", test_unreachable);
  window_test_add ("/window-settings/try-now", test_try_now);
  window_test_add ("/window-settings/long-wait", test_long_wait);
  window_test_add ("/window-settings/preferences", test_preferences);
  window_test_add ("/window-settings/preferences-no-key", test_preferences_no_key);
  window_test_add ("/window-settings/key-check", test_key_check);
  window_test_add ("/window-settings/region-automatic", test_region_automatic);
  window_test_add ("/window-settings/shortcuts", test_shortcuts);
  window_test_add ("/window-settings/shortcuts-stay", test_shortcuts_stay);
  window_test_add ("/window-settings/chinese", test_chinese);
  window_test_add ("/window-settings/reasons-follow-language", test_reasons_follow_language);
  window_test_add ("/window-settings/import-error-text", test_import_error_text);
  window_test_add ("/window-settings/no-keyring", test_no_keyring);

  return window_test_run ();
}
