/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The task list in the window: adding, tracking, removing with Undo, restarting, pasting,
 * searching, filtering, statuses, details and a long list. */

#include "config.h"

#include "window-fixture.h"
#include "vt-task-row.h"

/* Adding through the entry; rows reach their final state; bad input. */

static void
add_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkEntry *entry = task_entry (window);

  wait_for_key (app);
  g_assert_cmpint (vt_account_get_key_state (vt_application_get_account (app)), ==, VT_KEY_STATE_PRESENT);

  type_and_add (window, "{\"task_id\": \"401047179385389059\", \"base_resp\": {\"status_code\": 0}}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  type_and_add (window, "fail-1026, 401047179385389050");
  g_assert_cmpuint (n_tasks (app), ==, 3);

  wait_for_row (window, "401047179385389059", "Succeeded");
  wait_for_row (window, "401047179385389050", "Succeeded");
  wait_for_row (window, "fail-1026", "Failed");
  g_assert_true (row_shows (window, "fail-1026", "MiniMax refused the task because its input "
                                                 "contains sensitive content."));

  /* Nonsense stays in the entry, with a message under it, and adds nothing. */
  type_and_add (window, "hello there");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hello there");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "No task ID found"));
  g_assert_cmpuint (n_tasks (app), ==, 3);

  /* A duplicate is not added twice. */
  type_and_add (window, "401047179385389059");
  g_assert_cmpuint (n_tasks (app), ==, 3);
}

static void
test_add_and_track (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);
  run_app (NULL, add_body);
}

/* Remove with undo; then the list survives a restart. */

static void
remove_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkButton *undo;

  wait_for_row (window, "7000000001", "Succeeded");
  wait_for_row (window, "fail-1027", "Failed");
  g_assert_cmpuint (n_tasks (app), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-task", "s", "7000000001");
  g_assert_cmpuint (n_tasks (app), ==, 1);
  vt_test_wait_until (!row_shows (window, "7000000001", "Succeeded"));

  vt_test_wait_until ((undo = button_labelled (GTK_WIDGET (window), "_Undo")) != NULL);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (n_tasks (app), ==, 2);
  wait_for_row (window, "7000000001", "Succeeded");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-task", "s", "fail-1027");
  g_assert_cmpuint (n_tasks (app), ==, 1);
}

static void
restored_body (VtApplication *app)
{
  VtWindow *window = main_window (app);

  /* Restored from disk before any query could have run. */
  vt_test_wait_until (vt_task_store_get_loaded (vt_application_get_store (app)));
  g_assert_cmpuint (n_tasks (app), ==, 1);
  wait_for_row (window, "7000000001", "Succeeded");
}

static void
test_remove_undo_restart (void)
{
  const char *args[] = { "7000000001", "fail-1027", NULL };
  guint before;

  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);

  /* `video-tasks ID…` adds the IDs. */
  run_app (args, remove_body);

  before = vt_mock_server_count_requests (mock_server (), "api");
  run_app (NULL, restored_body);
  /* The finished task was not asked about again. */
  g_assert_cmpuint (vt_mock_server_count_requests (mock_server (), "api"), ==, before);
}

/* Ctrl+V adds from the clipboard; a notification's action shows its task. */

static void
paste_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  GtkSingleSelection *selection;
  g_autoptr(VtTask) selected = NULL;

  gdk_clipboard_set_text (clipboard, "Created task 9100000001 and task 9100000002.");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL);
  vt_test_wait_until (n_tasks (app) == 2);
  wait_for_row (window, "9100000001", "Succeeded");

  /* What clicking "Video ready" does: the window comes up with that task selected. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "failed");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-task", g_variant_new_string ("9100000001"));
  selection = task_selection (window);
  selected = g_object_ref (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpstr (vt_task_get_id (selected), ==, "9100000001");
}

static void
test_paste_and_show (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);
  run_app (NULL, paste_body);
}

/* Search: typing narrows the list; Esc closes the search and brings every task back. */

