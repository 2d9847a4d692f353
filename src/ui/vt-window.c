/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-config.h"
#include "vt-download.h"
#include "vt-launcher.h"
#include "vt-task-ids.h"
#include "vt-task-row.h"
#include "vt-window.h"

struct _VtWindow
{
  AdwApplicationWindow  parent_instance;

  VtApplication        *app;
  VtTaskStore          *store;
  VtPoller             *poller;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  char                 *filter_mode;
  char                 *search_text;
  GArray               *removed;          /* VtTaskStoreRemoval, for Undo */
  guint                 countdown_source;
  gulong                app_handler;
  gulong                store_handler;
  gulong                pending_handler;
  gulong                poller_handler;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *search_button;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkEntry             *task_entry;
  GtkLabel             *add_error;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *setup_box;
  GtkLinkButton        *key_page_link;
  GtkListView          *list_view;
};

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILTER_MODE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static VtTask *
task_for_action (VtWindow *self,
                 GVariant *parameter)
{
  return vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));
}

void
vt_window_show_toast (VtWindow   *self,
                      const char *message)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* What the list shows, and what replaces it when it would be empty. */
static void
update_view (VtWindow *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint n_pending = vt_task_store_get_n_pending (self->store);
  VtKeyState key_state = vt_application_get_key_state (self->app);
  g_autofree char *subtitle = NULL;

  if (n_total == 0)
    {
      gboolean need_key = key_state == VT_KEY_STATE_MISSING || key_state == VT_KEY_STATE_ERROR;

      if (need_key)
        {
          GSettings *settings = vt_application_get_settings (self->app);
          VtRegion region = settings != NULL ? g_settings_get_enum (settings, "region") : VT_REGION_CHINA;

          adw_status_page_set_title (self->empty_page, _("Welcome to Video Tasks"));
          adw_status_page_set_description (self->empty_page,
                                           _("Follow the videos you make with MiniMax’s Video Agent, "
                                             "from Preparing to a finished video. To check tasks, "
                                             "add your MiniMax API key."));
          gtk_link_button_set_uri (self->key_page_link, vt_config_key_page_for_region (region));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Video Tasks Yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("Paste a task ID above, or the whole reply of a create "
                                             "call, to follow it until the video is ready."));
        }
      gtk_widget_set_visible (self->setup_box, need_key);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (n_pending > 0)
    /* Translators: window subtitle, the number of tasks not finished yet */
    subtitle = g_strdup_printf (ngettext ("%u in progress", "%u in progress", n_pending), n_pending);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean
countdown_cb (gpointer user_data);

/* One line above the list for what stops tasks from being checked, most urgent first. */
static void
update_banner (VtWindow *self)
{
  VtKeyState key_state = vt_application_get_key_state (self->app);
  VtPollerState state = vt_poller_get_state (self->poller);
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;
  const char *button = NULL;

  if (key_state == VT_KEY_STATE_MISSING && n_total > 0)
    {
      text = g_strdup (_("Checking is paused: no MiniMax API key is set."));
      button = _("Set API Key");
    }
  else if (key_state == VT_KEY_STATE_ERROR && n_total > 0)
    {
      text = g_strdup (vt_application_get_key_message (self->app));
      button = _("Preferences");
    }
  else if (state == VT_POLLER_STATE_STOPPED)
    {
      /* Translators: %s is an error message that says why, and what to do */
      text = g_strdup_printf (_("Checking stopped. %s"), vt_poller_get_message (self->poller));
      button = _("Preferences");
    }
  else if (state == VT_POLLER_STATE_BACKING_OFF)
    {
      gint64 left = (vt_poller_get_resume_time (self->poller) - g_get_real_time () + G_USEC_PER_SEC - 1)
                    / G_USEC_PER_SEC;

      left = MAX (left, 1);
      text = g_strdup_printf (ngettext ("MiniMax asked to slow down. Checking resumes in %d second.",
                                        "MiniMax asked to slow down. Checking resumes in %d seconds.",
                                        left),
                              (int) left);
      if (self->countdown_source == 0)
        self->countdown_source = g_timeout_add_seconds (1, countdown_cb, self);
    }
  else if (state == VT_POLLER_STATE_OFFLINE)
    text = g_strdup (_("You are offline. Checking resumes when the network is back."));

  if (state != VT_POLLER_STATE_BACKING_OFF)
    g_clear_handle_id (&self->countdown_source, g_source_remove);

  if (text != NULL)
    gtk_label_set_label (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->banner_button, button);
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

static gboolean
countdown_cb (gpointer user_data)
{
  VtWindow *self = user_data;

  update_banner (self);
  return G_SOURCE_CONTINUE;
}

static void
banner_button_clicked_cb (VtWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
}

static void
state_changed_cb (VtWindow *self)
{
  update_view (self);
  update_banner (self);
}

static void
pending_changed_cb (VtWindow *self)
{
  /* A task that finished may leave or enter the filtered list. */
  if (g_strcmp0 (self->filter_mode, "all") != 0)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VtWindow *self = user_data;
  VtTask *task = item;
  VtTaskStatus status = vt_task_get_status (task);

  if (g_str_equal (self->filter_mode, "in-progress") && vt_task_is_finished (task))
    return FALSE;
  if (g_str_equal (self->filter_mode, "finished") && status != VT_TASK_STATUS_SUCCESS)
    return FALSE;
  if (g_str_equal (self->filter_mode, "failed") && status != VT_TASK_STATUS_FAIL)
    return FALSE;

  if (self->search_text != NULL)
    {
      g_autofree char *label = vt_task_get_label (task) ? g_utf8_casefold (vt_task_get_label (task), -1)
                                                        : NULL;

      if (strstr (vt_task_get_id (task), self->search_text) == NULL &&
          (label == NULL || strstr (label, self->search_text) == NULL))
        return FALSE;
    }

  return TRUE;
}

static void
search_changed_cb (VtWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->search_text, g_free);
  if (text != NULL && *text != '\0')
    self->search_text = g_utf8_casefold (g_strstrip (g_strdup (text)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
set_filter_mode (VtWindow   *self,
                 const char *mode)
{
  if (g_strcmp0 (self->filter_mode, mode) == 0)
    return;

  g_free (self->filter_mode);
  self->filter_mode = g_strdup (mode);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER_MODE]);
}

static void
reveal_task (VtWindow *self,
             VtTask   *task,
             gboolean  select);

/* Shows @task: clears what hides it, selects it and scrolls to it. */
void
vt_window_show_task (VtWindow *self,
                     VtTask   *task)
{
  reveal_task (self, task, TRUE);
}

static void
reveal_task (VtWindow *self,
             VtTask   *task,
             gboolean  select)
{
  guint n;

  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (VT_IS_TASK (task));

  if (!filter_func (task, self))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      search_changed_cb (self);
      set_filter_mode (self, "all");
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (item == task)
        {
          if (select)
            gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

static void
show_add_error (VtWindow   *self,
                const char *message)
{
  gtk_label_set_label (self->add_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->task_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->task_entry), "error");
}

/**
 * vt_window_add_text:
 * @text: typed, pasted or dropped text with task IDs in it
 *
 * Returns: %FALSE, with an error that says why, when @text holds no task ID
 */
gboolean
vt_window_add_text (VtWindow    *self,
                    const char  *text,
                    GError     **error)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *message = NULL;
  guint added;

  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  ids = vt_task_ids_extract (text, error);
  if (ids == NULL)
    return FALSE;

  added = vt_task_store_add_ids (self->store, (const char * const *) ids, &existing);

  if (added > 0)
    {
      g_autoptr(VtTask) first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);

      if (existing->len > 0)
        message = g_strdup_printf (ngettext ("Added %u task; %u already listed",
                                             "Added %u tasks; %u already listed", added),
                                   added, existing->len);
      else if (added > 1)
        message = g_strdup_printf (ngettext ("Added %u task", "Added %u tasks", added), added);
      reveal_task (self, first, FALSE);
    }
  else
    {
      message = g_strdup (existing->len == 1 ? _("This task is already in the list")
                                             : _("These tasks are already in the list"));
      vt_window_show_task (self, g_ptr_array_index (existing, 0));
    }

  if (message != NULL)
    vt_window_show_toast (self, message);

  return TRUE;
}

static void
add_clicked_cb (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->task_entry));

  /* On a mistake the text stays for the user to correct. */
  if (!vt_window_add_text (self, text, &error))
    {
      show_add_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->task_entry));
      return;
    }

  show_add_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->task_entry), "");
}

