/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real application and window under Xvfb, against the loopback API. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "vt-application.h"
#include "vt-api.h"
#include "vt-display.h"
#include "vt-mock-server.h"
#include "vt-recording-launcher.h"
#include "vt-task-row.h"
#include "vt-tooltip.h"
#include "vt-window.h"

#define KEY "window-test-key"

static VtMockServer *server;
static VtClock *server_clock;   /* /window/chinese's child only */
static char *data_dir;      /* XDG_DATA_HOME for the whole run */
static char *tasks_file;    /* where the application keeps its list in there */

typedef void (*Body) (VtApplication *app);

typedef struct
{
  Body     body;
  gboolean ran;
} Run;

static gboolean
body_cb (gpointer user_data)
{
  VtApplication *app = user_data;
  Run *run = g_object_get_data (G_OBJECT (app), "vt-run");

  run->body (app);
  run->ran = TRUE;
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
window_shown_cb (VtApplication *app)
{
  if (g_object_get_data (G_OBJECT (app), "vt-started") == NULL)
    {
      g_object_set_data (G_OBJECT (app), "vt-started", GINT_TO_POINTER (1));
      g_idle_add (body_cb, app);
    }
}

/* Runs the application as `video-tasks ARGS…`; @body runs once the window is up, with the
 * main loop turning underneath it, and the application quits (and saves) after it. */
static void
run_app (const char * const *args,
         Body                body)
{
  g_autoptr(VtRecordingLauncher) launcher = vt_recording_launcher_new ();
  g_autoptr(VtApplication) app = vt_application_new_with (NULL, VT_LAUNCHER (launcher));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { body, FALSE };
  int status;

  g_ptr_array_add (argv, "video-tasks");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_object_set_data (G_OBJECT (app), "vt-run", &run);
  g_signal_connect (app, "window-added", G_CALLBACK (window_shown_cb), NULL);

  status = g_application_run (G_APPLICATION (app), argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.ran);
}

static VtWindow *
main_window (VtApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (VT_IS_WINDOW (window));
  return VT_WINDOW (window);
}

static void
find_all (GtkWidget *root,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

/* The text of every row on screen: "title|status|…" */
static char *
rows_text (VtWindow *window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  find_all (GTK_WIDGET (window), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_widget_get_visible (labels->pdata[j]))
          g_string_append_printf (text, "%s|", gtk_label_get_label (labels->pdata[j]));
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
row_shows (VtWindow   *window,
           const char *id,
           const char *status)
{
  g_autofree char *text = rows_text (window);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *id_field = g_strdup_printf ("%s|", id);
  g_autofree char *status_field = g_strdup_printf ("|%s|", status);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], id_field) && strstr (lines[i], status_field) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
row_shows_or_gives_up (VtWindow   *window,
                       const char *id,
                       const char *status,
                       gint64      give_up)
{
  if (row_shows (window, id, status))
    return TRUE;
  if (g_get_monotonic_time () < give_up)
    return FALSE;

  {
    g_autofree char *text = rows_text (window);
    g_error ("No row %s showing %s; rows:\n%s", id, status, text);
  }
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for a row to show @status; says what the rows show when it does not come. */
static void
wait_for_row (VtWindow   *window,
              const char *id,
              const char *status)
{
  gint64 give_up = g_get_monotonic_time () + (VT_TEST_DEADLINE_SECONDS - 2) * G_USEC_PER_SEC;
  /* Wakes the loop up now and then, to give up in time even when nothing happens. */
  guint wake = g_timeout_add (100, wake_cb, NULL);

  vt_test_wait_until (row_shows_or_gives_up (window, id, status, give_up));
  g_source_remove (wake);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

static GtkLabel *
label_with_prefix (GtkWidget  *root,
                   const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_str_has_prefix (gtk_label_get_label (labels->pdata[i]), prefix))
      return labels->pdata[i];
  return NULL;
}

static GtkEntry *
task_entry (VtWindow *window)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (!GTK_IS_SEARCH_ENTRY (entries->pdata[i]) &&
        g_strcmp0 (gtk_entry_get_placeholder_text (entries->pdata[i]),
                   _("Paste task IDs, or the reply of a create call")) == 0)
      return entries->pdata[i];
  g_assert_not_reached ();
}

/* The list of tasks (the filter drop-down has a list view of its own). */
static GtkListView *
task_list_view (VtWindow *window)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, views);
  for (guint i = 0; i < views->len; i++)
    {
      if (gtk_widget_get_ancestor (views->pdata[i], GTK_TYPE_POPOVER) == NULL)
        return views->pdata[i];
    }
  g_assert_not_reached ();
}