static void
search_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkSearchBar *bar = GTK_SEARCH_BAR (find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR));
  GtkEditable *search = GTK_EDITABLE (find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));

  wait_for_row (window, "7300000001", "Succeeded");
  wait_for_row (window, "7300000002", "Succeeded");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  gtk_editable_set_text (search, "0002");
  vt_test_wait_until (!row_shows (window, "7300000001", "Succeeded"));
  g_assert_true (row_shows (window, "7300000002", "Succeeded"));

  gtk_editable_set_text (search, "no such task");
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "No Matching Tasks") != NULL);

  /* What Esc in the search entry does. */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  vt_test_wait_until (row_shows (window, "7300000001", "Succeeded"));
  g_assert_true (row_shows (window, "7300000002", "Succeeded"));
  g_assert_null (label_with_prefix (GTK_WIDGET (window), "No Matching Tasks"));
}

static void
test_search (void)
{
  const char *args[] = { "7300000001", "7300000002", NULL };

  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);
  run_app (args, search_body);
}

/* Honest statuses: "Waiting" before the first check, "Checking…" while it is on its way,
 * "Unknown status" only for a status MiniMax sent that the app does not know; the subtitle
 * counts only tasks MiniMax is making. */

static void
statuses_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_shown (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE));

  /* The server holds slow answers until its clock moves. */
  vt_mock_server_set_clock (mock_server (), clock);
  type_and_add (window, "slow-5-statuses");
  wait_for_row (window, "slow-5-statuses", "Checking…");
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER)));
  g_assert_false (row_shows (window, "slow-5-statuses", "Unknown status"));

  vt_test_wait_until (vt_mock_server_get_n_waiting (mock_server ()) == 1);
  vt_clock_advance (clock, 5 * G_USEC_PER_SEC);
  wait_for_row (window, "slow-5-statuses", "Preparing");

  type_and_add (window, "unknown-status-7500");
  wait_for_row (window, "unknown-status-7500", "Unknown status");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "1 in progress");
  vt_mock_server_set_clock (mock_server (), vt_clock_get_system ());
}

static void
test_statuses (void)
{
  vt_mock_server_set_timing (mock_server (), 60 * 1000, 0);
  use_mock_api (TRUE);
  run_app (NULL, statuses_body);
}

/* Copy Details: what the row does not show, for a bug report or MiniMax's support. */

static void
details_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autofree char *copied = NULL;

  type_and_add (window, "7700000001");
  wait_for_row (window, "7700000001", "Check failed");
  g_assert_true (row_shows (window, "7700000001", "MiniMax's server had a problem (HTTP 503). Checking will be retried later."));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-details-task", "s", "7700000001");
  copied = clipboard_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (copied, "Task: 7700000001\n"));
  g_assert_nonnull (strstr (copied, "Trace-Id: mock-trace-"));
  g_assert_nonnull (strstr (copied, "HTTP 503\n"));
  g_assert_null (strstr (copied, KEY));
}

static void
test_details (void)
{
  vt_mock_server_add_alias (mock_server (), "7700000001", "http-503");
  use_mock_api (TRUE);
  run_app (NULL, details_body);
}

/* One meaning per word: "Succeeded" and "Failed" filter by outcome; "Clear Finished" takes
 * away both, and nothing still being made. */

static void
words_body (VtApplication *app)
{
  VtWindow *window = main_window (app);

  type_and_add (window, "7400000001 fail-1026 slow-30-words");
  wait_for_row (window, "7400000001", "Succeeded");
  wait_for_row (window, "fail-1026", "Failed");
  g_assert_nonnull (button_labelled (GTK_WIDGET (window), "Succeeded"));
  g_assert_null (button_labelled (GTK_WIDGET (window), "Finished"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "succeeded");
  vt_test_wait_until (!row_shows (window, "fail-1026", "Failed"));
  g_assert_true (row_shows (window, "7400000001", "Succeeded"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "failed");
  vt_test_wait_until (!row_shows (window, "7400000001", "Succeeded"));
  g_assert_true (row_shows (window, "fail-1026", "Failed"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "all");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-finished", NULL);
  /* The video was never downloaded: asked about first (see clear_finished_body). */
  vt_test_wait_until (dialog_button ("_Clear All") != NULL);
  g_signal_emit_by_name (dialog_button ("_Clear All"), "clicked");
  g_assert_cmpuint (n_tasks (app), ==, 1);
  g_assert_nonnull (vt_task_store_lookup (vt_application_get_store (app), "slow-30-words"));
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "Cleared 2 finished tasks") != NULL);
}

static void
test_words (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);
  run_app (NULL, words_body);
}

