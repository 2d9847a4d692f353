/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-key-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api-private.h"
#include "vt-client.h"
#include "vt-error.h"
#include "vt-key-check.h"

/*
 * Which region's host accepts a key: every host is asked at once, and the first that
 * accepts the key wins.
 *
 * The request is a Hailuo query about a task that cannot exist (VT_API_KEY_CHECK_PATH). It
 * creates nothing and costs nothing, and it is documented: MiniMax checks the key before
 * it looks for the task, so a wrong key gets 1004 or 2049 ("invalid api key") and a right
 * one gets an answer about the task. MiniMax's own CLI asks /v1/token_plan/remains instead,
 * which is not documented and not known to answer pay-as-you-go keys.
 */

#define KEY_CHECK_TIMEOUT 10   /* seconds for each host */

/**
 * vt_key_check_judge:
 * @http_status: the answer's HTTP status
 * @body: (nullable): the answer's body
 * @error: set to why, unless the key was accepted
 *
 * The one rule of what an answer to VT_API_KEY_CHECK_PATH says of the key.
 */
VtKeyVerdict
vt_key_check_judge (guint    http_status,
                    GBytes  *body,
                    GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(VtQueryResult) result = vt_query_result_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  if (http_status == SOUP_STATUS_UNAUTHORIZED || http_status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_AUTH,
                   _("MiniMax did not accept the API key (HTTP %u)."), http_status);
      return VT_KEY_VERDICT_REFUSED;
    }
  if (http_status < 200 || http_status >= 300)
    {
      vt_api_set_http_error (error, http_status);
      return VT_KEY_VERDICT_NO_ANSWER;
    }

  object = body != NULL ? vt_api_load_object (body, parser, &local_error) : NULL;
  if (object == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, VT_ERROR, VT_ERROR_PROTOCOL,
                     _("MiniMax's answer is incomplete."));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VT_KEY_VERDICT_NO_ANSWER;
    }
  if (vt_api_parse_envelope (object, "0", result, &local_error))
    return VT_KEY_VERDICT_ACCEPTED;

  /* Only the key's own codes refuse it; an answer that could come before the key was
   * looked at says nothing either way. Any other complaint (no such task, no balance) is
   * about a request MiniMax took from this key. */
  if (g_error_matches (local_error, VT_ERROR, VT_ERROR_AUTH))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VT_KEY_VERDICT_REFUSED;
    }
  if (g_error_matches (local_error, VT_ERROR, VT_ERROR_RATE_LIMITED) ||
      g_error_matches (local_error, VT_ERROR, VT_ERROR_SERVER) ||
      g_error_matches (local_error, VT_ERROR, VT_ERROR_PROTOCOL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VT_KEY_VERDICT_NO_ANSWER;
    }
  return VT_KEY_VERDICT_ACCEPTED;
}

/**
 * vt_key_fingerprint:
 *
 * Returns: (transfer full): what stands for @api_key where the key itself must not be kept
 *   (settings): a salted SHA-256, which tells keys apart and gives none of them away
 */
char *
vt_key_fingerprint (const char *api_key)
{
  g_autofree char *salted = g_strconcat (APP_ID "\n", api_key, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
}

typedef struct
{
  GCancellable *cancellable;    /* ends the other hosts' requests once one accepts */
  GCancellable *caller;
  gulong        caller_id;
  guint         n_hosts;
  guint         n_pending;
  guint         n_refused;
  gboolean      returned;
  GError       *refusal;        /* the first refusal's reason */
  GError       *no_answer;      /* the first host that did not say */
} Check;

static void
check_free (Check *check)
{
  if (check->caller_id != 0)
    g_cancellable_disconnect (check->caller, check->caller_id);
  g_clear_object (&check->caller);
  g_clear_object (&check->cancellable);
  g_clear_error (&check->refusal);
  g_clear_error (&check->no_answer);
  g_free (check);
}

typedef struct
{
  GTask    *task;
  VtRegion  region;
  char     *host;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->task);
  g_free (probe->host);
  g_free (probe);
}

void
vt_key_check_free (VtKeyCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->host);
  g_clear_error (&check->error);
  g_free (check);
}

static void
finish_check (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  VtKeyCheck *result;

  if (check->returned || check->n_pending > 0)
    return;
  check->returned = TRUE;

  if (g_cancellable_is_cancelled (check->caller))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }

  result = g_new0 (VtKeyCheck, 1);
  if (check->n_refused == check->n_hosts && check->n_hosts > 1)
    {
      result->verdict = VT_KEY_VERDICT_REFUSED;
      result->error = g_error_new_literal (VT_ERROR, VT_ERROR_AUTH,
                                           _("Neither MiniMax region accepts this key."));
    }
  else if (check->n_refused == check->n_hosts)
    {
      result->verdict = VT_KEY_VERDICT_REFUSED;
      result->error = g_steal_pointer (&check->refusal);
    }
  else
    {
      result->verdict = VT_KEY_VERDICT_NO_ANSWER;
      result->error = g_steal_pointer (&check->no_answer);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) vt_key_check_free);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  Probe *probe = user_data;
  GTask *task = probe->task;
  Check *check = g_task_get_task_data (task);
  g_autoptr(VtQueryResult) info = vt_query_result_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  VtKeyVerdict verdict = VT_KEY_VERDICT_NO_ANSWER;

  body = vt_client_get_finish (VT_CLIENT (object), res, &info->http, &error);
  if (body != NULL)
    verdict = vt_key_check_judge (info->http.status, body, &error);
  check->n_pending--;

  if (check->returned || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (verdict == VT_KEY_VERDICT_ACCEPTED)
    {
      VtKeyCheck *result = g_new0 (VtKeyCheck, 1);

      g_debug ("%s accepts the key", probe->host);
      check->returned = TRUE;
      result->verdict = VT_KEY_VERDICT_ACCEPTED;
      result->region = probe->region;
      result->host = g_strdup (probe->host);
      g_cancellable_cancel (check->cancellable);
      g_task_return_pointer (task, result, (GDestroyNotify) vt_key_check_free);
    }
  else if (verdict == VT_KEY_VERDICT_REFUSED)
    {
      g_debug ("%s refuses the key: %s", probe->host, error->message);
      check->n_refused++;
      if (check->refusal == NULL)
        check->refusal = g_steal_pointer (&error);
    }
  else
    {
      g_debug ("%s did not say: %s", probe->host, error->message);
      if (check->no_answer == NULL)
        check->no_answer = g_steal_pointer (&error);
    }

  finish_check (task);
  probe_free (probe);
  g_object_unref (object);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *own)
{
  g_cancellable_cancel (own);
}

