/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-account.h"
#include "vt-enums.h"
#include "vt-error.h"
#include "vt-secret.h"

/*
 * The MiniMax account the app works for: its client (host and key), whether there is a key
 * and why not, the region, and where each came from (the keyring, the environment, a key
 * kept in memory because the keyring could not store it, the settings). The application,
 * its window, Preferences and the command line read it here, and nowhere else.
 *
 * It looks the key up again when the region or the custom host changes, and when asked
 * (a key saved, forgotten or kept in memory).
 */

struct _VtAccount
{
  GObject       parent_instance;

  VtClient     *client;
  GSettings    *settings;
  GCancellable *lookup;
  VtKeyState    key_state;
  char         *message;           /* why there is no key; with one, that it is not saved */
  GError       *error;             /* why there is no key, as an error */
  char         *unsaved_key;       /* typed, but the keyring could not store it */
  char         *unsaved_key_host;
  gboolean      host_from_environment;
};

G_DEFINE_FINAL_TYPE (VtAccount, vt_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_key_state (VtAccount  *self,
               VtKeyState  state,
               const char *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->key_state != state)
    {
      self->key_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* A key the keyring could not store is used for its host while the keyring has none to
 * give; the environment's key still comes first. */
static gboolean
use_unsaved_key (VtAccount    *self,
                 VtKeyState    state,
                 const GError *error)
{
  g_autofree char *host = NULL;

  if (self->unsaved_key == NULL)
    return FALSE;
  if (state != VT_KEY_STATE_MISSING &&
      !(state == VT_KEY_STATE_ERROR && g_error_matches (error, VT_ERROR, VT_ERROR_KEYRING)))
    return FALSE;

  host = vt_config_resolve_host (self->settings, NULL, NULL);
  if (g_strcmp0 (host, self->unsaved_key_host) != 0)
    return FALSE;

  vt_client_set_api_key (self->client, self->unsaved_key);
  return TRUE;
}

static void
setup_client_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  VtKeyState state = vt_config_setup_client_finish (result, &self->host_from_environment, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_error (&self->error);
  if (use_unsaved_key (self, state, error))
    set_key_state (self, VT_KEY_STATE_PRESENT,
                   _("The API key could not be saved in the keyring. It is used until Video "
                     "Tasks quits."));
  else
    {
      self->error = g_steal_pointer (&error);
      set_key_state (self, state, self->error != NULL ? self->error->message : NULL);
    }
}

/**
 * vt_account_reload:
 *
 * The region, host or key may have changed: finds the host, then its key (and, with the
 * region Automatic, the key's region). The key state is "looking up" until then.
 */
void
vt_account_reload (VtAccount *self)
{
  g_return_if_fail (VT_IS_ACCOUNT (self));

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);

  g_clear_error (&self->error);
  set_key_state (self, VT_KEY_STATE_LOOKING_UP, NULL);
  self->lookup = g_cancellable_new ();
  vt_config_setup_client_async (self->client, self->settings, self->lookup, setup_client_cb,
                                g_object_ref (self));
}

/**
 * vt_account_load:
 * @context: the main context the look-up runs in (the caller's thread-default)
 * @error: (out) (optional) (transfer full): why there is no key, in the command line's words
 *
 * For the command line: looks the key up and waits for it.
 *
 * Returns: the key state it came to
 */
VtKeyState
vt_account_load (VtAccount     *self,
                 GMainContext  *context,
                 GError       **error)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), VT_KEY_STATE_ERROR);

  vt_account_reload (self);
  while (self->key_state == VT_KEY_STATE_LOOKING_UP)
    g_main_context_iteration (context, TRUE);
  if (self->error != NULL && error != NULL)
    {
      *error = g_error_copy (self->error);
      vt_error_reword_for_reader (*error, VT_ERROR_READER_COMMAND_LINE);
    }
  return self->key_state;
}

/**
 * vt_account_use_unsaved_key:
 * @host: the API host the key is for
 * @api_key: (nullable): the key the keyring could not store, or %NULL to drop it
 *
 * Keeps @api_key in memory, for @host, until the process ends, and looks the key up again:
 * it is used while the keyring gives none, and the message says that it is not saved.
 */
