/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-create.h"

G_BEGIN_DECLS

/* An estimate of what a video costs, from the price table (data/prices.json). */
typedef struct
{
  double  amount;
  char   *currency;   /* ISO 4217: USD, CNY */
  char   *as_of;      /* when the table's prices were checked ("2026-10"), or "historical" */
} VtPrice;

gboolean  vt_price_estimate (JsonObject            *table,
                             const char            *region,
                             const VtCreateRequest *request,
                             VtPrice               *price);
void      vt_price_clear    (VtPrice               *price);
char     *vt_price_format   (const VtPrice         *price);

G_END_DECLS
