/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-config.h"
#include "vt-error.h"
#include "vt-tab-stop.h"
#include "vt-text.h"
#include "vt-tooltip.h"
#include "vt-ui-enums.h"
#include "vt-downloads-button.h"
#include "vt-window-private.h"

/*
 * The task list window: what it shows (the list, its filter and search, the empty pages and
 * the banner) lives here; what it does is in vt-window-actions.c, and adding tasks by
 * typing, pasting and dropping in vt-window-input.c.
 */

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILTER_MODE,
  PROP_STORE,
  PROP_POLLER,
  PROP_DOWNLOADS,
  PROP_LAUNCHER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

VtApplication *
vt_window_get_app (VtWindow *self)
{
  return VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

void
vt_window_show_toast (VtWindow   *self,
                      const char *message)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, vt_toast_new_text (message));
}

/* @toast: (transfer full) */
void
vt_window_add_toast (VtWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Until the window belongs to the application, its key is taken as being looked up. */
static VtKeyState
current_key_state (VtWindow *self)
{
  VtApplication *app = vt_window_get_app (self);

  return app != NULL ? vt_account_get_key_state (vt_application_get_account (app))
                     : VT_KEY_STATE_LOOKING_UP;
}

static void
show_empty_page (VtWindow *self)
{
  VtApplication *app = vt_window_get_app (self);
  VtKeyState key_state = current_key_state (self);
  gboolean need_key = key_state == VT_KEY_STATE_MISSING || key_state == VT_KEY_STATE_ERROR;

  if (need_key)
    {
      GSettings *settings = vt_application_get_settings (app);
      VtRegion region = settings != NULL ? g_settings_get_enum (settings, "region") : VT_REGION_AUTOMATIC;

      /* Automatic: where keys of the region found last (or first guessed) are made. */
      if (region == VT_REGION_AUTOMATIC)
        region = vt_config_detected_region (settings);

      adw_status_page_set_title (self->empty_page, _("Welcome to Video Tasks"));
      vt_status_page_set_description_text (self->empty_page,
                                           _("Follow the videos you make with MiniMax — Video Agent, "
                                         "Hailuo and MiniMax-H3 tasks — from Preparing to a "
                                         "finished video. To check tasks, add your MiniMax API key."));
      gtk_link_button_set_uri (self->key_page_link, vt_config_key_page_for_region (region));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Video Tasks Yet"));
      vt_status_page_set_description_text (self->empty_page,
                                           _("Paste a task ID above, or the whole reply of a create "
                                         "call, to follow it until the video is ready. Your H3 "
                                         "tasks of the last 7 days can be imported from the main "
                                         "menu."));
    }
  gtk_widget_set_visible (self->setup_box, need_key);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* What the list shows, and what replaces it when it would be empty. */
void
vt_window_update_view (VtWindow *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint n_in_progress = vt_task_store_get_n_in_progress (self->store);
  g_autofree char *subtitle = NULL;

  /* An empty list has nothing to filter, search or check: no controls that do nothing. */
  gtk_widget_set_visible (self->filter_box, n_total > 0);
  gtk_widget_set_visible (self->refresh_button, n_total > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), n_total > 0);
  if (n_total == 0)
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      show_empty_page (self);
    }
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (n_in_progress > 0)
    /* Translators: window subtitle, the number of tasks MiniMax is preparing or processing */
    subtitle = g_strdup_printf (ngettext ("%u in progress", "%u in progress", n_in_progress),
                                n_in_progress);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean countdown_cb (gpointer user_data);

/* "Checking resumes in N seconds", on the poller's clock. */
static char *
backing_off_text (VtWindow *self)
{
  VtClock *clock = vt_poller_get_clock (self->poller);
  gint64 left = (vt_poller_get_resume_time (self->poller) - vt_clock_get_real (clock) + G_USEC_PER_SEC - 1)
                / G_USEC_PER_SEC;

  left = MAX (left, 1);
  if (self->countdown_source == 0)
    self->countdown_source = vt_clock_timeout_add (clock, 1000, countdown_cb, self);
  /* A long wait is said by when it ends. */
  if (left > 60)
    {
      /* The minute it ends in, rounded up: never earlier than it is. */
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((vt_poller_get_resume_time (self->poller) /
                                                                 G_USEC_PER_SEC + 59) / 60 * 60);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *until = g_date_time_format (local, "%H:%M");

      /* Translators: %s is a time of day, such as 14:05 */
      return g_strdup_printf (_("MiniMax asked to wait until %s. Checking resumes then."), until);
    }
  return g_strdup_printf (ngettext ("MiniMax asked to slow down. Checking resumes in %d second.",
                                    "MiniMax asked to slow down. Checking resumes in %d seconds.",
                                    left),
                          (int) left);
}

/* Why checking stopped, in words true for where the key and host come from, and the one
 * action that can help (none when only the environment can). */
static char *
stopped_text (VtWindow    *self,
              const char **button,
              const char **action)
{
  const GError *error = vt_poller_get_error (self->poller);
  VtApplication *app = vt_window_get_app (self);
  gboolean env_key = vt_config_api_key_from_environment ();
  gboolean env_host = app != NULL && vt_account_get_host_from_environment (vt_application_get_account (app));

  *button = _("Preferences");
  *action = "app.preferences";

  if (g_error_matches (error, VT_ERROR, VT_ERROR_AUTH) || g_error_matches (error, VT_ERROR, VT_ERROR_NO_API_KEY))
    {
      if (!env_key)
        return g_strdup (_("MiniMax did not accept the API key. Check the key, and that it is for "
                           "the region chosen in Preferences."));
      *button = NULL;
      return g_strdup (_("MiniMax did not accept the key set in MINIMAX_API_KEY. Set a working key "
                         "there and start Video Tasks again."));
    }
  if (g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_HOST) && env_host)
    {
      *button = NULL;
      return g_strdup (_("The API host set in MINIMAX_API_HOST cannot be used. Set another there "
                         "and start Video Tasks again."));
    }
  if (g_error_matches (error, VT_ERROR, VT_ERROR_INSUFFICIENT_BALANCE))
    {
      *button = _("Try Again");
      *action = "win.refresh-all";
      return g_strdup (_("The MiniMax account has no balance left. Top it up, then try again."));
    }

  /* Translators: %s is an error message that says why, and what to do */
  return g_strdup_printf (_("Checking stopped. %s"), vt_poller_get_message (self->poller));
}