/* Clear Finished keeps the videos never downloaded unless the user, told how many, says
 * otherwise: one click once took 773 of them, with only a toast's Undo to get them back. */

/* Opens the main menu (F10's menu) and activates its item as Enter on it does. */
static void
clear_finished_from_menu (VtWindow *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkMenuButton *menu = NULL;
  GtkWidget *popover;
  GtkWidget *item = NULL;

  find_all (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len && menu == NULL; i++)
    if (gtk_menu_button_get_primary (buttons->pdata[i]))
      menu = buttons->pdata[i];
  g_assert_nonnull (menu);

  gtk_menu_button_popup (menu);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu));
  vt_test_wait_until (gtk_widget_get_mapped (popover));
  /* A menu model's items activate through GTK's menu tracker, not an action name. */
  find_all (popover, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len && item == NULL; i++)
    if (g_str_equal (gtk_label_get_text (labels->pdata[i]), "Clear Finished"))
      item = gtk_widget_get_ancestor (labels->pdata[i], g_type_from_name ("GtkModelButton"));
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_activate (item));
}

static void
undo_clear (VtApplication *app,
            VtWindow      *window,
            guint          n_before)
{
  GtkButton *undo;

  vt_test_wait_until ((undo = button_labelled (GTK_WIDGET (window), "_Undo")) != NULL);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (n_tasks (app), ==, n_before);
}

static void
clear_finished_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-clear-XXXXXX", NULL);
  VtTask *saved;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  type_and_add (window, "7500000001 7500000002 7500000003 7500000004 fail-1026 slow-30-clear");
  wait_for_row (window, "7500000003", "Succeeded");
  wait_for_row (window, "7500000004", "Succeeded");
  wait_for_row (window, "fail-1026", "Failed");
  saved = vt_task_store_lookup (store, "7500000004");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.download-task", "s", "7500000004");
  vt_test_wait_until (vt_task_get_file_path (saved) != NULL);
  g_assert_cmpuint (n_tasks (app), ==, 6);

  /* Three videos never downloaded: nothing goes before the user answers. */
  clear_finished_from_menu (window);
  g_assert_cmpuint (n_tasks (app), ==, 6);
  vt_test_wait_until (dialog_label ("Clear Videos?") != NULL);
  g_assert_nonnull (dialog_label ("3 videos were never downloaded."));
  g_assert_nonnull (dialog_button ("_Keep Them"));

  /* Esc answers nothing, and nothing goes. */
  press_key (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (dialog_label ("Clear Videos?")))), "Escape");
  vt_test_wait_until (dialog_label ("Clear Videos?") == NULL);
  g_assert_cmpuint (n_tasks (app), ==, 6);
  clear_finished_from_menu (window);
  vt_test_wait_until (dialog_button ("_Keep Them") != NULL);

  /* Keep Them: the saved video and the failed task go; the three videos stay. */
  g_signal_emit_by_name (dialog_button ("_Keep Them"), "clicked");
  g_assert_cmpuint (n_tasks (app), ==, 4);
  g_assert_null (vt_task_store_lookup (store, "7500000004"));
  g_assert_null (vt_task_store_lookup (store, "fail-1026"));
  g_assert_nonnull (vt_task_store_lookup (store, "7500000001"));
  g_assert_nonnull (vt_task_store_lookup (store, "7500000002"));
  g_assert_nonnull (vt_task_store_lookup (store, "7500000003"));
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "Cleared 2 finished tasks") != NULL);
  undo_clear (app, window, 6);
  g_assert_nonnull (vt_task_store_lookup (store, "7500000004"));

  /* Clear All: every finished task goes, the videos too; Undo brings them back. */
  clear_finished_from_menu (window);
  vt_test_wait_until (dialog_button ("_Clear All") != NULL);
  g_signal_emit_by_name (dialog_button ("_Clear All"), "clicked");
  g_assert_cmpuint (n_tasks (app), ==, 1);
  g_assert_nonnull (vt_task_store_lookup (store, "slow-30-clear"));
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "Cleared 5 finished tasks") != NULL);
  undo_clear (app, window, 6);
  g_assert_nonnull (vt_task_store_lookup (store, "7500000001"));

  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);
    vt_test_remove_tree (dir);
  }
}

static void
test_clear_finished (void)
{
  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 16 * 1024);
  use_mock_api (TRUE);
  run_app (NULL, clear_finished_body);
}

