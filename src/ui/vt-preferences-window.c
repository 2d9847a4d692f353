/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-config.h"
#include "vt-display.h"
#include "vt-error.h"
#include "vt-preferences-window.h"
#include "vt-secret.h"
#include "vt-text.h"

struct _VtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VtApplication        *app;
  GSettings            *settings;
  GCancellable         *cancellable;
  VtClient             *test_client;

  AdwActionRow         *environment_row;
  AdwComboRow          *region_row;
  AdwEntryRow          *custom_host_row;
  AdwEntryRow          *key_row;
  AdwActionRow         *test_row;
  GtkButton            *test_button;
  GtkButton            *forget_button;
  GtkSwitch            *auto_refresh_switch;
  GtkSpinButton        *interval_spin;
  GtkSpinButton        *rate_spin;
  GtkSwitch            *notify_switch;
  AdwActionRow         *folder_row;
};

G_DEFINE_FINAL_TYPE (VtPreferencesWindow, vt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
current_host (VtPreferencesWindow  *self,
              GError              **error)
{
  return vt_config_resolve_host (self->settings, NULL, error);
}

static void
toast (VtPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), vt_toast_new_text (message));
}

/* "api.minimaxi.com", as people read a host. */
static char *
display_host (const char *host)
{
  const char *rest = strstr (host, "://");

  return g_strdup (rest != NULL ? rest + 3 : host);
}


/* Whether a key is kept for the host, or where the key comes from; Forget only when there
 * is a saved key to forget. */
static void
update_key_rows (VtPreferencesWindow *self)
{
  gboolean env_key = vt_config_api_key_from_environment ();
  VtKeyState state = vt_application_get_key_state (self->app);
  g_autofree char *host = current_host (self, NULL);
  g_autofree char *shown = host != NULL ? display_host (host) : g_strdup ("");
  g_autofree char *title = NULL;

  if (env_key)
    title = g_strdup (_("The key comes from MINIMAX_API_KEY"));
  else if (vt_application_get_key_unsaved (self->app))
    title = g_strdup (vt_application_get_key_message (self->app));
  else if (state == VT_KEY_STATE_PRESENT)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    title = g_strdup_printf (_("A key is saved for %s"), shown);
  else if (state == VT_KEY_STATE_MISSING)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    title = g_strdup_printf (_("No key is saved for %s"), shown);
  else if (state == VT_KEY_STATE_LOOKING_UP)
    title = g_strdup (_("Looking for a saved key…"));
  else
    title = g_strdup (vt_application_get_key_message (self->app));

  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->test_row), title);
  gtk_widget_set_visible (GTK_WIDGET (self->forget_button),
                          !env_key && state == VT_KEY_STATE_PRESENT &&
                          !vt_application_get_key_unsaved (self->app));
}

static void
update_sensitivity (VtPreferencesWindow *self)
{
  gboolean env_key = vt_config_api_key_from_environment ();
  gboolean env_host = vt_application_get_host_from_environment (self->app);
  gboolean custom = adw_combo_row_get_selected (self->region_row) == VT_REGION_CUSTOM;
  g_autofree char *host = current_host (self, NULL);
  g_autofree char *shown = host != NULL ? display_host (host) : NULL;
  g_autofree char *region_subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_host_row), custom && !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->region_row), !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_host_row), !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !env_key);

  /* The region's host in full under its name; what overrides it, when something does. */
  if (env_host)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    region_subtitle = g_strdup_printf (_("Set by MINIMAX_API_HOST: %s"), shown);
  else if (!custom)
    region_subtitle = g_strdup (shown);
  vt_row_set_subtitle_text (ADW_ACTION_ROW (self->region_row), region_subtitle);
  update_key_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->environment_row), env_key || env_host);
  if (env_key && env_host)
    vt_row_set_subtitle_text (self->environment_row,
                              _("MINIMAX_API_KEY and MINIMAX_API_HOST are set in the environment: "
                                "they are used instead of the key and region chosen here."));
  else if (env_key)
    vt_row_set_subtitle_text (self->environment_row,
                              _("MINIMAX_API_KEY is set in the environment: it is used instead of "
                                "the key saved here."));
  else if (env_host)
    vt_row_set_subtitle_text (self->environment_row,
                              _("MINIMAX_API_HOST is set in the environment: it is used instead of "
                                "the region chosen here."));
}

static gboolean
region_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (nick, "international") ? VT_REGION_INTERNATIONAL
                          : g_str_equal (nick, "custom") ? VT_REGION_CUSTOM
                          : VT_REGION_CHINA);
  return TRUE;
}

static GVariant *
region_set_mapping (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  switch (g_value_get_uint (value))
    {
    case VT_REGION_INTERNATIONAL:
      return g_variant_new_string ("international");
    case VT_REGION_CUSTOM:
      return g_variant_new_string ("custom");
    default:
      return g_variant_new_string ("china");
    }
}

static void
custom_host_apply_cb (VtPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = vt_client_normalize_host (gtk_editable_get_text (GTK_EDITABLE (self->custom_host_row)),
                                                    &error);

  if (host == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_host_row), "error");
      toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->custom_host_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_host_row), host);
  g_settings_set_string (self->settings, "custom-host", host);
}

