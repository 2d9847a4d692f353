/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-price"

/*
 * New Video's estimate ("≈ $0.56"), from the table in data/prices.json: what MiniMax
 * publishes, per region, with when it was checked. Hailuo is priced per video (model,
 * resolution, duration), MiniMax-H3 per second of video plus pictures past the free ones,
 * Video Agent templates per video (historical prices only). Where the table says nothing,
 * there is no estimate: never a guess.
 */

#include "config.h"

#include <string.h>

#include "vt-price.h"

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

/* A price: a number, not negative, not absurd. */
static gboolean
number_member (JsonObject *object,
               const char *name,
               double     *value)
{
  JsonNode *node = object != NULL && name != NULL ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else
    return FALSE;
  return *value >= 0 && *value < 1e6;
}

static guint
n_images (const VtCreateRequest *request)
{
  return (request->first_frame != NULL) + (request->last_frame != NULL) + (request->subject != NULL) +
         (request->references != NULL ? request->references->len : 0);
}

/**
 * vt_price_estimate:
 * @table: (nullable): the root object of data/prices.json
 * @region: "global" or "cn"
 * @price: (out caller-allocates): the estimate; free its members with vt_price_clear()
 *
 * Returns: %TRUE if the table prices @request
 */
gboolean
vt_price_estimate (JsonObject            *table,
                   const char            *region,
                   const VtCreateRequest *request,
                   VtPrice               *price)
{
  JsonObject *prices = object_member (table, region);
  const char *currency = string_member (prices, "currency");
  const char *as_of = string_member (prices, "as_of");
  const char *model;
  const char *resolution;
  int duration;
  double amount = 0;

  g_return_val_if_fail (request != NULL && price != NULL, FALSE);

  memset (price, 0, sizeof *price);
  if (currency == NULL)
    return FALSE;
  model = vt_create_request_get_model (request);
  resolution = request->resolution != NULL ? request->resolution : vt_create_default_resolution (model);
  duration = request->duration != 0 ? request->duration : vt_create_default_duration (model);

  switch (request->kind)
    {
    case VT_TASK_KIND_VIDEO:
      {
        g_autofree char *key = g_strdup_printf ("%s/%d", resolution != NULL ? resolution : "", duration);

        if (!number_member (object_member (object_member (prices, "per_video"), model), key, &amount))
          return FALSE;
      }
      break;
    case VT_TASK_KIND_H3:
      {
        JsonObject *images = object_member (object_member (prices, "images"), model);
        double per_second, n_free = 0, each = 0;

        if (duration <= 0 ||
            !number_member (object_member (object_member (prices, "per_second"), model), resolution, &per_second))
          return FALSE;
        amount = per_second * duration;
        if (number_member (images, "free", &n_free) && number_member (images, "each", &each) && n_images (request) > n_free)
          amount += (n_images (request) - n_free) * each;
      }
      break;
    case VT_TASK_KIND_AGENT:
      if (!number_member (object_member (prices, "templates"), request->template_id, &amount))
        return FALSE;
      as_of = string_member (prices, "templates_as_of");
      break;
    case VT_TASK_KIND_UNKNOWN:
    default:
      return FALSE;
    }

  price->amount = amount;
  price->currency = g_strdup (currency);
  price->as_of = g_strdup (as_of);
  return TRUE;
}

void
vt_price_clear (VtPrice *price)
{
  g_clear_pointer (&price->currency, g_free);
  g_clear_pointer (&price->as_of, g_free);
}

/* "≈ $0.56", "≈ ¥4.00", or "≈ 0.56 EUR" for a currency without a sign here. */
char *
vt_price_format (const VtPrice *price)
{
  g_autofree char *amount = g_strdup_printf ("%.2f", price->amount);

  if (g_strcmp0 (price->currency, "USD") == 0)
    return g_strdup_printf ("≈ $%s", amount);
  if (g_strcmp0 (price->currency, "CNY") == 0)
    return g_strdup_printf ("≈ ¥%s", amount);
  return g_strdup_printf ("≈ %s %s", amount, price->currency);
}