/* A long list: the view is given the first tasks only, more as it is scrolled, and a task
 * further down is still shown when asked for. */

static guint
n_rows (VtWindow *window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), VT_TYPE_TASK_ROW, rows);
  return rows->len;
}

static GtkScrolledWindow *
list_scroller (VtWindow *window)
{
  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (task_list_view (window)),
                                                       GTK_TYPE_SCROLLED_WINDOW));
}

static void
long_list_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkSingleSelection *selection = task_selection (window);
  VtTask *last;
  gboolean handled;

  wait_for_row (window, "4100000299", "Succeeded");
  g_assert_cmpuint (n_tasks (app), ==, 300);
  /* GTK 4.8 would make a row for 200 of them up front; the view has a screenful, and a step
   * of 24 more at a time while it is short of two (GTK 4.18's rows are a little shorter). */
  g_test_message ("%u tasks in the view, %u rows", g_list_model_get_n_items (G_LIST_MODEL (selection)),
                  n_rows (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), <=, 40);
  g_assert_cmpuint (n_rows (window), <=, 40);

  /* Asked for (a duplicate pasted, a notification clicked), the last task is selected. */
  last = vt_task_store_lookup (vt_application_get_store (app), "4100000000");
  vt_window_show_task (window, last);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) last);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);

  /* Scrolling to the end gets every task into the view, a screenful at a time. */
  vt_test_wait_until ((g_signal_emit_by_name (list_scroller (window), "scroll-child",
                                              GTK_SCROLL_END, FALSE, &handled),
                       g_list_model_get_n_items (G_LIST_MODEL (selection)) == 300));
  vt_test_wait_until ((g_signal_emit_by_name (list_scroller (window), "scroll-child",
                                              GTK_SCROLL_END, FALSE, &handled),
                       row_shows (window, "4100000000", "Succeeded")));
}

static void
test_long_list (void)
{
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"tasks\": [");

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (json, "%s{\"id\": \"%u\", \"status\": \"Success\", "
                            "\"video_url\": \"https://cdn.example.com/%u.mp4\", "
                            "\"added\": \"2026-11-28T10:00:00Z\"}",
                            i > 0 ? ", " : "", 4100000299u - i, i);
  g_string_append (json, "]}");
  use_mock_api (TRUE);
  {
    g_autofree char *folder = g_path_get_dirname (tasks_file ());
    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  }
  g_assert_true (g_file_set_contents (tasks_file (), json->str, -1, NULL));
  run_app (NULL, long_list_body);
}

/* Real clicks and keys on a list long enough to scroll: 40 tasks, 4200000000 to
 * 4200000039 in that order, every fourth failed and the rest still being made. */

#define N_PLACE_TASKS 40

static void
write_place_tasks (void)
{
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"tasks\": [");
  g_autofree char *folder = g_path_get_dirname (tasks_file ());

  for (guint i = 0; i < N_PLACE_TASKS; i++)
    g_string_append_printf (json, "%s{\"id\": \"%u\", \"status\": \"%s\", "
                            "\"added\": \"2026-11-28T10:00:00Z\"}",
                            i > 0 ? ", " : "", 4200000000u + i, i % 4 == 3 ? "Fail" : "Preparing");
  g_string_append (json, "]}");
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (tasks_file (), json->str, -1, NULL));
  /* Still being made for as long as any test runs. */
  vt_mock_server_set_timing (mock_server (), 3600 * 1000, 0);
  use_mock_api (TRUE);
}

static GtkAdjustment *
list_adjustment (VtWindow *window)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (task_list_view (window)));
}

/* What a user's scrolling does, to the top (0) or as far down as the list goes (1): the
 * view gets more tasks as it nears its end, so until it stays there. */