/* One line above the list for what stops tasks from being checked, most urgent first: what
 * is the same for every task is said here, once, and not on each row. */
static void
update_banner (VtWindow *self)
{
  VtApplication *app = vt_window_get_app (self);
  VtKeyState key_state = current_key_state (self);
  VtPollerState state = vt_poller_get_state (self->poller);
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;
  const char *button = NULL;
  const char *action = "app.preferences";
  gboolean error = FALSE;   /* nothing is checked until the user acts */

  if (key_state == VT_KEY_STATE_MISSING && n_total > 0)
    {
      text = g_strdup (_("Checking is paused: no MiniMax API key is set."));
      button = _("Set API Key");
    }
  else if (key_state == VT_KEY_STATE_ERROR && n_total > 0)
    {
      text = g_strdup (vt_account_get_message (vt_application_get_account (app)));
      button = _("Preferences");
      error = TRUE;
    }
  else if (state == VT_POLLER_STATE_STOPPED)
    {
      text = stopped_text (self, &button, &action);
      error = TRUE;
    }
  else if (state == VT_POLLER_STATE_BACKING_OFF)
    text = backing_off_text (self);
  else if (state == VT_POLLER_STATE_OFFLINE)
    text = g_strdup (_("You are offline. Checking resumes when the network is back."));
  else if (state == VT_POLLER_STATE_UNREACHABLE)
    {
      /* Translators: %s says what is wrong, e.g. "MiniMax cannot be reached. Check your network connection." */
      text = g_strdup_printf (_("%s Checking goes on by itself."), vt_poller_get_message (self->poller));
      button = _("Try Now");
      action = "win.refresh-all";
      /* Pressed, it says so until the answers are in. */
      if (vt_poller_get_n_in_flight (self->poller) > 0)
        button = _("Checking…");
    }
  else if (app != NULL && vt_account_get_key_unsaved (vt_application_get_account (app)))
    text = g_strdup (vt_account_get_message (vt_application_get_account (app)));

  if (state != VT_POLLER_STATE_BACKING_OFF)
    g_clear_handle_id (&self->countdown_source, g_source_remove);

  self->banner_action = action;
  if (text != NULL)
    gtk_label_set_label (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->banner_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->banner_button),
                            state != VT_POLLER_STATE_UNREACHABLE ||
                            vt_poller_get_n_in_flight (self->poller) == 0);
  /* The banner's box: an error looks like one, as libadwaita's error colours draw it. */
  if (error)
    gtk_widget_add_css_class (gtk_widget_get_parent (GTK_WIDGET (self->banner_label)), "error");
  else
    gtk_widget_remove_css_class (gtk_widget_get_parent (GTK_WIDGET (self->banner_label)), "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

static gboolean
countdown_cb (gpointer user_data)
{
  update_banner (user_data);
  return G_SOURCE_CONTINUE;
}

static void
banner_button_clicked_cb (VtWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), self->banner_action, NULL);
}

