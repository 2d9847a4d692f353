/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-config"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-client.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-key-check.h"
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

/* The regions, as MiniMax publishes them. Its newer China pages name api.minimax.cn for the
 * v2 endpoints; MiniMax's own CLI still uses api.minimaxi.com for everything and people
 * still make videos there, so this table keeps one host per region until MiniMax says
 * otherwise (see CREATE-API.md §0). */
static const VtRegionInfo minimax_regions[] = {
  { VT_REGION_CHINA, "china", "https://api.minimaxi.com",
    "https://platform.minimaxi.com/user-center/basic-information/interface-key", "¥" },
  { VT_REGION_INTERNATIONAL, "international", "https://api.minimax.io",
    "https://platform.minimax.io/user-center/basic-information/interface-key", "$" },
};

/**
 * vt_config_get_region:
 *
 * Returns: (nullable): what is known of @region; %NULL for a custom host, and for
 *   %VT_REGION_AUTOMATIC, which is whichever region the key belongs to
 */
const VtRegionInfo *
vt_config_get_region (VtRegion region)
{
  for (guint i = 0; i < G_N_ELEMENTS (minimax_regions); i++)
    if (minimax_regions[i].region == region)
      return &minimax_regions[i];
  return NULL;
}

/**
 * vt_config_get_regions:
 * @n_regions: (out): how many
 *
 * Returns: (array length=n_regions): every region with a host of its own
 */
const VtRegionInfo *
vt_config_get_regions (guint *n_regions)
{
  *n_regions = G_N_ELEMENTS (minimax_regions);
  return minimax_regions;
}

/* Returns: "china", "international" or "custom", as the command line names them */
const char *
vt_config_region_id (VtRegion region)
{
  const VtRegionInfo *info = vt_config_get_region (region);

  return info != NULL ? info->id : "custom";
}

/* Returns: the region whose host @host is, or %VT_REGION_CUSTOM */
VtRegion
vt_config_region_of_host (const char *host)
{
  for (guint i = 0; i < G_N_ELEMENTS (minimax_regions); i++)
    if (g_strcmp0 (minimax_regions[i].host, host) == 0)
      return minimax_regions[i].region;
  return VT_REGION_CUSTOM;
}

/* Before a key has told its region, international: most people who find this app outside
 * China have an international key, and the first key entered tells the region anyway. */
#define FIRST_GUESS VT_REGION_INTERNATIONAL

char *
vt_config_host_for_region (VtRegion     region,
                           const char  *custom_host,
                           GError     **error)
{
  const VtRegionInfo *info;

  if (region == VT_REGION_CUSTOM)
    return vt_client_normalize_host (custom_host, error);
  info = vt_config_get_region (region);
  if (info == NULL)
    info = vt_config_get_region (FIRST_GUESS);
  return g_strdup (info->host);
}

const char *
vt_config_key_page_for_region (VtRegion region)
{
  const VtRegionInfo *info = vt_config_get_region (region);

  if (info == NULL)
    info = vt_config_get_region (FIRST_GUESS);
  return info->key_page;
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
  VtRegion region = VT_REGION_AUTOMATIC;

  if (from_environment != NULL)
    *from_environment = env_host != NULL;

  if (env_host != NULL)
    return vt_client_normalize_host (env_host, error);

  if (settings != NULL)
    {
      region = g_settings_get_enum (settings, "region");
      custom = g_settings_get_string (settings, "custom-host");
    }
  if (region == VT_REGION_AUTOMATIC)
    region = vt_config_detected_region (settings);

  return vt_config_host_for_region (region, custom, error);
}

/**
 * vt_config_detected_region:
 * @settings: (nullable): the app's settings
 *
 * Returns: the region the last key checked belongs to; before any, the first guess
 */
VtRegion
vt_config_detected_region (GSettings *settings)
{
  g_autofree char *kept = NULL;

  if (settings == NULL)
    return FIRST_GUESS;
  kept = g_settings_get_string (settings, "detected-key");
  return *kept != '\0' ? (VtRegion) g_settings_get_enum (settings, "detected-region") : FIRST_GUESS;
}

/**
 * vt_config_is_automatic:
 * @settings: (nullable): the app's settings
 *
 * Returns: whether the host is found from the key: no MINIMAX_API_HOST, and the region
 *   in Preferences is Automatic
 */
gboolean
vt_config_is_automatic (GSettings *settings)
{
  if (getenv_nonempty (ENV_API_HOST) != NULL)
    return FALSE;
  return settings == NULL || g_settings_get_enum (settings, "region") == VT_REGION_AUTOMATIC;
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
  VtClient     *client;
  GSettings    *settings;
  gboolean      host_from_environment;
  gboolean      automatic;       /* the key tells the host */
  VtRegionInfo *regions;         /* automatic: where to ask */
  guint         n_regions;
  VtRegion      looked_up;       /* automatic: where the keyring was asked last */
  guint         n_looked_up;
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->client);
  g_clear_object (&data->settings);
  g_free (data->regions);
  g_free (data);
}

static const char *
host_of (SetupData *data,
         VtRegion   region)
{
  for (guint i = 0; i < data->n_regions; i++)
    if (data->regions[i].region == region)
      return data->regions[i].host;
  return data->regions[0].host;
}