static void
entry_changed_cb (VtWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->add_error)))
    show_add_error (self, NULL);
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  if (text == NULL)
    return;

  if (!vt_window_add_text (self, text, &error))
    {
      /* Put it where the user can fix it, and say what is wrong. */
      gtk_editable_set_text (GTK_EDITABLE (self->task_entry), text);
      show_add_error (self, error->message);
    }
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_text_cb,
                                 g_object_ref (widget));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VtWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;

  if (!vt_window_add_text (self, g_value_get_string (value), &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->task_entry), g_value_get_string (value));
      show_add_error (self, error->message);
    }
  return TRUE;
}

static void
refresh_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);

  if (vt_application_get_key_state (self->app) != VT_KEY_STATE_PRESENT)
    vt_application_reload_credentials (self->app);
  vt_poller_refresh (self->poller, NULL);
}

static void
refresh_task_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);

  if (task != NULL)
    vt_poller_refresh (self->poller, task);
}

static void
undo_remove_cb (AdwToast *toast,
                VtWindow *self)
{
  if (self->removed == NULL)
    return;

  vt_task_store_restore (self->store, self->removed);
  g_clear_pointer (&self->removed, g_array_unref);
  update_view (self);
}

static void
offer_undo (VtWindow   *self,
            GArray     *removed,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_clear_pointer (&self->removed, g_array_unref);
  self->removed = g_array_ref (removed);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
remove_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  g_autoptr(GArray) removed = vt_task_store_removals_new ();
  g_autofree char *message = NULL;
  VtTask *found = task_for_action (self, parameter);
  g_autoptr(VtTask) task = NULL;
  guint position;

  if (found == NULL)
    return;

  /* The store may hold the only reference. */
  task = g_object_ref (found);
  if (!vt_task_store_remove (self->store, task, &position))
    return;

  vt_task_store_removals_add (removed, task, position);

  message = g_strdup_printf (_("Removed “%s”"),
                             vt_task_get_label (task) ? vt_task_get_label (task) : vt_task_get_id (task));
  offer_undo (self, removed, message);
}