static GtkSingleSelection *
task_selection (VtWindow *window)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (task_list_view (window)));
}

static GtkButton *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

static GtkWidget *
widget_with_action (GtkWidget  *root,
                    const char *action)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, GTK_TYPE_ACTIONABLE, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (found->pdata[i]), action) == 0)
      return found->pdata[i];
  g_assert_not_reached ();
}

static gboolean
focus_in_entry (VtWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (task_entry (window)));
}

static GtkButton *
add_button (VtWindow *window)
{
  GtkLabel *label = label_with_prefix (GTK_WIDGET (window), _("_Add"));

  g_assert_nonnull (label);
  return GTK_BUTTON (gtk_widget_get_parent (GTK_WIDGET (label)));
}

static void
type_and_add (VtWindow   *window,
              const char *text)
{
  GtkEntry *entry = task_entry (window);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (add_button (window), "clicked");
}

static guint
n_tasks (VtApplication *app)
{
  return g_list_model_get_n_items (G_LIST_MODEL (vt_application_get_store (app)));
}

static void
wait_for_key (VtApplication *app)
{
  vt_test_wait_until (vt_application_get_key_state (app) != VT_KEY_STATE_LOOKING_UP);
}

static void
use_mock_api (gboolean with_key)
{
  g_setenv ("MINIMAX_API_HOST", vt_mock_server_get_api_url (server), TRUE);
  if (with_key)
    g_setenv ("MINIMAX_API_KEY", KEY, TRUE);
  else
    g_unsetenv ("MINIMAX_API_KEY");
}

/* First run: no key, no tasks. */

static void
first_run_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  AdwStatusPage *page;

  wait_for_key (app);
  g_assert_cmpint (vt_application_get_key_state (app), !=, VT_KEY_STATE_PRESENT);
  page = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
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
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (window),
                                                                                   ADW_TYPE_WINDOW_TITLE))),
                   ==, "");
}

static void
test_first_run (void)
{
  use_mock_api (FALSE);
  g_unlink (tasks_file);
  run_app (NULL, first_run_body);
}

/* Adding through the entry; rows reach their final state; bad input. */

static void
add_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkEntry *entry = task_entry (window);

  wait_for_key (app);
  g_assert_cmpint (vt_application_get_key_state (app), ==, VT_KEY_STATE_PRESENT);

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
  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
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

  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);

  /* `video-tasks ID…` adds the IDs. */
  run_app (args, remove_body);

  before = vt_mock_server_count_requests (server, "api");
  run_app (NULL, restored_body);
  /* The finished task was not asked about again. */
  g_assert_cmpuint (vt_mock_server_count_requests (server, "api"), ==, before);
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
}

/* MiniMax out of reach: one banner, in words of ours, with Try Now; no row repeats it. */
static void
unreachable_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autofree char *text = NULL;

  type_and_add (window, "8100000001 8100000002");
  vt_test_wait_until (vt_poller_get_state (vt_application_get_poller (app)) == VT_POLLER_STATE_UNREACHABLE);
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "MiniMax cannot be reached.") != NULL);
  g_assert_nonnull (button_labelled (GTK_WIDGET (window), "Try Now"));
  text = rows_text (window);
  g_assert_null (strstr (text, "cannot be reached"));
  g_assert_null (strstr (text, "refused"));
}

static void
test_unreachable (void)
{
  use_mock_api (TRUE);
  /* Nothing listens on port 1 of this machine. */
  g_setenv ("MINIMAX_API_HOST", "http://127.0.0.1:1", TRUE);
  g_unlink (tasks_file);
  run_app (NULL, unreachable_body);
}

