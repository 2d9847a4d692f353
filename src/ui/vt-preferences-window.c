/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-balance.h"
#include "vt-config.h"
#include "vt-display.h"
#include "vt-error.h"
#include "vt-key-check.h"
#include "vt-preferences-window.h"
#include "vt-secret.h"
#include "vt-text.h"

struct _VtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VtApplication        *app;
  VtAccount            *account;          /* the app's: read, and told of a new key */
  GSettings            *settings;
  GCancellable         *cancellable;
  VtKeyCheck           *check;            /* what the last check of the key found */
  GDateTime            *checked_at;
  VtRegion              checked_for;      /* the region chosen when it was checked */
  guint                 check_tick;       /* "checked 2 min ago" stays true */

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
  GtkSwitch            *auto_download_switch;
  AdwActionRow         *folder_row;
  AdwActionRow         *balance_row;
};

G_DEFINE_FINAL_TYPE (VtPreferencesWindow, vt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The region drop-down's items, in order (vt-preferences-window.ui). */
static const struct
{
  VtRegion    region;
  const char *nick;
} region_rows[] = {
  { VT_REGION_AUTOMATIC, "automatic" },
  { VT_REGION_CHINA, "china" },
  { VT_REGION_INTERNATIONAL, "international" },
  { VT_REGION_CUSTOM, "custom" },
};

static VtRegion
selected_region (VtPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->region_row);

  return position < G_N_ELEMENTS (region_rows) ? region_rows[position].region : VT_REGION_AUTOMATIC;
}

static char *
current_host (VtPreferencesWindow  *self,
              GError              **error)
{
  return vt_config_resolve_host (self->settings, NULL, error);
}

/* "International", "Mainland China", as the drop-down names the regions. */
static const char *
region_name (VtRegion region)
{
  switch (region)
    {
    case VT_REGION_CHINA:
      return _("Mainland China");
    case VT_REGION_INTERNATIONAL:
      return _("International");
    case VT_REGION_AUTOMATIC:
      return _("Automatic");
    case VT_REGION_CUSTOM:
    default:
      return _("Custom host");
    }
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
  VtKeyState state = vt_account_get_key_state (self->account);
  /* With a key, the host it goes to (with Automatic, the region found for it). */
  g_autofree char *host = state == VT_KEY_STATE_PRESENT
                          ? g_strdup (vt_client_get_host (vt_account_get_client (self->account)))
                          : current_host (self, NULL);
  g_autofree char *shown = host != NULL ? display_host (host) : g_strdup ("");
  g_autofree char *title = NULL;

  if (env_key)
    title = g_strdup (_("The key comes from MINIMAX_API_KEY"));
  else if (vt_account_get_key_unsaved (self->account))
    title = g_strdup (vt_account_get_message (self->account));
  else if (state == VT_KEY_STATE_PRESENT)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    title = g_strdup_printf (_("A key is saved for %s"), shown);
  else if (state == VT_KEY_STATE_MISSING)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    title = g_strdup_printf (_("No key is saved for %s"), shown);
  else if (state == VT_KEY_STATE_LOOKING_UP)
    title = g_strdup (_("Looking for a saved key…"));
  else
    title = g_strdup (vt_account_get_message (self->account));

  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->test_row), title);
  gtk_widget_set_visible (GTK_WIDGET (self->forget_button),
                          !env_key && state == VT_KEY_STATE_PRESENT &&
                          !vt_account_get_key_unsaved (self->account));
}