static void
key_state_changed_cb (VtWindow *self)
{
  vt_window_update_view (self);
  update_banner (self);
}

static void
pending_changed_cb (VtWindow *self)
{
  /* A task that finished may leave or enter the filtered list. */
  if (self->filter_mode != VT_FILTER_MODE_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  vt_window_update_view (self);
}

static gboolean
matches_filter (VtWindow *self,
                VtTask   *task)
{
  switch (self->filter_mode)
    {
    case VT_FILTER_MODE_IN_PROGRESS:
      return vt_task_is_in_progress (task);
    case VT_FILTER_MODE_SUCCEEDED:
      return vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS;
    case VT_FILTER_MODE_FAILED:
      /* Neither gave a video. */
      return vt_task_get_status (task) == VT_TASK_STATUS_FAIL ||
             vt_task_get_status (task) == VT_TASK_STATUS_CANCELLED;
    case VT_FILTER_MODE_ALL:
    default:
      return TRUE;
    }
}

static gboolean
matches_search (VtWindow *self,
                VtTask   *task)
{
  g_autofree char *label = NULL;

  if (self->search_text == NULL || strstr (vt_task_get_id (task), self->search_text) != NULL)
    return TRUE;

  label = vt_task_get_label (task) ? g_utf8_casefold (vt_task_get_label (task), -1) : NULL;
  return label != NULL && strstr (label, self->search_text) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  return matches_filter (user_data, item) && matches_search (user_data, item);
}

/* Showing every task, the filter has no function: GTK's filter model then passes the list
 * through as it is, instead of asking about each of 10,000 tasks when the list is read. */
static void
refilter (VtWindow *self)
{
  if (self->filter_mode == VT_FILTER_MODE_ALL && self->search_text == NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
}

/* The task the user is on: the selected one, else the first shown. */
static VtTask *
dup_current_task (VtWindow *self)
{
  VtTask *selected = gtk_single_selection_get_selected_item (self->selection);

  if (selected != NULL)
    return g_object_ref (selected);
  return g_list_model_get_item (G_LIST_MODEL (self->filtered), 0);
}

static void
search_changed_cb (VtWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  /* Ending a search brings every task back: what it found (or what was picked of it) stays
   * in view, instead of wherever the whole list happens to be scrolled. */
  g_autoptr(VtTask) found = self->search_text != NULL ? dup_current_task (self) : NULL;

  g_clear_pointer (&self->search_text, g_free);
  if (text != NULL && *text != '\0')
    self->search_text = g_utf8_casefold (g_strstrip (g_strdup (text)), -1);
  refilter (self);
  vt_window_update_view (self);

  /* What a search finds, from the first. */
  if (self->search_text != NULL)
    vt_window_scroll_to_top (self);
  else if (found != NULL)
    vt_window_scroll_to_task (self, found, FALSE);
}

/* Esc in the list, on a task picked from what a search found, ends the search too. */
static gboolean
end_search_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  VtWindow *self = VT_WINDOW (gtk_widget_get_root (widget));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return FALSE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  return TRUE;
}

/* A closed search hides nothing: what it filtered out comes back. */
static void
search_mode_changed_cb (VtWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
vt_window_set_filter_mode (VtWindow     *self,
                           VtFilterMode  mode)
{
  if (self->filter_mode == mode)
    return;

  self->filter_mode = mode;
  refilter (self);
  vt_window_update_view (self);
  /* Another list: from its start, not from where the last one was scrolled to. */
  vt_window_scroll_to_top (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER_MODE]);
}

/* Shows @task: clears what hides it, selects it and scrolls to it. */
void
vt_window_show_task (VtWindow *self,
                     VtTask   *task)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (VT_IS_TASK (task));

  vt_window_reveal_task (self, task, TRUE);
}