static void
test_wrong_key (void)
{
  use_mock_api (TRUE);
  g_setenv ("MINIMAX_API_KEY", "not-the-key", TRUE);
  g_unlink (tasks_file);
  run_app (NULL, wrong_key_body);
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
  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
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

  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
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
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE));

  /* The server holds slow answers until its clock moves. */
  vt_mock_server_set_clock (server, clock);
  type_and_add (window, "slow-5-statuses");
  wait_for_row (window, "slow-5-statuses", "Checking…");
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER)));
  g_assert_false (row_shows (window, "slow-5-statuses", "Unknown status"));

  vt_test_wait_until (vt_mock_server_get_n_waiting (server) == 1);
  vt_clock_advance (clock, 5 * G_USEC_PER_SEC);
  wait_for_row (window, "slow-5-statuses", "Preparing");

  type_and_add (window, "unknown-status-7500");
  wait_for_row (window, "unknown-status-7500", "Unknown status");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "1 in progress");
  vt_mock_server_set_clock (server, vt_clock_get_system ());
}

static void
test_statuses (void)
{
  vt_mock_server_set_timing (server, 60 * 1000, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, statuses_body);
}

/* Rows: one primary action for the task's state and the rest in its menu; a download does
 * not change the row's height; Delete removes the selected row, with Undo. */

static GtkWidget *
row_of (VtWindow   *window,
        const char *id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (g_strcmp0 (gtk_label_get_label (labels->pdata[j]), id) == 0)
          return rows->pdata[i];
    }
  return NULL;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  guint *n_frames = user_data;

  (*n_frames)++;
  return *n_frames < 2 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Until @widget has been laid out again with what it shows now. */
static void
wait_for_layout (GtkWidget *widget)
{
  guint n_frames = 0;

  gtk_widget_add_tick_callback (widget, frame_cb, &n_frames, NULL);
  vt_test_wait_until (n_frames == 2);
}

/* The action of the row's primary button, or NULL when it shows none. */
static const char *
primary_action (GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_mapped (buttons->pdata[i]) && !GTK_IS_TOGGLE_BUTTON (buttons->pdata[i]) &&
        gtk_actionable_get_action_name (buttons->pdata[i]) != NULL)
      return gtk_actionable_get_action_name (buttons->pdata[i]);
  return NULL;
}

static void
rows_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtDownloadManager *downloads = vt_application_get_downloads (app);
  VtTaskStore *store = vt_application_get_store (app);
  g_autofree char *folder = g_dir_make_tmp ("vt-window-rows-XXXXXX", NULL);
  GtkSingleSelection *selection;
  GtkWidget *row;
  VtTask *task;
  int height;

  g_settings_set_string (vt_application_get_settings (app), "download-folder", folder);
  vt_mock_server_set_timing (server, 60 * 1000, 0);
  type_and_add (window, "7600000002");
  wait_for_row (window, "7600000002", "Preparing");
  g_assert_null (primary_action (row_of (window, "7600000002")));

  vt_mock_server_set_timing (server, 0, 0);
  vt_mock_server_set_video_size (server, 256 * 1024 * 1024);
  type_and_add (window, "7600000001");
  wait_for_row (window, "7600000001", "Succeeded");
  row = row_of (window, "7600000001");
  g_assert_cmpstr (primary_action (row), ==, "row.open");
  wait_for_layout (row);
  height = gtk_widget_get_height (row);

  task = vt_task_store_lookup (store, "7600000001");
  gtk_widget_activate_action (row, "row.download", NULL);
  vt_test_wait_until (vt_download_manager_lookup (downloads, task) != NULL &&
                      g_strcmp0 (primary_action (row), "row.cancel-download") == 0);
  wait_for_layout (row);
  g_assert_cmpint (gtk_widget_get_height (row), ==, height);
  gtk_widget_activate_action (row, "row.cancel-download", NULL);
  vt_test_wait_until (vt_download_manager_lookup (downloads, task) == NULL);
  vt_test_wait_until (g_strcmp0 (primary_action (row), "row.open") == 0);
  wait_for_layout (row);
  g_assert_cmpint (gtk_widget_get_height (row), ==, height);

  /* Delete removes the selected task, and Undo brings it back. */
  selection = task_selection (window);
  gtk_single_selection_set_selected (selection, 0);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) task);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-selected", NULL);
  g_assert_null (vt_task_store_lookup (store, "7600000001"));
  g_signal_emit_by_name (button_labelled (GTK_WIDGET (window), "_Undo"), "clicked");
  g_assert_nonnull (vt_task_store_lookup (store, "7600000001"));

  vt_mock_server_set_video_size (server, 256 * 1024);
  g_rmdir (folder);
}

