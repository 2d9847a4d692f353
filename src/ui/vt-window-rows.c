/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include "vt-tab-stop.h"
#include "vt-task-row.h"
#include "vt-window-private.h"

/*
 * How many of the shown tasks the list view gets. GTK 4.8's list view makes and measures a
 * row for up to 200 items whatever the window's height, and making and binding rows was most
 * of the start-up with a long list. The view gets as many
 * tasks as the list's part of the window can show (vt_window_rows_fit()), and VT_ROWS_STEP
 * more whenever it is scrolled to within two screenfuls of what it has, until it has them
 * all. The step is about five screenfuls: few enough rows that making them at once does not
 * hold a frame up noticeably, many enough that most Page Down steps make none.
 */

#define VT_ROWS_FIRST     20  /* before the window's height is known */
#define VT_ROWS_STEP      24
#define VT_WINDOW_CHROME 140  /* at least this much of the window is above the list */
#define VT_ROW_MIN_HEIGHT 60  /* no card is shorter: a title, a status line and margins */
#define VT_ROWS_MAXIMIZED 30  /* a maximized window of any common screen */
#define VT_ROWS_AT_LEAST   4

static void
grow_if_near_end (VtWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  guint size = gtk_slice_list_model_get_size (self->rows);
  double page;

  if (adjustment == NULL || size >= g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    return;

  /* Before the first allocation there is no page to speak of. */
  page = gtk_adjustment_get_page_size (adjustment);
  if (page <= 0)
    return;

  if (gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment))
    gtk_slice_list_model_set_size (self->rows, size + VT_ROWS_STEP);
}

static gboolean
grow_cb (gpointer user_data)
{
  VtWindow *self = user_data;

  self->grow_source = 0;
  grow_if_near_end (self);
  return G_SOURCE_REMOVE;
}

/* The adjustment changes while the view is being allocated: the model changes after. */
static void
adjustment_changed_cb (VtWindow *self)
{
  if (self->grow_source == 0)
    self->grow_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, grow_cb, self, NULL);
}

static void
vadjustment_set_cb (VtWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  if (adjustment == NULL)
    return;
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VtWindow                 *self)
{
  gtk_list_item_set_child (item, GTK_WIDGET (vt_task_row_new (self->downloads, self->poller, self->ticker,
                                                             self->saved_files, self->thumbnailer)));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  vt_task_row_set_task (VT_TASK_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  vt_task_row_set_task (VT_TASK_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Rows of the list, each bound to the task it shows. */
GtkListItemFactory *
vt_window_rows_factory_new (VtWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  return factory;
}

/**
 * vt_window_rows_new:
 *
 * Returns: (transfer full): the first of @self's filtered tasks, as many as the view needs
 */
GListModel *
vt_window_rows_new (VtWindow *self)
{
  self->rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0,
                                         VT_ROWS_FIRST);
  g_signal_connect_object (self->list_view, "notify::vadjustment", G_CALLBACK (vadjustment_set_cb),
                           self, G_CONNECT_SWAPPED);
  vadjustment_set_cb (self);
  return g_object_ref (G_LIST_MODEL (self->rows));
}

/**
 * vt_window_rows_fit:
 * @settings: where the window's size is kept
 *
 * Gives the view the tasks the window, as tall as it was last, can show at once below its
 * header bar and entry, before its first frame.
 */
void
vt_window_rows_fit (VtWindow  *self,
                    GSettings *settings)
{
  int height = g_settings_get_int (settings, "window-height");
  guint size = g_settings_get_boolean (settings, "window-maximized") || height < 0
               ? VT_ROWS_MAXIMIZED
               : (guint) MAX (height - VT_WINDOW_CHROME, 0) / VT_ROW_MIN_HEIGHT + 1;

  gtk_slice_list_model_set_size (self->rows, MAX (size, VT_ROWS_AT_LEAST));
}

/* Makes sure the view has the shown task at @position, to select it or scroll to it. */
void
vt_window_rows_include (VtWindow *self,
                        guint     position)
{
  guint size = gtk_slice_list_model_get_size (self->rows);

  if (position >= size)
    gtk_slice_list_model_set_size (self->rows,
                                   (position / VT_ROWS_STEP + 1) * VT_ROWS_STEP + VT_ROWS_STEP);
}

/* Whether the selected row is on screen: its middle within the part of the list the window
 * shows. GTK keeps the selected row's widget when it is scrolled out of sight. */
gboolean
vt_window_rows_selected_in_view (VtWindow *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->list_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      float middle;

      if (!(gtk_widget_get_state_flags (child) & GTK_STATE_FLAG_SELECTED) ||
          !gtk_widget_get_mapped (child) || !gtk_widget_compute_bounds (child, scroller, &bounds))
        continue;
      middle = bounds.origin.y + bounds.size.height / 2;
      return middle >= 0 && middle <= gtk_widget_get_height (scroller);
    }
  return FALSE;
}

/* The row an item of the list shows, or holds the focus inside. */
static VtTaskRow *
row_of_focus (GtkWidget *focus)
{
  GtkWidget *row = gtk_widget_get_ancestor (focus, VT_TYPE_TASK_ROW);

  for (GtkWidget *child = gtk_widget_get_first_child (focus);
       row == NULL && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (VT_IS_TASK_ROW (child))
      row = child;
  return row != NULL ? VT_TASK_ROW (row) : NULL;
}

/* The row with the keyboard focus. The focus is on the list's item around the row (GTK
 * 4.8's GtkListItemWidget), not inside it, so the row's own key bindings would never see
 * the list's keys. */
static VtTaskRow *
focused_row (GtkWidget *list_view)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list_view));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, list_view))
    return NULL;
  return row_of_focus (focus);
}

