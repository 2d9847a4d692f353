/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-api.h"
#include "vt-display.h"
#include "vt-download.h"
#include "vt-text.h"
#include "vt-ui-enums.h"
#include "vt-window-private.h"

/* What the window does: the actions of its header bar, its shortcuts and its rows. */

/* Actions on one task, named by its ID */

static void
refresh_task (VtWindow *self,
              VtTask   *task)
{
  vt_poller_refresh (self->poller, task);
}

static void
undo_remove_cb (AdwToast *toast,
                VtWindow *self)
{
  if (self->removed == NULL)
    return;

  vt_task_store_restore (self->store, self->removed);
  /* What came back is in view: the first of it, selected when it is the one task that
   * went. */
  if (self->removed->len > 0)
    vt_window_scroll_to_task (self, g_array_index (self->removed, VtTaskStoreRemoval, 0).task,
                              self->removed->len == 1);
  g_clear_pointer (&self->removed, g_array_unref);
  vt_window_update_view (self);
}

static void
offer_undo (VtWindow   *self,
            GArray     *removed,
            const char *message)
{
  AdwToast *toast = vt_toast_new_text (message);

  g_clear_pointer (&self->removed, g_array_unref);
  self->removed = g_array_ref (removed);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
remove_task (VtWindow *self,
             VtTask   *found)
{
  g_autoptr(GArray) removed = vt_task_store_removals_new ();
  /* The store may hold the only reference. */
  g_autoptr(VtTask) task = g_object_ref (found);
  g_autofree char *message = NULL;
  guint position;

  if (!vt_task_store_remove (self->store, task, &position))
    return;

  vt_task_store_removals_add (removed, task, position);
  message = g_strdup_printf (_("Removed “%s”"),
                             vt_task_get_label (task) ? vt_task_get_label (task) : vt_task_get_id (task));
  offer_undo (self, removed, message);
}

static void
copy_text (VtWindow   *self,
           const char *text,
           const char *message)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  vt_window_show_toast (self, message);
}

static void
copy_id_task (VtWindow *self,
              VtTask   *task)
{
  copy_text (self, vt_task_get_id (task), _("Task ID copied"));
}

static void
copy_link_task (VtWindow *self,
                VtTask   *task)
{
  /* The link rule once more where a link leaves the app. */
  if (vt_api_link_is_safe (vt_task_get_video_url (task)))
    copy_text (self, vt_task_get_video_url (task), _("Video link copied"));
}

/* For a bug report or MiniMax's support: what the row says, and what it does not (the
 * Trace-Id, the HTTP status, what the network library said). */
static void
copy_details_task (VtWindow *self,
                   VtTask   *task)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GDateTime *checked = vt_task_get_last_checked (task);

  g_string_append_printf (text, "Video Tasks %s\n", PACKAGE_VERSION);
  g_string_append_printf (text, "Task: %s\n", vt_task_get_id (task));
  g_string_append_printf (text, "Kind: %s\n", vt_task_kind_to_string (vt_task_get_kind (task)));
  g_string_append_printf (text, "Status: %s\n", vt_task_status_to_string (vt_task_get_status (task)));
  if (checked != NULL)
    {
      g_autofree char *when = g_date_time_format_iso8601 (checked);
      g_string_append_printf (text, "Checked: %s\n", when);
    }
  if (vt_task_get_last_error (task) != NULL)
    g_string_append_printf (text, "Message: %s\n", vt_task_get_last_error (task));
  if (vt_task_get_error_details (task) != NULL)
    g_string_append (text, vt_task_get_error_details (task));

  copy_text (self, text->str, _("Details copied"));
}

typedef struct
{
  VtTask    *task;
  GtkWidget *entry;
} Rename;

static void
rename_free (gpointer data)
{
  Rename *rename = data;

  g_object_unref (rename->task);
  g_object_unref (rename->entry);
  g_free (rename);
}

static void
renamed_cb (const char *response,
            gpointer    user_data)
{
  Rename *rename = user_data;

  if (g_str_equal (response, "rename"))
    {
      g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rename->entry))));
      vt_task_set_label (rename->task, label);
    }
}