typedef struct
{
  VtPreferencesWindow *self;
  char                *host;
  char                *key;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_object_unref (data->self);
  g_free (data->host);
  vt_secret_free (data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreData, store_data_free)

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(StoreData) data = user_data;
  VtPreferencesWindow *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!vt_secret_store_finish (result, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      /* No keyring, or one that stayed locked: the key is still what the user wants to
       * use, so it is, until the app quits; a dialog says so, plainly and in full. */
      g_debug ("The key was not stored: %s", error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      vt_application_use_unsaved_key (self->app, data->host, data->key);
      vt_tell (GTK_WINDOW (self), _("API Key Not Saved"),
               _("The keyring could not store the key, so Video Tasks uses it only until it "
                 "quits. To keep the key, make sure a keyring such as GNOME Keyring is running "
                 "and unlocked, then save the key again."));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  toast (self, _("API key saved in the keyring"));
  /* The keyring has it now: a key kept only in memory is no longer needed. */
  vt_application_use_unsaved_key (self->app, NULL, NULL);
}

static void
key_apply_cb (VtPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = current_host (self, &error);
  char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (host == NULL)
    toast (self, error->message);
  else if (*key == '\0')
    toast (self, _("Enter the API key first"));
  else
    {
      StoreData *data = g_new0 (StoreData, 1);

      data->self = g_object_ref (self);
      data->host = g_strdup (host);
      data->key = g_strdup (key);
      vt_secret_store_async (host, key, self->cancellable, key_stored_cb, data);
    }
  vt_secret_free (key);
}

static void
key_forgotten_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VtPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_secret_clear_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  toast (self, _("API key removed from the keyring"));
  vt_application_reload_credentials (self->app);
}

static void
forget_clicked_cb (VtPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = current_host (self, &error);

  if (host == NULL)
    {
      toast (self, error->message);
      return;
    }

  vt_secret_clear_async (host, self->cancellable, key_forgotten_cb, g_object_ref (self));
}

static void
test_query_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *outcome;

  vt_client_query_finish (VT_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  /* Any answer but "wrong key" means MiniMax accepted it: a made-up task ID gets
   * "invalid parameters", which is fine here. */
  if (error == NULL || g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID) ||
      (error->domain == VT_ERROR && error->code == VT_ERROR_API))
    outcome = _("MiniMax accepted the key.");
  else
    outcome = error->message;

  vt_row_set_subtitle_text (self->test_row, outcome);
}

static void
test_setup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  VtTaskStore *store = vt_application_get_store (self->app);
  g_autoptr(VtTask) any_task = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  vt_config_setup_client_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A key typed but not yet saved is what the user wants to test; a host that cannot be
   * used cannot test any. */
  if (typed != NULL && *typed != '\0' && !vt_config_api_key_from_environment ())
    vt_client_set_api_key (self->test_client, typed);

  if (error != NULL &&
      (g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_HOST) || !vt_client_has_api_key (self->test_client)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
      vt_row_set_subtitle_text (self->test_row, error->message);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    any_task = g_list_model_get_item (G_LIST_MODEL (store), 0);
  vt_client_query_async (self->test_client, any_task ? vt_task_get_id (any_task) : "0",
                         any_task ? vt_task_get_kind (any_task) : VT_TASK_KIND_AGENT,
                         self->cancellable, test_query_cb, g_object_ref (self));
}

static void
test_clicked_cb (VtPreferencesWindow *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  vt_row_set_subtitle_text (self->test_row, _("Asking MiniMax…"));
  vt_config_setup_client_async (self->test_client, self->settings, self->cancellable, test_setup_cb,
                                g_object_ref (self));
}

static void
update_folder_row (VtPreferencesWindow *self)
{
  g_autoptr(GFile) folder = vt_application_dup_download_folder (self->app);
  g_autofree char *path = g_file_get_parse_name (folder);
  g_autofree char *shown = vt_display_folder (path);

  vt_row_set_subtitle_text (self->folder_row, shown);
}

static void
folder_chosen_cb (GtkNativeDialog     *chooser,
                  int                  response,
                  VtPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "download-folder", path);
    }
  g_object_unref (chooser);
}

/* The portal-aware folder chooser (inside Flatpak, the FileChooser portal). */
static void
choose_folder_cb (VtPreferencesWindow *self)
{
  g_autoptr(GFile) folder = vt_application_dup_download_folder (self->app);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Download Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"),
                                         _("_Cancel"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  vt_file_chooser_show_in (chooser, folder);
}

static void
vt_preferences_window_dispose (GObject *object)
{
  VtPreferencesWindow *self = (VtPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_client);
  g_clear_object (&self->settings);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (vt_preferences_window_parent_class)->dispose (object);
}

static void
vt_preferences_window_class_init (VtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/videotasks/VideoTasks/vt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, environment_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, custom_host_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, forget_button);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_host_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
}

static void
vt_preferences_window_init (VtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->test_client = vt_client_new ();
}

VtPreferencesWindow *
vt_preferences_window_new (VtApplication *application,
                           GtkWindow     *parent)
{
  VtPreferencesWindow *self = g_object_new (VT_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            "application", application,
                                            NULL);
  GSettings *settings = vt_application_get_settings (application);

  self->app = g_object_ref (application);

  if (settings == NULL)
    {
      /* Without the installed schema nothing here could be kept. */
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return self;
    }

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "region", self->region_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, region_get_mapping, region_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "auto-refresh", self->auto_refresh_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "refresh-interval", gtk_spin_button_get_adjustment (self->interval_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "max-requests-per-minute", gtk_spin_button_get_adjustment (self->rate_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-on-finish", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);

  {
    g_autofree char *custom = g_settings_get_string (settings, "custom-host");
    gtk_editable_set_text (GTK_EDITABLE (self->custom_host_row), custom);
  }

  g_signal_connect_object (self->region_row, "notify::selected", G_CALLBACK (update_sensitivity),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->app, "notify::key-state", G_CALLBACK (update_key_rows),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::download-folder", G_CALLBACK (update_folder_row),
                           self, G_CONNECT_SWAPPED);
  update_sensitivity (self);
  update_folder_row (self);
  return self;
}