void
vt_account_use_unsaved_key (VtAccount  *self,
                            const char *host,
                            const char *api_key)
{
  g_return_if_fail (VT_IS_ACCOUNT (self));
  g_return_if_fail (api_key == NULL || host != NULL);

  g_clear_pointer (&self->unsaved_key, vt_secret_free);
  g_clear_pointer (&self->unsaved_key_host, g_free);
  if (api_key != NULL)
    {
      self->unsaved_key = g_strdup (api_key);
      self->unsaved_key_host = g_strdup (host);
    }
  vt_account_reload (self);
}

VtKeyState
vt_account_get_key_state (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), VT_KEY_STATE_ERROR);
  return self->key_state;
}

/* Returns: (nullable): why there is no key to use; with a key, that it is not saved */
const char *
vt_account_get_message (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), NULL);
  return self->message;
}

/* Returns: (nullable): why there is no key (the keyring failed, the host cannot be used) */
const GError *
vt_account_get_error (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), NULL);
  return self->error;
}

/* Whether the key in use is one the keyring could not store. */
gboolean
vt_account_get_key_unsaved (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), FALSE);
  return self->key_state == VT_KEY_STATE_PRESENT && self->message != NULL;
}

/* Whether MINIMAX_API_KEY gives the key. */
gboolean
vt_account_get_key_from_environment (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), FALSE);
  return vt_config_api_key_from_environment ();
}

/* Whether MINIMAX_API_HOST chose the host, as the last look-up found. */
gboolean
vt_account_get_host_from_environment (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), FALSE);
  return self->host_from_environment;
}

/**
 * vt_account_get_region:
 *
 * Returns: the region the host is of: %VT_REGION_CUSTOM for MINIMAX_API_HOST and a custom
 *   host, and with Automatic the region found for the key (or first guessed)
 */
VtRegion
vt_account_get_region (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), VT_REGION_CUSTOM);

  if (self->host_from_environment)
    return VT_REGION_CUSTOM;
  return vt_config_region_of_host (vt_client_get_host (self->client));
}

VtClient *
vt_account_get_client (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), NULL);
  return self->client;
}

/* Returns: (nullable): the settings it reads, or %NULL where the schema is not installed */
GSettings *
vt_account_get_settings (VtAccount *self)
{
  g_return_val_if_fail (VT_IS_ACCOUNT (self), NULL);
  return self->settings;
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     VtAccount  *self)
{
  if (g_str_equal (key, "region") || g_str_equal (key, "custom-host"))
    vt_account_reload (self);
}

static void
vt_account_dispose (GObject *object)
{
  VtAccount *self = VT_ACCOUNT (object);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (vt_account_parent_class)->dispose (object);
}

static void
vt_account_finalize (GObject *object)
{
  VtAccount *self = VT_ACCOUNT (object);

  g_free (self->message);
  g_clear_error (&self->error);
  vt_secret_free (self->unsaved_key);
  g_free (self->unsaved_key_host);

  G_OBJECT_CLASS (vt_account_parent_class)->finalize (object);
}

static void
vt_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VtAccount *self = VT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_KEY_STATE:
      g_value_set_enum (value, self->key_state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_account_class_init (VtAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_account_dispose;
  object_class->finalize = vt_account_finalize;
  object_class->get_property = vt_account_get_property;

  properties[PROP_KEY_STATE] =
    g_param_spec_enum ("key-state", NULL, NULL, VT_TYPE_KEY_STATE, VT_KEY_STATE_LOOKING_UP,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_account_init (VtAccount *self)
{
  self->key_state = VT_KEY_STATE_LOOKING_UP;
}

/**
 * vt_account_new:
 * @client: the client it sets up, and every request of the account goes through
 * @settings: (nullable): the app's settings; %NULL means the defaults
 *
 * Returns: (transfer full): the account; its key is looked up by vt_account_reload()
 */
VtAccount *
vt_account_new (VtClient  *client,
                GSettings *settings)
{
  VtAccount *self;

  g_return_val_if_fail (VT_IS_CLIENT (client), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (VT_TYPE_ACCOUNT, NULL);
  self->client = g_object_ref (client);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), self);
    }
  return self;
}
