/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a row shows and does: its primary action and height, Delete with Undo, the layout at
 * 360 px, and an icon for every state. */

#include "config.h"

#include <glib/gstdio.h>

#include "window-fixture.h"
#include "vt-display.h"
#include "vt-task-row.h"
#include "vt-tooltip.h"

/* Rows: one primary action for the task's state and the rest in its menu; a download does
 * not change the row's height; Delete removes the selected row, with Undo. */

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
  vt_mock_server_set_timing (mock_server (), 60 * 1000, 0);
  type_and_add (window, "7600000002");
  wait_for_row (window, "7600000002", "Preparing");
  g_assert_null (primary_action (row_of (window, "7600000002")));

  vt_mock_server_set_timing (mock_server (), 0, 0);
  vt_mock_server_set_video_size (mock_server (), 256 * 1024 * 1024);
  type_and_add (window, "7600000001");
  wait_for_row (window, "7600000001", "Succeeded");
  row = row_of (window, "7600000001");
  g_assert_cmpstr (primary_action (row), ==, "row.play");
  /* Finished: the one fact that matters now, how long its link works, not when it was last
   * checked (it is not any more); the task still being prepared says when it was. Three
   * lines at most: title, status with its fact, ID. */
  g_assert_nonnull (row_label_with (row, "Video Agent · Link expires in "));
  g_assert_null (row_label_with (row, "Checked"));
  g_assert_null (row_label_with (row, "Added"));
  vt_test_wait_until (row_label_with (row_of (window, "7600000002"), "Checked just now") != NULL);
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
  vt_test_wait_until (g_strcmp0 (primary_action (row), "row.play") == 0);
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

  vt_mock_server_set_video_size (mock_server (), 256 * 1024);
  g_rmdir (folder);
}

static void
test_rows (void)
{
  use_mock_api (TRUE);
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
  vt_mock_server_set_timing (mock_server (), 0, 0);
  use_mock_api (TRUE);
  run_app (NULL, narrow_body);
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

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-rows/status-icons", test_status_icons);
  window_test_add ("/window-rows/rows", test_rows);
  window_test_add ("/window-rows/narrow", test_narrow);

  return window_test_run ();
}