/**
 * vt_key_check_hosts_new:
 * @regions: (array length=n_regions): regions with hosts of their own
 *
 * Returns: (transfer full) (element-type VtKeyCheckHost): their hosts, to ask all at once
 */
GArray *
vt_key_check_hosts_new (const VtRegionInfo *regions,
                        guint               n_regions)
{
  GArray *hosts = g_array_sized_new (FALSE, FALSE, sizeof (VtKeyCheckHost), n_regions);

  for (guint i = 0; i < n_regions; i++)
    {
      VtKeyCheckHost host = { regions[i].region, regions[i].host };

      g_array_append_val (hosts, host);
    }
  return hosts;
}

/**
 * vt_key_check_async:
 * @hosts: (array length=n_hosts): the hosts to ask, all at once
 * @account: (nullable): the client of the account in use: a host of its, asked with its key,
 *   is asked through it, and so through the account's gate (its cap, and a wait MiniMax
 *   asked for)
 *
 * Asks each host whether it accepts @api_key. Finishes when one does, or when every host
 * has answered or failed to.
 */
void
vt_key_check_async (const char           *api_key,
                    const VtKeyCheckHost *hosts,
                    guint                 n_hosts,
                    VtClient             *account,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (api_key != NULL && *api_key != '\0');
  g_return_if_fail (n_hosts > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_key_check_async);
  check = g_new0 (Check, 1);
  check->cancellable = g_cancellable_new ();
  check->n_hosts = n_hosts;
  if (cancellable != NULL)
    {
      check->caller = g_object_ref (cancellable);
      check->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                g_object_ref (check->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  for (guint i = 0; i < n_hosts; i++)
    {
      VtClient *client;
      GError *error = NULL;
      Probe *probe;

      if (account != NULL && vt_client_is_account (account, hosts[i].host, api_key))
        {
          /* Held by a wait MiniMax asked for: no answer now, rather than a check that waits
           * as long (up to an hour) with the user looking at it. */
          if (vt_client_get_held_until (account) >
              vt_clock_get_monotonic (vt_client_get_clock (account)))
            {
              if (check->no_answer == NULL)
                check->no_answer = g_error_new_literal (VT_ERROR, VT_ERROR_RATE_LIMITED,
                                                        _("MiniMax asked to wait before the next "
                                                          "request. Try again later."));
              continue;
            }
          client = g_object_ref (account);
          goto ask;
        }
      client = vt_client_new ();
      if (!vt_client_set_host (client, hosts[i].host, &error))
        {
          if (check->no_answer == NULL)
            check->no_answer = error;
          else
            g_error_free (error);
          g_object_unref (client);
          continue;
        }
      vt_client_set_api_key (client, api_key);
      vt_client_set_timeout (client, KEY_CHECK_TIMEOUT);

    ask:
      probe = g_new0 (Probe, 1);
      probe->task = g_object_ref (task);
      probe->region = hosts[i].region;
      probe->host = g_strdup (hosts[i].host);
      check->n_pending++;
      vt_client_get_async (client, VT_API_KEY_CHECK_PATH, check->cancellable, probe_cb, probe);
    }

  finish_check (task);
}

/**
 * vt_key_check_finish:
 *
 * Returns: (transfer full): what the hosts said; %NULL only when cancelled
 */
VtKeyCheck *
vt_key_check_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vt_key_check_recall:
 * @settings: (nullable): where the last finding is kept
 * @region: (out): the region found for @api_key
 *
 * Returns: whether the region of @api_key was found before (and the key is the same)
 */
gboolean
vt_key_check_recall (GSettings  *settings,
                     const char *api_key,
                     VtRegion   *region)
{
  g_autofree char *kept = NULL;
  g_autofree char *fingerprint = NULL;

  if (settings == NULL || api_key == NULL)
    return FALSE;
  kept = g_settings_get_string (settings, "detected-key");
  fingerprint = vt_key_fingerprint (api_key);
  if (!g_str_equal (kept, fingerprint))
    return FALSE;
  *region = g_settings_get_enum (settings, "detected-region");
  return *region == VT_REGION_CHINA || *region == VT_REGION_INTERNATIONAL;
}

/**
 * vt_key_check_remember:
 *
 * Keeps that @api_key belongs to @region, by the key's fingerprint (never the key).
 */
void
vt_key_check_remember (GSettings  *settings,
                       const char *api_key,
                       VtRegion    region)
{
  g_autofree char *fingerprint = NULL;

  if (settings == NULL)
    return;
  fingerprint = vt_key_fingerprint (api_key);
  g_settings_set_enum (settings, "detected-region", region);
  g_settings_set_string (settings, "detected-key", fingerprint);
}
