/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-config.h"

G_BEGIN_DECLS

/* What one host said of a key. */
typedef enum
{
  VT_KEY_VERDICT_ACCEPTED,
  VT_KEY_VERDICT_REFUSED,
  VT_KEY_VERDICT_NO_ANSWER,   /* unreachable, busy, or an answer that says nothing of the key */
} VtKeyVerdict;

/* A host to ask, and the region it stands for. */
typedef struct
{
  VtRegion    region;
  const char *host;
} VtKeyCheckHost;

/* What asking every host found. */
typedef struct
{
  VtKeyVerdict verdict;
  VtRegion     region;       /* the accepting host's, when accepted */
  char        *host;         /* the accepting host, when accepted */
  GError      *error;        /* why not, translated, when not accepted */
} VtKeyCheck;

VtKeyVerdict vt_key_check_judge       (guint                 http_status,
                                       GBytes               *body,
                                       GError              **error);
char        *vt_key_fingerprint       (const char           *api_key);
GArray      *vt_key_check_hosts_new   (const VtRegionInfo   *regions,
                                       guint                 n_regions);
void         vt_key_check_async       (const char           *api_key,
                                       const VtKeyCheckHost *hosts,
                                       guint                 n_hosts,
                                       VtClient             *account,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
VtKeyCheck  *vt_key_check_finish      (GAsyncResult         *result,
                                       GError              **error);
void         vt_key_check_free        (VtKeyCheck           *check);
gboolean     vt_key_check_recall      (GSettings            *settings,
                                       const char           *api_key,
                                       VtRegion             *region);
void         vt_key_check_remember    (GSettings            *settings,
                                       const char           *api_key,
                                       VtRegion              region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKeyCheck, vt_key_check_free)

G_END_DECLS