static void
clear_finished_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  g_autoptr(GArray) removed = vt_task_store_remove_finished (self->store);
  g_autofree char *message = NULL;

  if (removed->len == 0)
    {
      vt_window_show_toast (self, _("No finished tasks to clear"));
      return;
    }

  message = g_strdup_printf (ngettext ("Cleared %u finished task", "Cleared %u finished tasks",
                                       removed->len), removed->len);
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
copy_id_task_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);

  if (task != NULL)
    copy_text (self, vt_task_get_id (task), _("Task ID copied"));
}

static void
copy_link_task_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);

  if (task != NULL && vt_task_get_video_url (task) != NULL)
    copy_text (self, vt_task_get_video_url (task), _("Video link copied"));
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VtTask           *task)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "rename"))
    {
      g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
      vt_task_set_label (task, label);
    }
}

static void
rename_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (task == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Rename Task"), NULL));
  adw_message_dialog_format_body (dialog, _("A label to recognise task %s by."), vt_task_get_id (task));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), vt_task_get_label (task) ? vt_task_get_label (task) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Task label"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  g_signal_connect_data (dialog, "response", G_CALLBACK (rename_response_cb),
                         g_object_ref (task), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GFile *
saved_file (VtTask *task)
{
  const char *path = vt_task_get_file_path (task);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_file_new_for_path (path);
}

