/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-config"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-client.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-secret.h"

/* The same variable names as MiniMax's own tools, so one shell set-up serves both. */
#define ENV_API_KEY  "MINIMAX_API_KEY"
#define ENV_API_HOST "MINIMAX_API_HOST"

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    return NULL;
  return value;
}

/**
 * vt_config_new_settings:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when the schema is
 *   not installed (a binary run from the build folder), where the defaults apply.
 */
GSettings *
vt_config_new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed; using defaults", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

char *
vt_config_host_for_region (VtRegion     region,
                           const char  *custom_host,
                           GError     **error)
{
  switch (region)
    {
    case VT_REGION_INTERNATIONAL:
      return g_strdup (VT_HOST_INTERNATIONAL);
    case VT_REGION_CUSTOM:
      return vt_client_normalize_host (custom_host, error);
    case VT_REGION_CHINA:
    default:
      return g_strdup (VT_HOST_CHINA);
    }
}

const char *
vt_config_key_page_for_region (VtRegion region)
{
  if (region == VT_REGION_INTERNATIONAL)
    return "https://platform.minimax.io/user-center/basic-information/interface-key";
  return "https://platform.minimaxi.com/user-center/basic-information/interface-key";
}

/**
 * vt_config_resolve_host:
 * @settings: (nullable): the app's settings; %NULL means the defaults
 * @from_environment: (out) (optional): whether MINIMAX_API_HOST decided
 *
 * Returns: (transfer full): the normalized API host
 */
char *
vt_config_resolve_host (GSettings  *settings,
                        gboolean   *from_environment,
                        GError    **error)
{
  const char *env_host = getenv_nonempty (ENV_API_HOST);
  g_autofree char *custom = NULL;
  VtRegion region = VT_REGION_CHINA;

  if (from_environment != NULL)
    *from_environment = env_host != NULL;

  if (env_host != NULL)
    return vt_client_normalize_host (env_host, error);

  if (settings != NULL)
    {
      region = g_settings_get_enum (settings, "region");
      custom = g_settings_get_string (settings, "custom-host");
    }

  return vt_config_host_for_region (region, custom, error);
}

gboolean
vt_config_api_key_from_environment (void)
{
  return getenv_nonempty (ENV_API_KEY) != NULL;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *api_key;

  api_key = vt_secret_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Callers free the key with g_free(), whichever source it came from. */
  g_task_return_pointer (task, g_strdup (api_key), g_free);
  vt_secret_free (api_key);
}

/* The environment wins over the keyring, so the keyring is not touched when it is set. */
void
vt_config_lookup_api_key_async (const char          *host,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *env_key = getenv_nonempty (ENV_API_KEY);

  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_config_lookup_api_key_async);

  if (env_key != NULL)
    g_task_return_pointer (task, g_strdup (env_key), g_free);
  else
    vt_secret_lookup_async (host, cancellable, lookup_cb, g_steal_pointer (&task));
}

/**
 * vt_config_lookup_api_key_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL without an error when none is set
 */
char *
vt_config_lookup_api_key_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  VtClient *client;
  gboolean  host_from_environment;
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->client);
  g_free (data);
}

static void
setup_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetupData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *api_key = vt_config_lookup_api_key_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  vt_client_set_api_key (data->client, api_key);
  vt_secret_free (api_key);
  g_task_return_int (task, vt_client_has_api_key (data->client) ? VT_KEY_STATE_PRESENT
                                                                : VT_KEY_STATE_MISSING);
}

/**
 * vt_config_setup_client_async:
 * @settings: (nullable): the app's settings; %NULL means the defaults
 *
 * Gives @client the host to use and that host's key: resolves the host (settings or
 * MINIMAX_API_HOST), then looks its key up (MINIMAX_API_KEY or the keyring). The client has
 * no key until the key is found; the host is set at once.
 */
void
vt_config_setup_client_async (VtClient            *client,
                              GSettings           *settings,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *host = NULL;
  GError *error = NULL;
  SetupData *data;

  g_return_if_fail (VT_IS_CLIENT (client));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_config_setup_client_async);
  data = g_new0 (SetupData, 1);
  data->client = g_object_ref (client);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);

  vt_client_set_api_key (client, NULL);
  host = vt_config_resolve_host (settings, &data->host_from_environment, &error);
  if (host == NULL || !vt_client_set_host (client, host, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vt_config_lookup_api_key_async (host, cancellable, setup_key_cb, g_steal_pointer (&task));
}

/**
 * vt_config_setup_client_finish:
 * @host_from_environment: (out) (optional): whether MINIMAX_API_HOST chose the host
 *
 * Returns: %VT_KEY_STATE_PRESENT or %VT_KEY_STATE_MISSING; %VT_KEY_STATE_ERROR with @error
 *   set when the host cannot be used or the keyring failed
 */
VtKeyState
vt_config_setup_client_finish (GAsyncResult  *result,
                               gboolean      *host_from_environment,
                               GError       **error)
{
  SetupData *data;
  gssize state;

  g_return_val_if_fail (g_task_is_valid (result, NULL), VT_KEY_STATE_ERROR);

  data = g_task_get_task_data (G_TASK (result));
  if (host_from_environment != NULL)
    *host_from_environment = data->host_from_environment;

  state = g_task_propagate_int (G_TASK (result), error);
  return state < 0 ? VT_KEY_STATE_ERROR : (VtKeyState) state;
}