static void
test_rows (void)
{
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, rows_body);
}

/* At 360 px: nothing cut off, every task ID whole, a long label ends in "…" with the whole
 * label in its tooltip, and the filters become a drop-down. */

static GtkLabel *
label_showing (GtkWidget  *root,
               const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

/* GTK asks a widget with a tooltip for it when the pointer rests there: the widget answers
 * that it has one. */
static gboolean
tooltip_is_offered (GtkWidget *widget)
{
  g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean offered = FALSE;

  if (!gtk_widget_get_has_tooltip (widget))
    return FALSE;
  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &offered);
  return offered;
}

static void
narrow_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  const char *label = "Harbour at sunset, golden hour over the old fishing port, in slow motion";
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();
  GtkLabel *title;

  type_and_add (window, "401047179385389056 401047179385389059");
  vt_task_set_label (vt_task_store_lookup (vt_application_get_store (app), "401047179385389056"), label);
  wait_for_row (window, "401047179385389059", "Succeeded");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  /* (The window's own width leaves out its client-side frame.) */
  vt_test_wait_until (gtk_widget_get_width (GTK_WIDGET (window)) <= 360);
  wait_for_layout (GTK_WIDGET (window));

  /* Every row's menu button is inside the window. */
  find_all (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menus);
  for (guint i = 0; i < menus->len; i++)
    if (gtk_widget_get_mapped (menus->pdata[i]))
      {
        graphene_rect_t bounds;

        g_assert_true (gtk_widget_compute_bounds (menus->pdata[i], GTK_WIDGET (window), &bounds));
        g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
      }

  /* IDs whole, as title and as the line under a label. */
  title = label_showing (GTK_WIDGET (window), "401047179385389059");
  g_assert_nonnull (title);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (title)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label_showing (GTK_WIDGET (window),
                                                                                   "401047179385389056"))));
  title = label_showing (GTK_WIDGET (window), label);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (title)));
  g_assert_cmpstr (vt_tooltip_get (GTK_WIDGET (title)), ==, label);
  g_assert_true (tooltip_is_offered (GTK_WIDGET (title)));

  /* The filters, in a drop-down that fits. */
  g_assert_null (button_labelled (GTK_WIDGET (window), "All"));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN)));
}

static void
test_narrow (void)
{
  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, narrow_body);
}

/* Copy Details: what the row does not show, for a bug report or MiniMax's support. */

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
details_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  g_autofree char *copied = NULL;

  type_and_add (window, "7700000001");
  wait_for_row (window, "7700000001", "Check failed");
  g_assert_true (row_shows (window, "7700000001", "MiniMax's server had a problem (HTTP 503). Checking will be retried later."));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-details-task", "s", "7700000001");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &copied);
  vt_test_wait_until (copied != NULL);
  g_assert_nonnull (strstr (copied, "Task: 7700000001\n"));
  g_assert_nonnull (strstr (copied, "Trace-Id: mock-trace-"));
  g_assert_nonnull (strstr (copied, "HTTP 503\n"));
  g_assert_null (strstr (copied, KEY));
}

static void
test_details (void)
{
  vt_mock_server_add_alias (server, "7700000001", "http-503");
  use_mock_api (TRUE);
  g_unlink (tasks_file);
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
  g_assert_cmpuint (n_tasks (app), ==, 1);
  g_assert_nonnull (vt_task_store_lookup (vt_application_get_store (app), "slow-30-words"));
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (window), "Cleared 2 finished tasks") != NULL);
}

static void
test_words (void)
{
  vt_mock_server_set_timing (server, 0, 0);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, words_body);
}

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
  vt_mock_server_set_timing (server, 0, 0);
  vt_mock_server_set_video_size (server, 200 * 1024);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, download_body);
}

/* Every kind of task, end to end: pasted, found out, followed, its link renewed and its
 * video downloaded; a task no endpoint knows given its kind by hand; recent H3 tasks
 * imported, with the one already listed skipped. */

static guint
api_requests_to (const char *path)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    n += g_strcmp0 (((VtMockRequest *) requests->pdata[i])->path, path) == 0;
  return n;
}