void
vt_window_reveal_task (VtWindow *self,
                       VtTask   *task,
                       gboolean  select)
{
  if (!filter_func (task, self))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self);
      vt_window_set_filter_mode (self, VT_FILTER_MODE_ALL);
    }

  vt_window_scroll_to_task (self, task, select);
}

static guint
position_of (VtWindow *self,
             VtTask   *task)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (item == task)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* GTK scrolls to a row it has not laid out yet by where it guesses the row is: on GTK
 * 4.18 a task restored at the bottom of a long list ended up just below the view. Two
 * frames later the row has been laid out, and the list is asked once more. */
static gboolean
scroll_again_cb (GtkWidget     *view,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  VtWindow *self = user_data;
  guint position;

  if (++self->scroll_frames < 2)
    return G_SOURCE_CONTINUE;

  self->scroll_tick = 0;
  position = position_of (self, self->scroll_target);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (view, "list.scroll-to-item", "u", position);
  g_clear_object (&self->scroll_target);
  return G_SOURCE_REMOVE;
}

/**
 * vt_window_scroll_to_task:
 * @select: whether to select it too
 *
 * Scrolls the list to @task, if the filter and search show it; hides nothing.
 *
 * Returns: whether the list shows @task
 */
gboolean
vt_window_scroll_to_task (VtWindow *self,
                          VtTask   *task,
                          gboolean  select)
{
  GtkWidget *view = GTK_WIDGET (self->list_view);
  guint position = position_of (self, task);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  vt_window_rows_include (self, position);
  if (select)
    gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (view, "list.scroll-to-item", "u", position);

  g_set_object (&self->scroll_target, task);
  self->scroll_frames = 0;
  if (self->scroll_tick == 0 && gtk_widget_get_realized (view))
    self->scroll_tick = gtk_widget_add_tick_callback (view, scroll_again_cb, self, NULL);
  return TRUE;
}

/* To the first task shown. GTK's list keeps its place by the task it was scrolled to, which
 * a new filter may put anywhere, or take away. */
void
vt_window_scroll_to_top (VtWindow *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

/* Double-click or Enter on a row shows its details, playing its video if it has one. */
static void
row_activated_cb (GtkListView *list,
                  guint        position,
                  VtWindow    *self)
{
  g_autoptr(VtTask) task = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (task != NULL)
    vt_window_show_details (self, task,
                            vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS ||
                            vt_task_get_file_path (task) != NULL);
}

/* The details can be seen: the window is on screen and they are beside the list, or their
 * page is in front. Hidden details let their video go. */
static void
update_details_shown (VtWindow *self)
{
  vt_details_set_shown (self->details,
                        gtk_widget_get_mapped (GTK_WIDGET (self)) && vt_split_get_show_content (self->split));
}

/* Side by side, the details are those of the selected task. */
static void
selection_changed_cb (VtWindow *self)
{
  if (!vt_split_get_collapsed (self->split))
    vt_details_set_task (self->details, gtk_single_selection_get_selected_item (self->selection));
}

static void
split_changed_cb (VtWindow *self)
{
  selection_changed_cb (self);
  update_details_shown (self);
}

/* A task removed is not shown any more; its page, if it was in front, goes. */
static void
store_changed_for_details_cb (VtWindow *self)
{
  VtTask *task = vt_details_get_task (self->details);

  if (task == NULL || vt_task_store_lookup (self->store, vt_task_get_id (task)) == task)
    return;
  vt_details_set_task (self->details, NULL);
  if (vt_split_get_collapsed (self->split))
    vt_split_set_show_content (self->split, FALSE);
}

/**
 * vt_window_show_details:
 * @play: whether to play the task's video (when it has one)
 *
 * Shows @task's details (selected in the list, and its page pushed where the window is
 * narrow).
 */
void
vt_window_show_details (VtWindow *self,
                        VtTask   *task,
                        gboolean  play)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (VT_IS_TASK (task));

  vt_window_reveal_task (self, task, TRUE);
  vt_details_set_task (self->details, task);
  vt_split_set_show_content (self->split, TRUE);
  update_details_shown (self);
  if (play)
    vt_details_play (self->details);
}