static void
rename_task (VtWindow *self,
             VtTask   *task)
{
  Rename *rename = g_new0 (Rename, 1);
  g_autofree char *body = g_strdup_printf (_("A label to recognise task %s by."), vt_task_get_id (task));

  rename->task = g_object_ref (task);
  rename->entry = g_object_ref_sink (gtk_entry_new ());
  gtk_entry_set_activates_default (GTK_ENTRY (rename->entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (rename->entry), VT_MAX_LABEL_CHARS);
  gtk_editable_set_text (GTK_EDITABLE (rename->entry), vt_task_get_label (task) ? vt_task_get_label (task) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (rename->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Task label"), -1);
  vt_ask (GTK_WINDOW (self), _("Rename Task"), body, rename->entry, "rename", _("_Rename"),
          renamed_cb, rename, rename_free);
}

/* The downloaded file, if it was there at the last look (its row's, off the main thread).
 * It is looked at again, so that a file deleted since is known for the next time. */
static GFile *
saved_file (VtWindow *self,
            VtTask   *task)
{
  const char *path = vt_task_get_file_path (task);
  gboolean present;

  if (path == NULL)
    return NULL;
  present = vt_saved_files_lookup (self->saved_files, path, NULL);
  vt_saved_files_refresh (self->saved_files, path);
  return present ? g_file_new_for_path (path) : NULL;
}

/* The answer to a click the user just made: shown now, ahead of any earlier toast. */
static void
show_failure (VtWindow   *self,
              const char *message)
{
  AdwToast *toast = vt_toast_new_text (message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_launcher_open_uri_finish (VT_LAUNCHER (object), result, &error) &&
      !vt_launcher_error_is_dismissal (error))
    {
      g_debug ("Opening failed: %s", error->message);
      show_failure (self, _("No application could open the video"));
    }
}

typedef struct
{
  VtWindow *window;
  VtTask   *task;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->task);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
open_fresh_link_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(GError) error = NULL;

  /* The launcher runs whatever it is given: the link rule once more, right before it. */
  if (vt_download_manager_fresh_link_finish (VT_DOWNLOAD_MANAGER (object), result, &error))
    {
      if (vt_api_link_is_safe (vt_task_get_video_url (data->task)))
        vt_launcher_open_uri_async (data->window->launcher, GTK_WINDOW (data->window),
                                    vt_task_get_video_url (data->task), NULL, opened_cb,
                                    g_object_ref (data->window));
    }
  else
    vt_window_show_toast (data->window, error->message);
}

/* The downloaded file if there is one, else the link (fresh, if it had expired). */
static void
open_task (VtWindow *self,
           VtTask   *task)
{
  g_autoptr(GFile) file = saved_file (self, task);
  OpenData *data;

  /* The launcher runs whatever it is given: the file rule once more, right before it (the
   * task holds only paths that passed it). */
  if (file != NULL && vt_task_file_path_is_safe (vt_task_get_file_path (task)))
    {
      g_autofree char *uri = g_file_get_uri (file);
      vt_launcher_open_uri_async (self->launcher, GTK_WINDOW (self), uri, NULL, opened_cb,
                                  g_object_ref (self));
      return;
    }

  /* A video without a link (expired, or dropped as unsafe) gets a fresh one first. */
  if (vt_task_get_status (task) != VT_TASK_STATUS_SUCCESS)
    return;

  data = g_new0 (OpenData, 1);
  data->window = g_object_ref (self);
  data->task = g_object_ref (task);
  vt_download_manager_fresh_link_async (self->downloads, task, FALSE, NULL, open_fresh_link_cb, data);
}

static void
download_task (VtWindow *self,
               VtTask   *task)
{
  g_autoptr(GFile) folder = vt_application_dup_download_folder (vt_window_get_app (self));

  vt_download_manager_start (self->downloads, task, folder);
}

static void
save_as_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     VtWindow        *self)
{
  VtTask *task = g_object_get_data (G_OBJECT (chooser), "vt-task");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL && task != NULL)
        vt_download_manager_save_as (self->downloads, task, file);
    }

  g_object_unref (chooser);
}

/* The portal-aware file chooser (inside Flatpak, the FileChooser portal). */
static void
save_as_task (VtWindow *self,
              VtTask   *task)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (vt_task_get_status (task) != VT_TASK_STATUS_SUCCESS)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Video"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  base = vt_download_sanitize_name (vt_task_get_label (task) ? vt_task_get_label (task)
                                                             : vt_task_get_id (task));
  name = g_strconcat (base, ".mp4", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  folder = vt_application_dup_download_folder (vt_window_get_app (self));

  g_object_set_data_full (G_OBJECT (chooser), "vt-task", g_object_ref (task), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_as_response_cb), self, 0);
  vt_file_chooser_show_in (chooser, folder);
}

static void
cancel_download_task (VtWindow *self,
                      VtTask   *task)
{
  vt_download_manager_cancel (self->downloads, task);
}

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_launcher_show_in_folder_finish (VT_LAUNCHER (object), result, &error) &&
      !vt_launcher_error_is_dismissal (error))
    {
      g_debug ("Showing the folder failed: %s", error->message);
      show_failure (self, _("The folder could not be shown"));
    }
}