/* The first of what @find finds with @text in any toplevel: a dialog is a window of its own
 * (AdwMessageDialog, libadwaita < 1.5) or inside the main window (AdwAlertDialog). */
static gpointer
in_toplevels (gpointer   (*find) (GtkWidget *, const char *),
              const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      gpointer found = find (window, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gpointer
find_button (GtkWidget  *root,
             const char *label)
{
  return button_labelled (root, label);
}

static gpointer
find_label (GtkWidget  *root,
            const char *prefix)
{
  return label_with_prefix (root, prefix);
}

static GtkButton *
dialog_button (const char *label)
{
  return in_toplevels (find_button, label);
}

static GtkLabel *
dialog_label (const char *prefix)
{
  return in_toplevels (find_label, prefix);
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
  /* The row says what each is. */
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "Hailuo · Added "));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "H3 · Added "));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "Video Agent · Added "));

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
  vt_mock_server_set_h3_listed (server, 12);
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
  vt_mock_server_set_timing (server, 0, 0);
  vt_mock_server_set_video_size (server, 64 * 1024);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, kinds_body);
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
    g_autofree char *folder = g_path_get_dirname (tasks_file);
    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  }
  g_assert_true (g_file_set_contents (tasks_file, json->str, -1, NULL));
  run_app (NULL, long_list_body);
}

/* Every state's icon is in the icon theme this GTK has: Adwaita 48 (Debian 13, the GNOME
 * runtime) dropped emblem-ok-symbolic and emblem-synchronizing-symbolic, which Succeeded and
 * Processing used, and showed a broken image there. */
static void
test_status_icons (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  const VtTaskStatus statuses[] = {
    VT_TASK_STATUS_UNKNOWN, VT_TASK_STATUS_PREPARING, VT_TASK_STATUS_QUEUEING,
    VT_TASK_STATUS_PROCESSING, VT_TASK_STATUS_SUCCESS, VT_TASK_STATUS_FAIL,
    VT_TASK_STATUS_CANCELLED,
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    for (guint checked = 0; checked < 2; checked++)
      {
        g_autoptr(VtTask) task = vt_task_new ("7800000001");
        const char *icon;

        vt_task_set_status (task, statuses[i]);
        if (checked)
          vt_task_set_last_checked (task, now);
        icon = vt_display_status_icon (task);
        g_test_message ("status %d, checked %u: %s", statuses[i], checked, icon);
        g_assert_true (gtk_icon_theme_has_icon (theme, icon));
      }
  {
    g_autoptr(VtTask) task = vt_task_new ("7800000002");

    vt_task_set_check_failed (task, TRUE);
    g_assert_true (gtk_icon_theme_has_icon (theme, vt_display_status_icon (task)));
  }
}

/* The preferences window opens and shows the environment override. */

static GtkWindow *
preferences_window (VtApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

static AdwActionRow *
row_titled (GtkWidget  *root,
            const char *prefix)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (root, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (rows->pdata[i]), prefix))
      return rows->pdata[i];
  return NULL;
}

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
  g_assert_cmpint (vt_application_get_key_state (app), ==, VT_KEY_STATE_MISSING);
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
  g_unlink (tasks_file);
  run_app (NULL, preferences_no_key_body);
}

static void
test_preferences (void)
{
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, preferences_body);
}

/* Text from the task list, the user or MiniMax is shown as it is: AdwToast titles and
 * AdwActionRow subtitles are Pango markup, where "&" blanked the toast with a warning and an
 * <a href> made a link in the app's own words. */

/* The title of the toast on screen that has @part in it: the label in libadwaita's toast
 * widget that is not on its button. */
static GtkLabel *
toast_title_with (VtWindow   *window,
                  const char *part)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *ancestor = gtk_widget_get_parent (labels->pdata[i]);
      gboolean on_button = FALSE;

      for (; ancestor != NULL; ancestor = gtk_widget_get_parent (ancestor))
        {
          on_button |= GTK_IS_BUTTON (ancestor);
          if (g_str_equal (G_OBJECT_TYPE_NAME (ancestor), "AdwToastWidget"))
            break;
        }
      if (ancestor != NULL && !on_button &&
          strstr (gtk_label_get_text (labels->pdata[i]), part) != NULL)
        return labels->pdata[i];
    }
  return NULL;
}