static void
set_up_details (VtWindow *self)
{
  g_autoptr(GtkWidget) list_pane = g_object_ref (self->list_pane);

  self->details = VT_DETAILS (vt_details_new (self->saved_files));
  adw_toast_overlay_set_child (self->toast_overlay, NULL);
  self->split = VT_SPLIT (vt_split_new (list_pane, self->header_bar, GTK_WIDGET (self->details),
                                        vt_details_get_header_bar (self->details)));
  adw_toast_overlay_set_child (self->toast_overlay, GTK_WIDGET (self->split));

  g_signal_connect_object (self->split, "notify::collapsed", G_CALLBACK (split_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->split, "notify::show-content", G_CALLBACK (update_details_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_changed_for_details_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
save_failed_cb (VtWindow *self,
                GError   *error)
{
  vt_window_show_toast (self, error->message);
}

static void
set_up_list (VtWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = vt_window_rows_factory_new (self);

  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  refilter (self);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (vt_window_rows_new (self));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self, 0);
  vt_window_rows_set_up_keys (self);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (vt_window_update_view), self);
}

/* GtkWindow sets its application after construction. */
static void
application_changed_cb (VtWindow *self)
{
  VtApplication *app = vt_window_get_app (self);
  GSettings *settings = app != NULL ? vt_application_get_settings (app) : NULL;
  g_autofree char *message = NULL;

  g_signal_group_set_target (self->app_signals, app != NULL ? vt_application_get_account (app) : NULL);
  if (app == NULL)
    return;

  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      vt_window_rows_fit (self, settings);
    }

  message = vt_application_take_startup_message (app);
  if (message != NULL)
    vt_window_show_toast (self, message);

  key_state_changed_cb (self);
}

/* Ready to paste into as soon as it opens. */
static void
vt_window_map (GtkWidget *widget)
{
  VtWindow *self = VT_WINDOW (widget);
  gboolean first = !self->was_mapped;

  GTK_WIDGET_CLASS (vt_window_parent_class)->map (widget);

  self->was_mapped = TRUE;
  if (first)
    gtk_widget_grab_focus (GTK_WIDGET (self->task_entry));
  update_details_shown (self);
}

static void
vt_window_unmap (GtkWidget *widget)
{
  VtWindow *self = VT_WINDOW (widget);

  GTK_WIDGET_CLASS (vt_window_parent_class)->unmap (widget);
  update_details_shown (self);
}

static void
vt_window_constructed (GObject *object)
{
  VtWindow *self = VT_WINDOW (object);

  G_OBJECT_CLASS (vt_window_parent_class)->constructed (object);

  g_assert (VT_IS_TASK_STORE (self->store) && VT_IS_POLLER (self->poller));
  g_assert (VT_IS_DOWNLOAD_MANAGER (self->downloads) && VT_IS_LAUNCHER (self->launcher));

  self->thumbnailer = vt_thumbnailer_new ();
  set_up_list (self);
  set_up_details (self);
  /* The videos on their way, beside the main menu, while there are any. */
  adw_header_bar_pack_end (self->header_bar, vt_downloads_button_new (self->downloads));

  g_signal_group_connect_swapped (self->store_signals, "notify::n-pending",
                                  G_CALLBACK (pending_changed_cb), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::n-in-progress",
                                  G_CALLBACK (pending_changed_cb), self);
  g_signal_group_connect_swapped (self->store_signals, "items-changed", G_CALLBACK (update_banner), self);
  g_signal_group_connect_swapped (self->store_signals, "save-failed", G_CALLBACK (save_failed_cb), self);
  g_signal_group_set_target (self->store_signals, self->store);
  g_signal_group_connect_swapped (self->poller_signals, "notify", G_CALLBACK (update_banner), self);
  g_signal_group_set_target (self->poller_signals, self->poller);
  g_signal_group_connect_swapped (self->app_signals, "notify", G_CALLBACK (key_state_changed_cb), self);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  vt_window_init_actions (self);
  /* Typing anywhere starts a search; Esc in the entry or the list ends it. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  {
    GtkEventController *escape = gtk_shortcut_controller_new ();
    GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                              gtk_callback_action_new (end_search_cb, NULL, NULL));

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape), shortcut);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), escape);
  }
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);

  vt_window_update_view (self);
  update_banner (self);
}

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  /* Gone with the window it is for. */
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_weak_pointer (&self->shortcuts_window);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->poller_signals);
  g_clear_object (&self->app_signals);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_object (&self->scroll_target);
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_WINDOW);
  g_clear_handle_id (&self->grow_source, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->launcher);
  g_clear_object (&self->ticker);
  g_clear_object (&self->saved_files);
  if (self->thumbnailer != NULL)
    vt_thumbnailer_stop (self->thumbnailer);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->downloads);
  g_clear_object (&self->poller);
  g_clear_object (&self->store);
  g_clear_pointer (&self->removed, g_array_unref);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