static void
setup_check_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetupData *data = g_task_get_task_data (task);
  g_autoptr(VtKeyCheck) check = vt_key_check_finish (result, NULL);

  if (check == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  /* A key that neither region accepts, or no answer, keeps the host guessed: checking
   * tasks then says what is wrong, and the next start asks again. */
  if (check->verdict == VT_KEY_VERDICT_ACCEPTED)
    {
      char *api_key = vt_client_dup_api_key (data->client);

      vt_client_set_host (data->client, check->host, NULL);
      vt_key_check_remember (data->settings, api_key, check->region);
      vt_secret_free (api_key);
    }
  g_task_return_int (task, VT_KEY_STATE_PRESENT);
}

/* Automatic: the region kept for this key, or else every region asked at once. */
static void
find_region (GTask *task)
{
  SetupData *data = g_task_get_task_data (task);
  g_autoptr(GArray) hosts = NULL;
  char *api_key;
  VtRegion region;

  api_key = vt_client_dup_api_key (data->client);
  if (vt_key_check_recall (data->settings, api_key, &region))
    {
      vt_client_set_host (data->client, host_of (data, region), NULL);
      vt_secret_free (api_key);
      g_task_return_int (task, VT_KEY_STATE_PRESENT);
      g_object_unref (task);
      return;
    }

  hosts = vt_key_check_hosts_new (data->regions, data->n_regions);
  vt_key_check_async (api_key, (VtKeyCheckHost *) (void *) hosts->data, hosts->len, data->client,
                      g_task_get_cancellable (task), setup_check_cb, task);
  vt_secret_free (api_key);
}

static void lookup_next (GTask *task);

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
  if (!data->automatic)
    g_task_return_int (task, vt_client_has_api_key (data->client) ? VT_KEY_STATE_PRESENT
                                                                  : VT_KEY_STATE_MISSING);
  else if (vt_client_has_api_key (data->client))
    {
      /* The key was found kept for this region's host: until a check says otherwise, it
       * goes there and nowhere else (a China key is never sent to the international host
       * because no region answered). */
      vt_client_set_host (data->client, host_of (data, data->looked_up), NULL);
      find_region (g_steal_pointer (&task));
    }
  else
    lookup_next (g_steal_pointer (&task));
}

/* Automatic: the keyring keeps a key by host. The region found last is asked first, then
 * the others; MINIMAX_API_KEY answers at once. (Takes @task.) */
static void
lookup_next (GTask *task)
{
  SetupData *data = g_task_get_task_data (task);
  const VtRegionInfo *regions = data->regions;
  guint n = data->n_regions;
  VtRegion first;

  if (data->n_looked_up == n)
    {
      g_task_return_int (task, VT_KEY_STATE_MISSING);
      g_object_unref (task);
      return;
    }
  first = vt_config_detected_region (data->settings);
  data->looked_up = first;
  for (guint i = 0, k = 0; i < n && data->n_looked_up > 0; i++)
    if (regions[i].region != first && ++k == data->n_looked_up)
      data->looked_up = regions[i].region;
  data->n_looked_up++;
  vt_config_lookup_api_key_async (host_of (data, data->looked_up),
                                  g_task_get_cancellable (task), setup_key_cb, task);
}

/**
 * vt_config_setup_client_with_regions_async:
 * @regions: (array length=n_regions): the regions Automatic chooses from
 *
 * As vt_config_setup_client_async(), with other regions than MiniMax's (loopback servers,
 * in tests).
 */
void
vt_config_setup_client_with_regions_async (VtClient            *client,
                                           GSettings           *settings,
                                           const VtRegionInfo  *regions,
                                           guint                n_regions,
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
  g_return_if_fail (n_regions > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_config_setup_client_async);
  data = g_new0 (SetupData, 1);
  data->client = g_object_ref (client);
  data->settings = settings != NULL ? g_object_ref (settings) : NULL;
  data->regions = g_memdup2 (regions, n_regions * sizeof *regions);
  data->n_regions = n_regions;
  data->automatic = vt_config_is_automatic (settings);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);

  vt_client_set_api_key (client, NULL);
  if (data->automatic)
    host = g_strdup (host_of (data, vt_config_detected_region (settings)));
  else
    host = vt_config_resolve_host (settings, &data->host_from_environment, &error);
  if (host == NULL || !vt_client_set_host (client, host, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->automatic)
    lookup_next (g_steal_pointer (&task));
  else
    vt_config_lookup_api_key_async (host, cancellable, setup_key_cb, g_steal_pointer (&task));
}

/**
 * vt_config_setup_client_async:
 * @settings: (nullable): the app's settings; %NULL means the defaults
 *
 * Gives @client the host to use and that host's key: resolves the host (settings or
 * MINIMAX_API_HOST), then looks its key up (MINIMAX_API_KEY or the keyring). The client has
 * no key until the key is found; the host is set at once. With the region Automatic and no
 * MINIMAX_API_HOST, the key then tells the host: the region kept for it, or else the one
 * whose host accepts it (vt_key_check_async()), kept for the next time.
 */
void
vt_config_setup_client_async (VtClient            *client,
                              GSettings           *settings,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  vt_config_setup_client_with_regions_async (client, settings, minimax_regions,
                                             G_N_ELEMENTS (minimax_regions),
                                             cancellable, callback, user_data);
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
