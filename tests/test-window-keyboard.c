/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Menus and the keyboard, through real input (xdotool's XTest keys and clicks on the Xvfb
 * display): a row's menu opens on right-click, Shift+F10 and Menu; its Kind submenu checks
 * the task's kind; Tab stops once at the filters and once at the list, entering the list
 * at a row in view; the ⋮ button's tooltip stays away while its menu is open. */

#include "config.h"

#include <glib/gi18n.h>

#include "window-fixture.h"
#include "vt-display.h"
#include "vt-task-row.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static void
xdotool_exited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Runs `xdotool ARGS…` (NULL-terminated) and waits for it, the main loop turning. */
static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, xdotool_exited_cb, &exited);
  vt_test_wait_until (exited);
}

/* The X window of @widget's surface, as xdotool names it. */
static char *
xid_of (GtkWidget *widget)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  if (GDK_IS_X11_SURFACE (surface))
    return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
#endif
  return NULL;
}

/* Real input needs X11 (Xvfb, as build-aux/test runs the tests). */
static gboolean
have_x11 (void)
{
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gdk_display_get_default ()) &&
      g_find_program_in_path ("xdotool") != NULL)
    return TRUE;
#endif
  g_test_skip ("needs an X11 display and xdotool");
  return FALSE;
}

/* The window has the X input focus, so that keys go to it. */
static void
focus_window (GtkWindow *window)
{
  g_autofree char *xid = xid_of (GTK_WIDGET (window));

  if (!gtk_window_is_active (window))
    xdotool ("windowfocus", "--sync", xid, NULL);
  vt_test_wait_until (gtk_window_is_active (window));
}

/* Presses @keys ("shift+F10") as a person would, on the focused window. */
static void
press (GtkWindow  *window,
       const char *keys)
{
  focus_window (window);
  xdotool ("key", "--clearmodifiers", keys, NULL);
}

static GtkWidget *
focus_of (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
is_selected (GtkWidget *widget)
{
  return (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_SELECTED) != 0;
}

/* Presses Tab and waits for the focus to move. */
static GtkWidget *
press_tab (GtkWindow *window)
{
  GtkWidget *before = focus_of (window);

  press (window, "Tab");
  vt_test_wait_until (focus_of (window) != before);
  wait_for_layout (GTK_WIDGET (window));
  return focus_of (window);
}

/* Clicks @button at (@x, @y) of @widget, its own coordinates. */
static void
click (GtkWidget  *widget,
       double      x,
       double      y,
       const char *button)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *xid = xid_of (GTK_WIDGET (native));
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  graphene_point_t point;
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  sx = g_strdup_printf ("%d", (int) (point.x + dx));
  sy = g_strdup_printf ("%d", (int) (point.y + dy));
  xdotool ("mousemove", "--sync", "--window", xid, sx, sy, "click", button, NULL);
}

static VtTaskRow *
task_row (VtWindow   *window,
          const char *id)
{
  GtkWidget *row = row_of (window, id);

  if (row == NULL)
    g_error ("no row shows %s", id);
  return VT_TASK_ROW (row);
}

static GtkMenuButton *
menu_button_of (VtTaskRow *row)
{
  return GTK_MENU_BUTTON (find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON));
}

static gboolean
menu_open (VtTaskRow *row)
{
  GtkPopover *popover = gtk_menu_button_get_popover (menu_button_of (row));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* The list item widget the row is in. */
static GtkWidget *
item_of (VtTaskRow *row)
{
  return gtk_widget_get_parent (GTK_WIDGET (row));
}

/* Whether the keyboard focus is on @item or inside it. */
static gboolean
focus_in (VtWindow  *window,
          GtkWidget *item)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == item || gtk_widget_is_ancestor (focus, item));
}

/* Tasks whose rows the list shows, added as Hailuo tasks. */
static void
add_tasks (VtApplication *app,
           guint          n)
{
  VtWindow *window = main_window (app);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, g_strdup_printf ("video-kb-%04u", i));
  g_ptr_array_add (ids, NULL);
  vt_task_store_add_ids_of_kind (vt_application_get_store (app),
                                 (const char * const *) ids->pdata, VT_TASK_KIND_VIDEO, NULL);
  vt_test_wait_until (find_widget (GTK_WIDGET (window), VT_TYPE_TASK_ROW) != NULL);
  wait_for_layout (GTK_WIDGET (window));
}

/* The menu's items that GTK made (GtkModelButton is private: read through its properties). */
static GtkWidget *
menu_item (GtkWidget  *popover,
           const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  find_all (popover, g_type_from_name ("GtkModelButton"), items);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *item_text = NULL;

      g_object_get (items->pdata[i], "text", &item_text, NULL);
      if (g_strcmp0 (item_text, text) == 0)
        return items->pdata[i];
    }
  return NULL;
}