static void
update_sensitivity (VtPreferencesWindow *self)
{
  gboolean env_key = vt_config_api_key_from_environment ();
  gboolean env_host = vt_account_get_host_from_environment (self->account);
  VtRegion region = selected_region (self);
  gboolean custom = region == VT_REGION_CUSTOM;
  g_autofree char *host = current_host (self, NULL);
  g_autofree char *shown = host != NULL ? display_host (host) : NULL;
  g_autofree char *region_subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_host_row), custom && !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->region_row), !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_host_row), !env_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !env_key);

  /* The region's host in full under its name; with Automatic, the region the key was found
   * to belong to; what overrides it, when something does. */
  if (env_host)
    /* Translators: %s is an API host, e.g. api.minimaxi.com */
    region_subtitle = g_strdup_printf (_("Set by MINIMAX_API_HOST: %s"), shown);
  else if (region == VT_REGION_AUTOMATIC && shown != NULL)
    /* Translators: "Automatic — International (api.minimax.io)": the region found from the
     * key, and its host */
    region_subtitle = g_strdup_printf (_("%s (%s)"),
                                       region_name (vt_config_detected_region (self->settings)),
                                       shown);
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

  for (guint i = 0; i < G_N_ELEMENTS (region_rows); i++)
    if (g_str_equal (nick, region_rows[i].nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
region_set_mapping (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  return g_variant_new_string (region_rows[position < G_N_ELEMENTS (region_rows) ? position : 0].nick);
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

/* What the last check of the key said, and how long ago: "Key accepted by MiniMax ·
 * International · checked 2 min ago", or why not. */
static void
show_check (VtPreferencesWindow *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *text = NULL;
  VtKeyCheck *check = self->check;

  if (check == NULL)
    return;
  now = g_date_time_new_now_local ();
  ago = vt_display_time_ago (self->checked_at, now);
  if (check->verdict == VT_KEY_VERDICT_ACCEPTED &&
      (self->checked_for == VT_REGION_AUTOMATIC || self->checked_for == VT_REGION_CUSTOM ||
       self->checked_for == check->region))
    {
      g_autofree char *where = check->region == VT_REGION_CUSTOM ? display_host (check->host)
                                                                 : g_strdup (region_name (check->region));

      /* Translators: "Key accepted by MiniMax · International · checked 2 min ago" */
      text = g_strdup_printf (_("Key accepted by MiniMax · %s · checked %s"), where, ago);
    }
  else if (check->verdict == VT_KEY_VERDICT_ACCEPTED)
    /* Translators: the first %s is the region chosen, the second the key's own region */
    text = g_strdup_printf (_("This key is not for %s but for %s: choose %s, or Automatic."),
                            region_name (self->checked_for), region_name (check->region),
                            region_name (check->region));
  else
    text = g_strdup (check->error->message);
  vt_row_set_subtitle_text (self->test_row, text);
}

static gboolean
check_tick_cb (gpointer user_data)
{
  show_check (user_data);
  return G_SOURCE_CONTINUE;
}

/* A key on its way to the keyring, or being checked first. */
typedef struct
{
  VtPreferencesWindow *self;
  char                *host;
  char                *key;
  gboolean             store;     /* checked: kept once the check is done */
  gboolean             automatic; /* the region was Automatic when the key was entered */
} KeyData;

static void
key_data_free (KeyData *data)
{
  g_object_unref (data->self);
  g_free (data->host);
  vt_secret_free (data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyData, key_data_free)

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KeyData) data = user_data;
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
      vt_account_use_unsaved_key (self->account, data->host, data->key);
      vt_tell (GTK_WINDOW (self), _("API Key Not Saved"),
               _("The keyring could not store the key, so Video Tasks uses it only until it "
                 "quits. To keep the key, make sure a keyring such as GNOME Keyring is running "
                 "and unlocked, then save the key again."));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  toast (self, _("API key saved in the keyring"));
  /* The keyring has it now: a key kept only in memory is no longer needed. */
  vt_account_use_unsaved_key (self->account, NULL, NULL);
}

static void
store_key (VtPreferencesWindow *self,
           const char          *host,
           const char          *api_key)
{
  KeyData *data = g_new0 (KeyData, 1);

  data->self = g_object_ref (self);
  data->host = g_strdup (host);
  data->key = g_strdup (api_key);
  vt_secret_store_async (host, api_key, self->cancellable, key_stored_cb, data);
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VtPreferencesWindow) self = user_data;
  g_autoptr(VtBalance) balance = vt_balance_fetch_finish (result);
  const VtRegionInfo *region;
  g_autofree char *text = NULL;

  /* Neither endpoint answered as known: nothing is said rather than an error. */
  if (balance == NULL || self->check == NULL)
    return;
  region = vt_config_get_region (self->check->region);
  text = vt_balance_describe (balance, region != NULL ? region->currency : NULL);
  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->balance_row), text);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_row), TRUE);
}

static void
key_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KeyData) data = user_data;
  VtPreferencesWindow *self = data->self;
  VtKeyCheck *check = vt_key_check_finish (result, NULL);
  gboolean accepted;

  if (check == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  g_clear_pointer (&self->check, vt_key_check_free);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  self->check = check;
  self->checked_at = g_date_time_new_now_local ();
  show_check (self);
  if (self->check_tick == 0)
    self->check_tick = g_timeout_add_seconds (30, check_tick_cb, self);

  accepted = check->verdict == VT_KEY_VERDICT_ACCEPTED;
  gtk_widget_set_visible (GTK_WIDGET (self->balance_row), FALSE);
  if (accepted)
    {
      /* The account in use is asked through its own client, so within its gate. */
      g_autoptr(VtClient) client = g_object_ref (vt_account_get_client (self->account));

      if (!vt_client_is_account (client, check->host, data->key))
        {
          g_object_unref (client);
          client = vt_client_new ();
          vt_client_set_host (client, check->host, NULL);
          vt_client_set_api_key (client, data->key);
        }
      vt_balance_fetch_async (client, self->cancellable, balance_cb, g_object_ref (self));
    }

  /* Automatic: the key is kept for the host that accepts it (when none does, the one
   * guessed), and that region is remembered for it before the app looks the key up. */
  if (data->store)
    {
      if (data->automatic && accepted)
        {
          vt_key_check_remember (self->settings, data->key, check->region);
          g_free (data->host);
          data->host = g_strdup (check->host);
        }
      if (data->host != NULL)
        store_key (self, data->host, data->key);
    }
}

/* Asks where @api_key is accepted: with a region of MiniMax's (Automatic, or one chosen),
 * every region, so that a key of the other one is named as such; a custom host alone.
 * With @store, keeps the key once checked. */