/* Shift+F10 and the Menu key open the menu of the row with the focus. */
static gboolean
popup_menu_cb (GtkWidget *list_view,
               GVariant  *args,
               gpointer   user_data)
{
  VtTaskRow *row = focused_row (list_view);

  if (row == NULL)
    return FALSE;
  vt_task_row_popup_menu (row);
  return TRUE;
}

/* Ctrl+C on a row copies its task ID, as Copy Task ID in its menu does: the row's labels
 * are not selectable (a click on them selects the row). */
static gboolean
copy_id_cb (GtkWidget *list_view,
            GVariant  *args,
            gpointer   user_data)
{
  VtTaskRow *row = focused_row (list_view);

  return row != NULL && gtk_widget_activate_action (GTK_WIDGET (row), "row.copy-id", NULL);
}

/* Where Tab enters the list: the selected row if it is in view, else the first row in
 * view, so that the list does not scroll to where the focus last was. The list's arrow
 * keys then move from the row given the focus (GTK sets its cursor there). */
static GtkWidget *
list_entry_cb (VtTabStop *stop,
               gpointer   user_data)
{
  VtWindow *self = user_data;
  GtkWidget *view = GTK_WIDGET (self->list_view);
  int height = gtk_widget_get_height (GTK_WIDGET (stop));
  GtkWidget *first = NULL;
  float first_y = G_MAXFLOAT;

  for (GtkWidget *item = gtk_widget_get_first_child (view);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (item) || !gtk_widget_get_mapped (item) ||
          row_of_focus (item) == NULL ||
          !gtk_widget_compute_bounds (item, GTK_WIDGET (stop), &bounds))
        continue;
      /* Wholly in view; a row taller than the list is not, and the list gets the focus
       * as GTK gives it. */
      if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > height)
        continue;
      if ((gtk_widget_get_state_flags (item) & GTK_STATE_FLAG_SELECTED) != 0)
        return item;
      if (bounds.origin.y < first_y)
        {
          first = item;
          first_y = bounds.origin.y;
        }
    }
  return first;
}

/**
 * vt_window_rows_set_up_keys:
 *
 * Makes the list one Tab stop that enters at a row in view, and gives its rows their menu
 * keys and Ctrl+C.
 */
void
vt_window_rows_set_up_keys (VtWindow *self)
{
  GtkWidget *stop = gtk_widget_get_ancestor (GTK_WIDGET (self->list_view), VT_TYPE_TAB_STOP);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_assert (stop != NULL);
  vt_tab_stop_set_entry_func (VT_TAB_STOP (stop), list_entry_cb, self);

  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                   gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                      gtk_callback_action_new (popup_menu_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_c, GDK_CONTROL_MASK),
                      gtk_callback_action_new (copy_id_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);
}