static gboolean
is_checked_radio (GtkWidget *item)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "role");
  GEnumValue *radio = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class, "radio");
  int role;
  gboolean active;

  g_object_get (item, "role", &role, "active", &active, NULL);
  g_assert_cmpint (role, ==, radio->value);
  return active;
}

/* Whether the row's menu points at (@x, @y) of the row, give or take a pixel. */
static gboolean
points_at (VtTaskRow *row,
           double     x,
           double     y)
{
  GtkWidget *button = GTK_WIDGET (menu_button_of (row));
  GdkRectangle rect;
  graphene_point_t point;

  if (!gtk_popover_get_pointing_to (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)), &rect))
    return FALSE;
  g_assert_true (gtk_widget_compute_point (button, GTK_WIDGET (row),
                                           &GRAPHENE_POINT_INIT (rect.x, rect.y), &point));
  return ABS (point.x - x) <= 1 && ABS (point.y - y) <= 1;
}

/* Right-click on a row opens its menu; its Kind submenu checks the task's kind, named as the
 * row names it, and choosing another kind changes the task's. */
static void
right_click_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTask *task;
  VtTaskRow *row;
  GtkWidget *popover;
  GtkWidget *button;
  GtkWidget *item;

  if (!have_x11 ())
    return;
  add_tasks (app, 3);
  task = vt_task_store_lookup (vt_application_get_store (app), "video-kb-0001");
  row = task_row (window, "video-kb-0001");
  g_assert_false (menu_open (row));

  /* On the status icon, away from the buttons: the menu opens at the pointer, not at ⋮. */
  click (GTK_WIDGET (row), 20, gtk_widget_get_height (GTK_WIDGET (row)) / 2.0, "3");
  vt_test_wait_until (menu_open (row));
  g_assert_false (menu_open (task_row (window, "video-kb-0000")));

  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button_of (row)));
  g_assert_true (points_at (row, 20, gtk_widget_get_height (GTK_WIDGET (row)) / 2.0));
  g_assert_null (menu_item (popover, "Hailuo (v1)"));
  item = menu_item (popover, vt_display_kind (VT_TASK_KIND_VIDEO));
  g_assert_nonnull (item);
  g_assert_cmpstr (vt_display_kind (VT_TASK_KIND_VIDEO), ==, "Hailuo");
  g_assert_true (is_checked_radio (item));
  g_assert_false (is_checked_radio (menu_item (popover, vt_display_kind (VT_TASK_KIND_AGENT))));
  g_assert_false (is_checked_radio (menu_item (popover, vt_display_kind (VT_TASK_KIND_H3))));

  /* Kind ▸ H3, with the pointer. */
  item = menu_item (popover, "Kind");
  g_assert_nonnull (item);
  wait_for_layout (popover);
  click (item, 10, gtk_widget_get_height (item) / 2.0, "1");
  item = menu_item (popover, vt_display_kind (VT_TASK_KIND_H3));
  vt_test_wait_until (gtk_widget_get_mapped (item));
  wait_for_layout (popover);
  click (item, 10, gtk_widget_get_height (item) / 2.0, "1");
  vt_test_wait_until (vt_task_get_kind (task) == VT_TASK_KIND_H3);
  vt_test_wait_until (!menu_open (row));
  g_assert_true (is_checked_radio (menu_item (popover, vt_display_kind (VT_TASK_KIND_H3))));
  g_assert_false (is_checked_radio (menu_item (popover, vt_display_kind (VT_TASK_KIND_VIDEO))));

  /* The ⋮ button opens it at the button again. */
  button = GTK_WIDGET (menu_button_of (row));
  click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, "1");
  vt_test_wait_until (menu_open (row));
  g_assert_false (gtk_popover_get_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { 0 }));
  press (GTK_WINDOW (window), "Escape");
  vt_test_wait_until (!menu_open (row));
}

static void
test_right_click (void)
{
  use_mock_api (TRUE);
  run_app (NULL, right_click_body);
}

static gboolean
copied_is (GtkWidget  *widget,
           const char *text)
{
  g_autofree char *copied = clipboard_text (widget);

  return g_strcmp0 (copied, text) == 0;
}

/* Shift+F10 and the Menu key open the menu of the row that has the focus by arrow keys;
 * the focus comes back to the row when the menu closes. Ctrl+C copies its task ID. */
