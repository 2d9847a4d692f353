/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-balance"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api-private.h"
#include "vt-balance.h"
#include "vt-error.h"
#include "vt-secret.h"

/*
 * What the account has left. Neither endpoint is documented (CREATE-API.md §5): MiniMax's
 * own CLI asks /account/query_balance for pay-as-you-go keys (they begin "sk-api-") and
 * /v1/token_plan/remains for the others. Both are read strictly, and whatever does not
 * match what is known of them is no balance at all: the caller shows nothing.
 */

#define MAX_MODELS 64   /* model_remains entries read; more is not an answer we know */

void
vt_balance_free (VtBalance *balance)
{
  if (balance == NULL)
    return;
  g_free (balance->available);
  g_free (balance);
}

/* "12.5", "0", "1234.000000": digits, at most one point, nothing else; a sign only for
 * owing. */
static gboolean
is_decimal (const char *text)
{
  gsize digits = 0;
  gsize decimals = 0;
  gboolean point = FALSE;
  const char *p = text;

  if (*p == '-')
    p++;
  for (; *p != '\0'; p++)
    {
      if (*p == '.' && !point && digits > 0)
        point = TRUE;
      else if (g_ascii_isdigit (*p) && !point && ++digits <= 15)
        ;
      else if (g_ascii_isdigit (*p) && point && ++decimals <= 8)
        ;
      else
        return FALSE;
    }
  return digits > 0 && (!point || decimals > 0);
}

static JsonObject *
load_answer (GBytes      *body,
             JsonParser  *parser,
             GError     **error)
{
  g_autoptr(VtQueryResult) envelope = vt_query_result_new ();
  JsonObject *object = vt_api_load_object (body, parser, error);

  if (object == NULL || !vt_api_parse_envelope (object, "", envelope, error))
    return NULL;
  return object;
}

/**
 * vt_balance_parse_money:
 *
 * /account/query_balance: available_amount, a decimal string.
 */
gboolean
vt_balance_parse_money (GBytes     *body,
                        VtBalance  *balance,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = load_answer (body, parser, error);
  const char *available;

  if (object == NULL)
    return FALSE;
  if (!vt_api_get_string (object, "available_amount", &available) || available == NULL ||
      !is_decimal (available))
    return vt_api_bad_field ("available_amount", error);

  balance->kind = VT_BALANCE_MONEY;
  balance->available = g_strdup (available);
  return TRUE;
}

static gboolean
get_count (JsonObject *object,
           const char *name,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0 && *out <= G_MAXINT32;
}

/* Hailuo's models, and whatever else names itself a video model. */
static gboolean
is_video_model (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return strstr (folded, "hailuo") != NULL || strstr (folded, "video") != NULL;
}

/**
 * vt_balance_parse_videos:
 *
 * /v1/token_plan/remains: model_remains[], each with model_name and the counts of the current
 * period. The video models' are added up, read as total and used (left is what remains);
 * MiniMax's CLI reports these counts have been wrong at times (its issues #92, #173).
 */
gboolean
vt_balance_parse_videos (GBytes     *body,
                         VtBalance  *balance,
                         GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = load_answer (body, parser, error);
  JsonNode *models_node;
  JsonArray *models;
  gint64 total = 0;
  gint64 used = 0;
  guint n_video = 0;

  if (object == NULL)
    return FALSE;
  models_node = json_object_get_member (object, "model_remains");
  if (models_node == NULL || !JSON_NODE_HOLDS_ARRAY (models_node))
    return vt_api_bad_field ("model_remains", error);
  models = json_node_get_array (models_node);
  if (json_array_get_length (models) > MAX_MODELS)
    return vt_api_bad_field ("model_remains", error);

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonNode *node = json_array_get_element (models, i);
      JsonObject *model;
      const char *name;
      gint64 model_total, model_used;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return vt_api_bad_field ("model_remains", error);
      model = json_node_get_object (node);
      if (!vt_api_get_string (model, "model_name", &name) || name == NULL)
        return vt_api_bad_field ("model_remains.model_name", error);
      if (!is_video_model (name))
        continue;
      if (!get_count (model, "current_interval_total_count", &model_total) ||
          !get_count (model, "current_interval_usage_count", &model_used))
        return vt_api_bad_field ("model_remains.current_interval_total_count", error);
      total += model_total;
      used += MIN (model_used, model_total);
      n_video++;
    }
  if (n_video == 0)
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer names no video quota.")));
      return FALSE;
    }

  balance->kind = VT_BALANCE_VIDEOS;
  balance->videos_total = total;
  balance->videos_left = total - used;
  return TRUE;
}