typedef struct
{
  VtWindow *window;
  VtTask   *task;
} OpenData;

static void
open_fresh_link_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (vt_download_manager_fresh_link_finish (VT_DOWNLOAD_MANAGER (object), result, &error))
    vt_launcher_open_uri (GTK_WINDOW (data->window), vt_task_get_video_url (data->task));
  else
    vt_window_show_toast (data->window, error->message);

  g_object_unref (data->window);
  g_object_unref (data->task);
  g_free (data);
}

/* The downloaded file if there is one, else the link (fresh, if it had expired). */
static void
open_task_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);
  g_autoptr(GFile) file = NULL;
  OpenData *data;

  if (task == NULL)
    return;

  file = saved_file (task);
  if (file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      vt_launcher_open_uri (GTK_WINDOW (self), uri);
      return;
    }

  if (vt_task_get_video_url (task) == NULL)
    return;

  data = g_new0 (OpenData, 1);
  data->window = g_object_ref (self);
  data->task = g_object_ref (task);
  vt_download_manager_fresh_link_async (vt_application_get_downloads (self->app), task, FALSE,
                                        NULL, open_fresh_link_cb, data);
}

static void
download_task_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);
  g_autoptr(GFile) folder = NULL;

  if (task == NULL)
    return;

  folder = vt_application_dup_download_folder (self->app);
  vt_download_manager_start (vt_application_get_downloads (self->app), task, folder);
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
        vt_download_manager_save_as (vt_application_get_downloads (self->app), task, file);
    }

  g_object_unref (chooser);
}

/* The portal-aware file chooser (inside Flatpak, the FileChooser portal). */
static void
save_as_task_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (task == NULL || vt_task_get_video_url (task) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Video"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  base = vt_download_sanitize_name (vt_task_get_label (task) ? vt_task_get_label (task)
                                                             : vt_task_get_id (task));
  name = g_strconcat (base, ".mp4", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  folder = vt_application_dup_download_folder (self->app);
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);

  g_object_set_data_full (G_OBJECT (chooser), "vt-task", g_object_ref (task), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_download_task_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);

  if (task != NULL)
    vt_download_manager_cancel (vt_application_get_downloads (self->app), task);
}

static void
show_in_folder_task_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  VtWindow *self = VT_WINDOW (widget);
  VtTask *task = task_for_action (self, parameter);
  g_autoptr(GFile) file = NULL;

  if (task == NULL)
    return;

  file = saved_file (task);
  if (file == NULL)
    {
      vt_window_show_toast (self, _("The downloaded file is no longer there"));
      return;
    }
  vt_launcher_show_in_folder (GTK_WINDOW (self), file);
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

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  VtWindow *self = user_data;

  gtk_list_item_set_child (item, GTK_WIDGET (vt_task_row_new (vt_application_get_downloads (self->app))));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  vt_task_row_set_task (VT_TASK_ROW (gtk_list_item_get_child (item)),
                        gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  vt_task_row_set_task (VT_TASK_ROW (gtk_list_item_get_child (item)), NULL);
}

/* For benchmarks: quit as soon as a frame with the loaded list has been drawn. */
static void
after_paint_cb (GdkFrameClock *clock,
                VtWindow      *self)
{
  if (!vt_task_store_get_loaded (self->store))
    return;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  g_print ("first frame with %u tasks\n", g_list_model_get_n_items (G_LIST_MODEL (self->store)));
  g_application_quit (G_APPLICATION (self->app));
}

static void
realize_cb (VtWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (after_paint_cb), self, 0);
}

/* Double-click or Enter on a row opens its video. */
static void
row_activated_cb (GtkListView *list,
                  guint        position,
                  VtWindow    *self)
{
  g_autoptr(VtTask) task = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (task != NULL && (vt_task_get_video_url (task) != NULL || vt_task_get_file_path (task) != NULL))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-task", "s", vt_task_get_id (task));
}

static void
save_failed_cb (VtTaskStore *store,
                GError      *error,
                VtWindow    *self)
{
  vt_window_show_toast (self, error->message);
}