static void
check_key (VtPreferencesWindow *self,
           const char          *api_key,
           gboolean             store)
{
  g_autoptr(GArray) hosts = NULL;
  g_autofree char *host = current_host (self, NULL);
  gboolean env_host = vt_account_get_host_from_environment (self->account);
  KeyData *data;
  guint n;

  self->checked_for = env_host ? VT_REGION_CUSTOM : selected_region (self);
  if (self->checked_for == VT_REGION_CUSTOM)
    {
      VtKeyCheckHost one = { VT_REGION_CUSTOM, host };

      if (host == NULL)
        return;
      hosts = g_array_new (FALSE, FALSE, sizeof (VtKeyCheckHost));
      g_array_append_val (hosts, one);
    }
  else
    hosts = vt_key_check_hosts_new (vt_config_get_regions (&n), n);

  data = g_new0 (KeyData, 1);
  data->self = g_object_ref (self);
  data->key = g_strdup (api_key);
  data->store = store;
  /* Where the key goes is what was chosen when it was entered, not when the check ends. */
  data->host = g_strdup (host);
  data->automatic = vt_config_is_automatic (self->settings);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  vt_row_set_subtitle_text (self->test_row, _("Asking MiniMax…"));
  vt_key_check_async (api_key, (VtKeyCheckHost *) (void *) hosts->data, hosts->len,
                      vt_account_get_client (self->account), self->cancellable, key_checked_cb, data);
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
    check_key (self, key, TRUE);
  vt_secret_free (key);
}

/* Forget: the key of the host in use; with Automatic, the key kept for every region's host,
 * or the reload would find the other one again. Done when each host's is cleared. */
typedef struct
{
  VtPreferencesWindow *self;
  guint                n_pending;
  GError              *error;
} Forget;

static void
key_forgotten_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Forget *forget = user_data;
  VtPreferencesWindow *self = forget->self;
  GError *error = NULL;

  if (!vt_secret_clear_finish (result, &error) && forget->error == NULL)
    forget->error = error;
  else
    g_clear_error (&error);
  if (--forget->n_pending > 0)
    return;

  if (forget->error == NULL)
    {
      toast (self, _("API key removed from the keyring"));
      vt_account_reload (self->account);
    }
  else if (!g_error_matches (forget->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, forget->error->message);
  g_clear_error (&forget->error);
  g_object_unref (forget->self);
  g_free (forget);
}

static void
forget_clicked_cb (VtPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = current_host (self, &error);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  Forget *forget;

  if (host == NULL)
    {
      toast (self, error->message);
      return;
    }

  if (vt_config_is_automatic (self->settings))
    {
      guint n;
      const VtRegionInfo *regions = vt_config_get_regions (&n);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (hosts, g_strdup (regions[i].host));
    }
  else
    g_ptr_array_add (hosts, g_steal_pointer (&host));

  forget = g_new0 (Forget, 1);
  forget->self = g_object_ref (self);
  forget->n_pending = hosts->len;
  for (guint i = 0; i < hosts->len; i++)
    vt_secret_clear_async (hosts->pdata[i], self->cancellable, key_forgotten_cb, forget);
}

/* Test Key: the key typed but not saved yet, else the one in use, checked as it is (the
 * region found for it is not looked for twice). */
static void
test_clicked_cb (VtPreferencesWindow *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *host = current_host (self, &error);
  char *api_key;

  if (host == NULL)
    {
      vt_row_set_subtitle_text (self->test_row, error->message);
      return;
    }
  if (typed != NULL && *typed != '\0' && !vt_account_get_key_from_environment (self->account))
    api_key = g_strstrip (g_strdup (typed));
  else
    api_key = vt_client_dup_api_key (vt_account_get_client (self->account));

  if (api_key == NULL || *api_key == '\0')
    vt_row_set_subtitle_text (self->test_row, _("Enter the API key first"));
  else
    check_key (self, api_key, FALSE);
  vt_secret_free (api_key);
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
  g_clear_handle_id (&self->check_tick, g_source_remove);
  g_clear_pointer (&self->check, vt_key_check_free);
  g_clear_pointer (&self->checked_at, g_date_time_unref);
  /* Closed, it may live on a while (a reference held elsewhere): its handlers must not. */
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
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
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, auto_download_switch);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VtPreferencesWindow, balance_row);
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
  self->account = g_object_ref (vt_application_get_account (application));

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
  g_settings_bind (settings, "download-finished", self->auto_download_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  {
    g_autofree char *custom = g_settings_get_string (settings, "custom-host");
    gtk_editable_set_text (GTK_EDITABLE (self->custom_host_row), custom);
  }

  g_signal_connect_object (self->region_row, "notify::selected", G_CALLBACK (update_sensitivity),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::key-state", G_CALLBACK (update_key_rows),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::download-folder", G_CALLBACK (update_folder_row),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::detected-region", G_CALLBACK (update_sensitivity),
                           self, G_CONNECT_SWAPPED);
  update_sensitivity (self);
  update_folder_row (self);
  return self;
}