static void
menu_keys_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  VtTaskRow *first;
  VtTaskRow *second;

  if (!have_x11 ())
    return;
  add_tasks (app, 3);
  first = task_row (window, "video-kb-0000");
  second = task_row (window, "video-kb-0001");

  /* A click puts the list's cursor and the focus on the first row (GTK 4.18 moves from the
   * list's cursor, which a focus grabbed by hand does not set); Down moves to the next. */
  click (GTK_WIDGET (first), 10, gtk_widget_get_height (GTK_WIDGET (first)) / 2.0, "1");
  vt_test_wait_until (focus_in (window, item_of (first)));
  press (GTK_WINDOW (window), "Down");
  vt_test_wait_until (focus_in (window, item_of (second)));

  press (GTK_WINDOW (window), "shift+F10");
  vt_test_wait_until (menu_open (second));
  press (GTK_WINDOW (window), "Escape");
  vt_test_wait_until (!menu_open (second));
  vt_test_wait_until (focus_in (window, item_of (second)));

  press (GTK_WINDOW (window), "Menu");
  vt_test_wait_until (menu_open (second));
  g_assert_false (menu_open (first));
  press (GTK_WINDOW (window), "Escape");
  vt_test_wait_until (!menu_open (second));

  /* Ctrl+C copies the task ID of the row with the focus. */
  vt_test_wait_until (focus_in (window, item_of (second)));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "before");
  press (GTK_WINDOW (window), "ctrl+c");
  vt_test_wait_until (copied_is (GTK_WIDGET (window), "video-kb-0001"));
}

static void
test_menu_keys (void)
{
  use_mock_api (TRUE);
  run_app (NULL, menu_keys_body);
}

/* Entry, Add, the filters (one stop, at the filter shown), the list (one stop, at a row in
 * view, without scrolling), out. The focus was last on a row far down, out of view. */
static void
tab_order_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkListView *view = task_list_view (window);
  GtkAdjustment *adjustment;
  GtkWidget *scroller;
  GtkWidget *focus;
  g_autoptr(VtTask) far = NULL;
  graphene_rect_t bounds;
  double value;

  if (!have_x11 ())
    return;
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  add_tasks (app, 40);
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  /* The focus on a row further down (as after working there), then back to the top and
   * into the entry. The view holds the first rows, and more as it is laid out near their end
   * (vt-window-rows.c): the 31st once the window's first page has been laid out. */
  vt_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (task_selection (window))) > 30);
  far = g_list_model_get_item (G_LIST_MODEL (task_selection (window)), 30);
  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", 30);
  wait_for_layout (GTK_WIDGET (window));
  g_assert_true (gtk_widget_grab_focus (item_of (task_row (window, vt_task_get_id (far)))));
  wait_for_layout (GTK_WIDGET (window));
  gtk_adjustment_set_value (adjustment, 0);
  gtk_widget_grab_focus (GTK_WIDGET (task_entry (window)));
  wait_for_layout (GTK_WIDGET (window));
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (value, ==, 0);

  focus = press_tab (GTK_WINDOW (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  focus = press_tab (GTK_WINDOW (window));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (focus)));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_SQUEEZER));

  /* One Tab from the filters to the list. */
  focus = press_tab (GTK_WINDOW (window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, value);
  /* GTK 4.8 gave the focus to the row last focused, off screen and not even drawn. */
  g_assert_true (gtk_widget_is_drawable (focus));
  g_assert_true (gtk_widget_compute_bounds (focus, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
  g_assert_true (gtk_widget_has_visible_focus (focus));

  /* Arrows move inside; the next Tab leaves. Newer GTK (4.18) spends the first Down on
   * selecting the row with the focus when it is not selected, and moves with the next. */
  press (GTK_WINDOW (window), "Down");
  vt_test_wait_until (focus_of (GTK_WINDOW (window)) != focus || is_selected (focus));
  if (focus_of (GTK_WINDOW (window)) == focus)
    {
      press (GTK_WINDOW (window), "Down");
      vt_test_wait_until (focus_of (GTK_WINDOW (window)) != focus);
    }
  focus = focus_of (GTK_WINDOW (window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
  g_assert_true (is_selected (focus));
  focus = press_tab (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
}

static void
test_tab_order (void)
{
  use_mock_api (TRUE);
  run_app (NULL, tab_order_body);
}

/* The ⋮ button's tooltip is off while its menu is open, and back after. */
static void
tooltip_body (VtApplication *app)
{
  VtWindow *window = main_window (app);
  GtkMenuButton *button;
  VtTaskRow *row;

  if (!have_x11 ())
    return;
  add_tasks (app, 1);
  row = task_row (window, "video-kb-0000");
  button = menu_button_of (row);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (button)));

  click (GTK_WIDGET (button), gtk_widget_get_width (GTK_WIDGET (button)) / 2.0,
         gtk_widget_get_height (GTK_WIDGET (button)) / 2.0, "1");
  vt_test_wait_until (menu_open (row));
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (button)));

  press (GTK_WINDOW (window), "Escape");
  vt_test_wait_until (!menu_open (row));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (button)));
}

static void
test_tooltip (void)
{
  use_mock_api (TRUE);
  run_app (NULL, tooltip_body);
}

int
main (int    argc,
      char **argv)
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-keyboard/right-click", test_right_click);
  window_test_add ("/window-keyboard/menu-keys", test_menu_keys);
  window_test_add ("/window-keyboard/tab-order", test_tab_order);
  window_test_add ("/window-keyboard/tooltip", test_tooltip);

  return window_test_run ();
}