static void
show_in_folder_task (VtWindow *self,
                     VtTask   *task)
{
  g_autoptr(GFile) file = saved_file (self, task);

  if (file == NULL)
    {
      vt_window_show_toast (self, _("The downloaded file is no longer there"));
      return;
    }
  vt_launcher_show_in_folder_async (self->launcher, GTK_WINDOW (self), file, NULL, shown_cb,
                                    g_object_ref (self));
}

/* The user says what the task is, when finding out could not tell or got it wrong: it is
 * checked again at once, at that kind's endpoint only. */
static void
set_kind (VtWindow   *self,
          VtTask     *task,
          VtTaskKind  kind)
{
  g_autofree char *message = NULL;

  if (vt_task_get_kind (task) == kind)
    return;
  vt_task_set_kind_by_hand (task, kind);
  vt_poller_refresh (self->poller, task);
  /* Translators: %s is a kind of task: Video Agent, Hailuo or H3 */
  message = g_strdup_printf (_("Checking it as a %s task"), vt_display_kind (kind));
  vt_window_show_toast (self, message);
}

static void
kind_agent_task (VtWindow *self,
                 VtTask   *task)
{
  set_kind (self, task, VT_TASK_KIND_AGENT);
}

static void
kind_video_task (VtWindow *self,
                 VtTask   *task)
{
  set_kind (self, task, VT_TASK_KIND_VIDEO);
}

static void
kind_h3_task (VtWindow *self,
              VtTask   *task)
{
  set_kind (self, task, VT_TASK_KIND_H3);
}

/* In the app: the details (brought forward where the window is narrow), playing. */
static void
play_task (VtWindow *self,
           VtTask   *task)
{
  vt_window_show_details (self, task, TRUE);
}

typedef void (*TaskActionFunc) (VtWindow *self,
                                VtTask   *task);

static const struct
{
  const char     *name;
  TaskActionFunc  func;
} task_actions[] = {
  { "win.refresh-task", refresh_task },
  { "win.remove-task", remove_task },
  { "win.rename-task", rename_task },
  { "win.copy-id-task", copy_id_task },
  { "win.copy-link-task", copy_link_task },
  { "win.copy-details-task", copy_details_task },
  { "win.open-task", open_task },
  { "win.play-task", play_task },
  { "win.download-task", download_task },
  { "win.save-as-task", save_as_task },
  { "win.cancel-download-task", cancel_download_task },
  { "win.show-in-folder-task", show_in_folder_task },
  { "win.kind-agent-task", kind_agent_task },
  { "win.kind-video-task", kind_video_task },
  { "win.kind-h3-task", kind_h3_task },
};

/* Every task action: find the task by its ID (it may have been removed since the menu
 * opened), then do what the table says. */
static void
task_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (task == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (task_actions); i++)
    if (g_str_equal (task_actions[i].name, action_name))
      {
        task_actions[i].func (self, task);
        return;
      }
}

/* Actions on the window */

static void
refresh_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtApplication *app = vt_window_get_app (self);

  if (vt_account_get_key_state (vt_application_get_account (app)) != VT_KEY_STATE_PRESENT)
    vt_account_reload (vt_application_get_account (app));
  vt_poller_refresh (self->poller, NULL);
}

static VtTask *
dup_selected (VtWindow *self)
{
  VtTask *selected = gtk_single_selection_get_selected_item (self->selection);

  return selected != NULL ? g_object_ref (selected) : NULL;
}

/* After Clear Finished: Undo for what went, and the list where the user was (@current, the
 * task selected before, if it stayed). */
static void
clear_removed (VtWindow *self,
               VtTask   *current,
               GArray   *removed)
{
  g_autofree char *message = NULL;

  if (removed->len == 0)
    {
      vt_window_show_toast (self, _("No finished tasks to clear"));
      return;
    }

  /* The selected task if it stayed, else the top of what is left. */
  if (current == NULL || !vt_window_scroll_to_task (self, current, FALSE))
    vt_window_scroll_to_top (self);

  message = g_strdup_printf (ngettext ("Cleared %u finished task", "Cleared %u finished tasks",
                                       removed->len), removed->len);
  offer_undo (self, removed, message);
}

static void
clear_answered_cb (const char *response,
                   gpointer    user_data)
{
  VtWindow *self = user_data;
  g_autoptr(VtTask) current = dup_selected (self);
  g_autoptr(GArray) removed = NULL;

  if (g_str_equal (response, "keep"))
    {
      removed = vt_task_store_remove_finished_but_unsaved (self->store);
      /* Only the videos were finished: keeping them all was the answer, not a failure. */
      if (removed->len == 0)
        return;
    }
  else if (g_str_equal (response, "clear-all"))
    removed = vt_task_store_remove_finished (self->store);
  else
    return;

  clear_removed (self, current, removed);
}

/* Videos that succeeded and were never saved stay unless the user says, knowing how many:
 * one click once cleared hundreds of them, with only a toast's Undo to get them back. */