static gboolean
scrolled_to (VtWindow *window,
             double    where)
{
  GtkAdjustment *adjustment = list_adjustment (window);
  double target;

  /* After what the view was last asked to scroll to, and what it has grown by. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  target = where * (gtk_adjustment_get_upper (adjustment) -
                    gtk_adjustment_get_page_size (adjustment));
  if (gtk_adjustment_get_value (adjustment) == target)
    return TRUE;
  gtk_adjustment_set_value (adjustment, target);
  return FALSE;
}

static void
scroll_list (VtWindow *window,
             double    where)
{
  vt_test_wait_until (scrolled_to (window, where));
}

static const char *
selected_id (VtWindow *window)
{
  VtTask *task = gtk_single_selection_get_selected_item (task_selection (window));

  return task != NULL ? vt_task_get_id (task) : NULL;
}

/* The label of a mapped menu item that reads @text. */
static GtkWidget *
menu_item (GtkWidget  *popover,
           const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (popover, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_str_equal (gtk_label_get_text (labels->pdata[i]), text))
      return labels->pdata[i];
  return NULL;
}

/* Opens the main menu (in the header bar; each row has a menu of its own) and clicks its
 * item @text. */
static void
click_main_menu_item (VtWindow   *window,
                      const char *text)
{
  GtkMenuButton *menu = main_menu_button (window);
  GtkWidget *item = NULL;

  click_widget (GTK_WIDGET (menu));
  vt_test_wait_until (gtk_menu_button_get_popover (menu) != NULL &&
                      (item = menu_item (GTK_WIDGET (gtk_menu_button_get_popover (menu)),
                                         text)) != NULL);
  click_widget (item);
}

/* Delete removes the row that was clicked, wherever on it, not one selected before. */

static void
click_delete_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskStore *store = vt_application_get_store (app);

  vt_test_wait_until (n_tasks (app) == N_PLACE_TASKS);
  /* A notification's task, selected, at the bottom of the list. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-task", g_variant_new_string ("4200000039"));
  g_assert_cmpstr (selected_id (window), ==, "4200000039");
  scroll_list (window, 0);
  vt_test_wait_until (shown_in_list (window, "4200000001"));

  /* The title of a row, then its ID (a labelled task shows both). */
  click_widget (row_label (window, "4200000001"));
  g_assert_cmpstr (selected_id (window), ==, "4200000001");
  press_key (GTK_WIDGET (window), "Delete");
  g_assert_null (vt_task_store_lookup (store, "4200000001"));
  g_assert_nonnull (vt_task_store_lookup (store, "4200000039"));
  g_assert_cmpuint (n_tasks (app), ==, N_PLACE_TASKS - 1);

  vt_task_set_label (vt_task_store_lookup (store, "4200000002"), "A walk on the beach");
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "A walk on the beach") != NULL);
  click_widget (row_label (window, "4200000002"));
  g_assert_cmpstr (selected_id (window), ==, "4200000002");

  /* Selected and then scrolled out of sight, it is brought back into view, not removed:
   * Delete never acts on a row the user cannot see. */
  scroll_list (window, 1);
  vt_test_wait_until (!shown_in_list (window, "4200000002"));
  press_key (GTK_WIDGET (window), "Delete");
  g_assert_nonnull (vt_task_store_lookup (store, "4200000002"));
  vt_test_wait_until (shown_in_list (window, "4200000002"));
  press_key (GTK_WIDGET (window), "Delete");
  g_assert_null (vt_task_store_lookup (store, "4200000002"));
  g_assert_cmpuint (n_tasks (app), ==, N_PLACE_TASKS - 2);
}

static void
test_click_delete (void)
{
  write_place_tasks ();
  run_app (NULL, click_delete_body);
}

/* The list keeps its place: what was restored, selected or found is in view afterwards,
 * and another filter shows the top of its list. */