/* @label shows @text, character for character, and nothing in it made a link or a style. */
static void
assert_shows_literally (GtkLabel   *label,
                        const char *text)
{
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  if (gtk_label_get_use_markup (label))
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      g_assert_cmpstr (gtk_label_get_label (label), ==, escaped);
    }
}

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
  vt_mock_server_set_timing (server, 0, 0);
  vt_mock_server_set_video_size (server, 16 * 1024);
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, literal_text_body);
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
  vt_mock_server_set_next_h3_error (server, message);
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
  g_unlink (tasks_file);
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

  /* The main menu (the only menu button without tasks) makes its popover when opened, and
   * offers the shortcuts there. */
  {
    GtkMenuButton *menu = GTK_MENU_BUTTON (find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));

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
}

static void
test_shortcuts (void)
{
  use_mock_api (TRUE);
  g_unlink (tasks_file);
  run_app (NULL, shortcuts_body);
  /* Gone with the main window. */
  g_assert_null (shortcuts_window ());
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
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "链接将在 "));

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
      vt_mock_server_set_clock (server, server_clock);
      vt_mock_server_set_timing (server, 1500, 3000);
      use_mock_api (TRUE);
      g_unlink (tasks_file);
      run_app (NULL, chinese_body);
      return;
    }

  g_setenv ("VT_TEST_LANGUAGE", "zh_CN", TRUE);
  g_test_trap_subprocess (NULL, 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("VT_TEST_LANGUAGE");
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The application keeps its list in the user's data folder: a throw-away one, set before
   * anything asks GLib where that is. */
  data_dir = g_dir_make_tmp ("vt-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

  /* English, unless this is /window/chinese's child, which runs in zh_CN.UTF-8 (made by
   * build-aux/deps): gettext ignores LANGUAGE in the C locale, and newer glibc in C.UTF-8
   * too. */
  if (g_getenv ("VT_TEST_LANGUAGE") != NULL)
    {
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      g_setenv ("LANGUAGE", g_getenv ("VT_TEST_LANGUAGE"), TRUE);
    }
  else
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "C", TRUE);
    }
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The %s locale is missing; build-aux/deps makes it.", g_getenv ("LC_ALL"));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);

  if (gdk_display_get_default () == NULL)
    {
      g_printerr ("No display: run through build-aux/test, which starts Xvfb\n");
      return 77;
    }

  /* The tests wait for end states, not for animations on the way there. (Clicking Undo on
   * a toast while it was still sliding in crashed the next test now and then, inside
   * libadwaita 1.2's adw_animation_skip; ASan and valgrind runs did not reproduce it.) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GFile) file = vt_task_store_default_file ();
    tasks_file = g_file_get_path (file);
  }
  /* The loopback API takes any rate: tests need not wait a second between checks. (The
   * settings live in memory for the whole process, so every application run here sees it.) */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_uint (settings, "max-requests-per-minute", 600);
  }

  g_test_add_func ("/window/first-run", test_first_run);
  g_test_add_func ("/window/add-and-track", test_add_and_track);
  g_test_add_func ("/window/remove-undo-restart", test_remove_undo_restart);
  g_test_add_func ("/window/wrong-key", test_wrong_key);
  g_test_add_func ("/window/unreachable", test_unreachable);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/preferences-no-key", test_preferences_no_key);
  g_test_add_func ("/window/shortcuts", test_shortcuts);
  g_test_add_func ("/window/paste-and-show", test_paste_and_show);
  g_test_add_func ("/window/download", test_download);
  g_test_add_func ("/window/kinds", test_kinds);
  g_test_add_func ("/window/long-list", test_long_list);
  g_test_add_func ("/window/status-icons", test_status_icons);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/words", test_words);
  g_test_add_func ("/window/details", test_details);
  g_test_add_func ("/window/statuses", test_statuses);
  g_test_add_func ("/window/rows", test_rows);
  g_test_add_func ("/window/narrow", test_narrow);
  g_test_add_func ("/window/chinese", test_chinese);
  g_test_add_func ("/window/literal-text", test_literal_text);
  g_test_add_func ("/window/import-error-text", test_import_error_text);

  status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (data_dir);
    vt_test_remove_tree (dir);
  }
  g_clear_pointer (&tasks_file, g_free);
  g_clear_pointer (&data_dir, g_free);
  g_clear_object (&server);
  return status;
}