static void
vt_window_finalize (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (vt_window_parent_class)->finalize (object);
}

static void
vt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VtWindow *self = VT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER_MODE:
      g_value_set_enum (value, self->filter_mode);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_DOWNLOADS:
      g_value_set_object (value, self->downloads);
      break;
    case PROP_LAUNCHER:
      g_value_set_object (value, self->launcher);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VtWindow *self = VT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER_MODE:
      if (self->filter != NULL)
        vt_window_set_filter_mode (self, g_value_get_enum (value));
      else
        self->filter_mode = g_value_get_enum (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_POLLER:
      self->poller = g_value_dup_object (value);
      break;
    case PROP_DOWNLOADS:
      self->downloads = g_value_dup_object (value);
      break;
    case PROP_LAUNCHER:
      self->launcher = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vt_window_constructed;
  object_class->dispose = vt_window_dispose;
  object_class->finalize = vt_window_finalize;
  object_class->get_property = vt_window_get_property;
  object_class->set_property = vt_window_set_property;
  widget_class->map = vt_window_map;
  widget_class->unmap = vt_window_unmap;

  properties [PROP_FILTER_MODE] =
    g_param_spec_enum ("filter-mode", NULL, NULL, VT_TYPE_FILTER_MODE, VT_FILTER_MODE_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VT_TYPE_TASK_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL, VT_TYPE_POLLER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DOWNLOADS] =
    g_param_spec_object ("downloads", NULL, NULL, VT_TYPE_DOWNLOAD_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAUNCHER] =
    g_param_spec_object ("launcher", NULL, NULL, VT_TYPE_LAUNCHER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VT_TYPE_TAB_STOP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/videotasks/VideoTasks/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, filter_box);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, task_entry);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, add_error);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, setup_box);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, key_page_link);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_button_clicked_cb);

  vt_window_class_init_actions (widget_class);
  vt_window_class_init_input (widget_class);
  vt_window_class_init_import (widget_class);
}

static void
vt_window_init (VtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vt_tooltip_set (self->refresh_button, _("Check All Now (Ctrl+R)"));
  vt_tooltip_set (self->main_menu_button, _("Main Menu"));
  vt_tooltip_set (GTK_WIDGET (self->search_button), _("Search (Ctrl+F)"));
  self->banner_action = "app.preferences";
  self->ticker = vt_ticker_new ();
  self->saved_files = vt_saved_files_new ();
  self->store_signals = g_signal_group_new (VT_TYPE_TASK_STORE);
  self->poller_signals = g_signal_group_new (VT_TYPE_POLLER);
  self->app_signals = g_signal_group_new (VT_TYPE_ACCOUNT);
  vt_window_init_input (self);
}

/* A window on the application's list, checks, downloads and launcher. */
VtWindow *
vt_window_new (VtApplication *application)
{
  g_return_val_if_fail (VT_IS_APPLICATION (application), NULL);

  return g_object_new (VT_TYPE_WINDOW,
                       "application", application,
                       "store", vt_application_get_store (application),
                       "poller", vt_application_get_poller (application),
                       "downloads", vt_application_get_downloads (application),
                       "launcher", vt_application_get_launcher (application),
                       NULL);
}