static void
vt_window_setup (VtWindow      *self,
                 VtApplication *app)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GSettings *settings;
  const char *pending_toast;

  self->app = app;
  self->store = g_object_ref (vt_application_get_store (self->app));
  self->poller = g_object_ref (vt_application_get_poller (self->app));

  settings = vt_application_get_settings (self->app);
  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self, 0);

  self->store_handler = g_signal_connect_object (self->filtered, "items-changed",
                                                 G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  self->pending_handler = g_signal_connect_object (self->store, "notify::n-pending",
                                                   G_CALLBACK (pending_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (update_banner), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "save-failed", G_CALLBACK (save_failed_cb), self, 0);
  self->poller_handler = g_signal_connect_object (self->poller, "notify",
                                                  G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  self->app_handler = g_signal_connect_object (self->app, "notify", G_CALLBACK (state_changed_cb),
                                               self, G_CONNECT_SWAPPED);

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  if (g_getenv ("VT_EXIT_AFTER_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);

  pending_toast = g_object_get_data (G_OBJECT (self->app), "vt-pending-toast");
  if (pending_toast != NULL)
    {
      vt_window_show_toast (self, pending_toast);
      g_object_set_data (G_OBJECT (self->app), "vt-pending-toast", NULL);
    }

  update_view (self);
  update_banner (self);
}

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->poller);
  g_clear_object (&self->store);
  g_clear_pointer (&self->removed, g_array_unref);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

static void
vt_window_finalize (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_clear_pointer (&self->filter_mode, g_free);
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
      g_value_set_string (value, self->filter_mode);
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
        set_filter_mode (self, g_value_get_string (value));
      else
        {
          g_free (self->filter_mode);
          self->filter_mode = g_value_dup_string (value);
        }
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

  object_class->dispose = vt_window_dispose;
  object_class->finalize = vt_window_finalize;
  object_class->get_property = vt_window_get_property;
  object_class->set_property = vt_window_set_property;

  /* all, in-progress, finished or failed */
  properties [PROP_FILTER_MODE] =
    g_param_spec_string ("filter-mode", NULL, NULL, "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/videotasks/VideoTasks/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, task_entry);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, add_error);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, setup_box);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, key_page_link);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, list_view);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_button_clicked_cb);

  gtk_widget_class_install_property_action (widget_class, "win.filter", "filter-mode");
  gtk_widget_class_install_action (widget_class, "win.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-task", "s", refresh_task_action);
  gtk_widget_class_install_action (widget_class, "win.remove-task", "s", remove_task_action);
  gtk_widget_class_install_action (widget_class, "win.rename-task", "s", rename_task_action);
  gtk_widget_class_install_action (widget_class, "win.copy-id-task", "s", copy_id_task_action);
  gtk_widget_class_install_action (widget_class, "win.copy-link-task", "s", copy_link_task_action);
  gtk_widget_class_install_action (widget_class, "win.clear-finished", NULL, clear_finished_action);
  gtk_widget_class_install_action (widget_class, "win.open-task", "s", open_task_action);
  gtk_widget_class_install_action (widget_class, "win.download-task", "s", download_task_action);
  gtk_widget_class_install_action (widget_class, "win.save-as-task", "s", save_as_task_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-download-task", "s", cancel_download_task_action);
  gtk_widget_class_install_action (widget_class, "win.show-in-folder-task", "s", show_in_folder_task_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.focus-entry", NULL, focus_entry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
vt_window_init (VtWindow *self)
{
  GtkDropTarget *drop;

  self->filter_mode = g_strdup ("all");
  gtk_widget_init_template (GTK_WIDGET (self));

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

VtWindow *
vt_window_new (VtApplication *application)
{
  VtWindow *self;

  g_return_val_if_fail (VT_IS_APPLICATION (application), NULL);

  self = g_object_new (VT_TYPE_WINDOW, "application", application, NULL);
  vt_window_setup (self, application);
  return self;
}