static void
clear_finished_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  g_autofree char *body = NULL;
  guint n_unsaved = 0;

  vt_task_store_count_finished (self->store, &n_unsaved);
  if (n_unsaved == 0)
    {
      g_autoptr(VtTask) current = dup_selected (self);
      g_autoptr(GArray) removed = vt_task_store_remove_finished (self->store);

      clear_removed (self, current, removed);
      return;
    }

  /* Short lines: under GTK 4.18 a dialog's label that wraps warns while it is measured. */
  body = g_strdup_printf (ngettext ("%u video was never downloaded.",
                                    "%u videos were never downloaded.", n_unsaved), n_unsaved);
  vt_ask_choice (GTK_WINDOW (self), _("Clear Videos?"), body,
                 "keep", ngettext ("_Keep It", "_Keep Them", n_unsaved),
                 "clear-all", _("_Clear All"),
                 clear_answered_cb, g_object_ref (self), g_object_unref);
}

/* Delete in the list: the selected task goes, with Undo. Never one the user cannot see: a
 * selected row scrolled out of sight is brought back into view instead, for a second Delete
 * to remove. */
static void
remove_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = gtk_single_selection_get_selected_item (self->selection);

  if (task == NULL)
    return;
  if (vt_window_rows_selected_in_view (self))
    remove_task (self, task);
  else
    vt_window_reveal_task (self, task, FALSE);
}

static void
focus_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (VT_WINDOW (widget)->task_entry));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The shortcuts window is built the first time it is asked for. GTK builds an application's
 * gtk/help-overlay.ui for every window as the window is made, a cost at each start-up for
 * a window most people never open. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/videotasks/VideoTasks/vt-shortcuts-window.ui");
      GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (shortcuts, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (shortcuts, TRUE);
      g_set_weak_pointer (&self->shortcuts_window, shortcuts);
    }
  gtk_window_present (self->shortcuts_window);
}

/* win.filter: a radio action whose state is the filter mode's nick ("in-progress"). */
static void
filter_change_state_cb (GSimpleAction *action,
                        GVariant      *state,
                        VtWindow      *self)
{
  g_autoptr(GEnumClass) modes = g_type_class_ref (VT_TYPE_FILTER_MODE);
  GEnumValue *mode = g_enum_get_value_by_nick (modes, g_variant_get_string (state, NULL));

  if (mode != NULL)
    vt_window_set_filter_mode (self, mode->value);
}

static void
filter_mode_changed_cb (VtWindow      *self,
                        GParamSpec    *pspec,
                        GSimpleAction *action)
{
  g_autoptr(GEnumClass) modes = g_type_class_ref (VT_TYPE_FILTER_MODE);
  GEnumValue *mode = g_enum_get_value (modes, self->filter_mode);

  g_simple_action_set_state (action, g_variant_new_string (mode->value_nick));
}

/* The narrow window's drop-down lists the filter modes in the enum's order. */
static gboolean
mode_to_position (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
position_to_mode (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint position = g_value_get_uint (from);

  if (position > VT_FILTER_MODE_FAILED)
    return FALSE;
  g_value_set_enum (to, (int) position);
  return TRUE;
}

/* The main menu's popover is made when the menu is first opened: a menu model makes its
 * popover, a button per item, as it is set, a cost at every start-up. */
static void
create_main_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  VtWindow *self = user_data;

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

void
vt_window_init_actions (VtWindow *self)
{
  g_autoptr(GSimpleAction) filter = NULL;
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  /* On the list only: Delete in the entry deletes text. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0)),
                                                          gtk_named_action_new ("win.remove-selected")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->main_menu_button),
                                         create_main_menu_cb, self, NULL);

  filter = g_simple_action_new_stateful ("filter", G_VARIANT_TYPE_STRING, g_variant_new_string ("all"));
  g_signal_connect_object (filter, "change-state", G_CALLBACK (filter_change_state_cb), self, 0);
  g_signal_connect_object (self, "notify::filter-mode", G_CALLBACK (filter_mode_changed_cb), filter, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (filter));
  filter_mode_changed_cb (self, NULL, filter);
  g_object_bind_property_full (self, "filter-mode", self->filter_dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               mode_to_position, position_to_mode, NULL, NULL);
}

void
vt_window_class_init_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (task_actions); i++)
    gtk_widget_class_install_action (widget_class, task_actions[i].name, "s", task_action);

  gtk_widget_class_install_action (widget_class, "win.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "win.clear-finished", NULL, clear_finished_action);
  gtk_widget_class_install_action (widget_class, "win.remove-selected", NULL, remove_selected_action);
  gtk_widget_class_install_action (widget_class, "win.focus-entry", NULL, focus_entry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}