typedef struct
{
  guint    step;          /* 0: the endpoint for the key's kind; 1: the other one */
  gboolean money_first;
} Fetch;

static void fetch_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
ask (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  gboolean money = fetch->money_first == (fetch->step == 0);

  vt_client_get_async (g_task_get_source_object (task),
                       money ? VT_API_BALANCE_PATH : VT_API_TOKEN_PLAN_PATH,
                       g_task_get_cancellable (task), fetch_cb, task);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(VtQueryResult) info = vt_query_result_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBalance) balance = g_new0 (VtBalance, 1);
  gboolean money = fetch->money_first == (fetch->step == 0);
  gboolean ok = FALSE;

  body = vt_client_get_finish (VT_CLIENT (object), result, &info->http, &error);
  if (body != NULL && info->http.status >= 200 && info->http.status < 300)
    ok = money ? vt_balance_parse_money (body, balance, &error)
               : vt_balance_parse_videos (body, balance, &error);

  if (ok)
    g_task_return_pointer (task, g_steal_pointer (&balance), (GDestroyNotify) vt_balance_free);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || ++fetch->step > 1)
    {
      g_debug ("No balance: %s", error != NULL ? error->message : "HTTP error");
      g_task_return_pointer (task, NULL, NULL);
    }
  else
    {
      ask (task);
      return;
    }
  g_object_unref (task);
}

/**
 * vt_balance_fetch_async:
 *
 * Asks what the account of @client's key has left: the endpoint for the key's kind first,
 * then the other. Finishes with no balance, and no error, when neither answers as known.
 */
void
vt_balance_fetch_async (VtClient            *client,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);
  char *api_key = vt_client_dup_api_key (client);

  g_task_set_source_tag (task, vt_balance_fetch_async);
  fetch->money_first = api_key == NULL || g_str_has_prefix (api_key, "sk-api-");
  vt_secret_free (api_key);
  g_task_set_task_data (task, fetch, g_free);
  ask (task);
}

/* Returns: (transfer full) (nullable): the balance, or %NULL when none could be had */
VtBalance *
vt_balance_fetch_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vt_balance_fetch_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/**
 * vt_balance_describe:
 * @currency: (nullable): "$" or "¥", by the region; %NULL when unknown (a custom host)
 *
 * Returns: (transfer full): "Available balance: $12.50", "12 of 20 videos left this period"
 */
char *
vt_balance_describe (const VtBalance *balance,
                     const char      *currency)
{
  if (balance->kind == VT_BALANCE_MONEY)
    /* Translators: the first %s is a currency sign ($, ¥) or nothing, the second an amount */
    return g_strdup_printf (_("Available balance: %s%s"), currency != NULL ? currency : "",
                            balance->available);
  /* Translators: a Token Plan's video quota: "12 of 20 videos left this period" */
  return g_strdup_printf (ngettext ("%d of %d video left this period",
                                    "%d of %d videos left this period",
                                    (gulong) MIN (balance->videos_total, G_MAXINT)),
                          (int) MIN (balance->videos_left, G_MAXINT),
                          (int) MIN (balance->videos_total, G_MAXINT));
}