static void
keeps_place_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkAdjustment *adjustment;
  GtkButton *undo;

  vt_test_wait_until (n_tasks (app) == N_PLACE_TASKS);
  vt_test_wait_until (shown_in_list (window, "4200000000"));
  adjustment = list_adjustment (window);

  /* Undo brings the first task back where it was, in view. */
  click_widget (row_label (window, "4200000000"));
  press_key (GTK_WIDGET (window), "Delete");
  vt_test_wait_until ((undo = button_labelled (GTK_WIDGET (window), "_Undo")) != NULL);
  click_widget (GTK_WIDGET (undo));
  vt_test_wait_until (n_tasks (app) == N_PLACE_TASKS);
  vt_test_wait_until (shown_in_list (window, "4200000000"));
  g_assert_cmpstr (selected_id (window), ==, "4200000000");

  /* Likewise one from the bottom, after scrolling up to the toast's Undo. */
  scroll_list (window, 1);
  vt_test_wait_until (shown_in_list (window, "4200000038"));
  click_widget (row_label (window, "4200000038"));
  press_key (GTK_WIDGET (window), "Delete");
  g_assert_null (vt_task_store_lookup (vt_application_get_store (app), "4200000038"));
  scroll_list (window, 0);
  vt_test_wait_until ((undo = button_labelled (GTK_WIDGET (window), "_Undo")) != NULL);
  click_widget (GTK_WIDGET (undo));
  vt_test_wait_until (n_tasks (app) == N_PLACE_TASKS);
  vt_test_wait_until (shown_in_list (window, "4200000038"));
  g_assert_cmpstr (selected_id (window), ==, "4200000038");

  /* A filter chosen at the bottom of the list shows the top of the new one. */
  scroll_list (window, 1);
  click_widget (GTK_WIDGET (button_labelled (GTK_WIDGET (window), "Failed")));
  vt_test_wait_until (shown_in_list (window, "4200000003"));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  click_widget (GTK_WIDGET (button_labelled (GTK_WIDGET (window), "All")));
  vt_test_wait_until (shown_in_list (window, "4200000000"));

  /* A search started at the bottom of the list shows the first it found; after Esc, the
   * task picked from what it found stays in view, and what it found when none was. */
  scroll_list (window, 1);
  press_key (GTK_WIDGET (window), "ctrl+f");
  press_key (GTK_WIDGET (window), "3");
  vt_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (task_selection (window))) == 13);
  vt_test_wait_until (shown_in_list (window, "4200000003"));
  click_widget (row_label (window, "4200000013"));
  press_key (GTK_WIDGET (window), "Escape");
  vt_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (task_selection (window))) == N_PLACE_TASKS);
  vt_test_wait_until (shown_in_list (window, "4200000013"));
  g_assert_cmpstr (selected_id (window), ==, "4200000013");

  gtk_single_selection_set_selected (task_selection (window), GTK_INVALID_LIST_POSITION);
  press_key (GTK_WIDGET (window), "ctrl+f");
  press_key (GTK_WIDGET (window), "2");
  press_key (GTK_WIDGET (window), "9");
  vt_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (task_selection (window))) == 1);
  vt_test_wait_until (shown_in_list (window, "4200000029"));
  press_key (GTK_WIDGET (window), "Escape");
  vt_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (task_selection (window))) == N_PLACE_TASKS);
  vt_test_wait_until (shown_in_list (window, "4200000029"));

  /* Clear Finished, from the main menu at the bottom of the list: the selected task stays
   * in view; with none, the top of the list. */
  scroll_list (window, 1);
  click_widget (row_label (window, "4200000037"));
  click_main_menu_item (window, "Clear Finished");
  g_assert_cmpuint (n_tasks (app), ==, N_PLACE_TASKS - N_PLACE_TASKS / 4);
  vt_test_wait_until (shown_in_list (window, "4200000037"));
  g_assert_cmpstr (selected_id (window), ==, "4200000037");

  vt_test_wait_until ((undo = button_labelled (GTK_WIDGET (window), "_Undo")) != NULL);
  click_widget (GTK_WIDGET (undo));
  vt_test_wait_until (n_tasks (app) == N_PLACE_TASKS);
  /* The first task that came back. */
  vt_test_wait_until (shown_in_list (window, "4200000003"));
  gtk_single_selection_set_selected (task_selection (window), GTK_INVALID_LIST_POSITION);
  scroll_list (window, 1);
  click_main_menu_item (window, "Clear Finished");
  vt_test_wait_until (shown_in_list (window, "4200000000"));
}

static void
test_keeps_place (void)
{
  write_place_tasks ();
  run_app (NULL, keeps_place_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-tasks/add-and-track", test_add_and_track);
  window_test_add ("/window-tasks/remove-undo-restart", test_remove_undo_restart);
  window_test_add ("/window-tasks/paste-and-show", test_paste_and_show);
  window_test_add ("/window-tasks/long-list", test_long_list);
  window_test_add ("/window-tasks/search", test_search);
  window_test_add ("/window-tasks/words", test_words);
  window_test_add ("/window-tasks/clear-finished", test_clear_finished);
  window_test_add ("/window-tasks/details", test_details);
  window_test_add ("/window-tasks/statuses", test_statuses);
  window_test_add ("/window-tasks/click-delete", test_click_delete);
  window_test_add ("/window-tasks/keeps-place", test_keeps_place);

  return window_test_run ();
}
