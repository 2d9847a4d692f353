/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"

G_BEGIN_DECLS

typedef enum
{
  VT_REGION_CHINA,
  VT_REGION_INTERNATIONAL,
  VT_REGION_CUSTOM,
  VT_REGION_AUTOMATIC,      /* whichever of the two regions accepts the key */
} VtRegion;

/* A MiniMax region, as data (vt-config.c keeps the table). */
typedef struct
{
  VtRegion    region;
  const char *id;           /* "china", "international": as --check-key prints it */
  const char *host;         /* the API host, for every endpoint the app uses */
  const char *key_page;     /* where its keys are made */
  const char *currency;     /* what its balance is in, as a sign */
} VtRegionInfo;

/* Whether there is a key to check tasks with. */
typedef enum
{
  VT_KEY_STATE_LOOKING_UP,
  VT_KEY_STATE_PRESENT,
  VT_KEY_STATE_MISSING,
  VT_KEY_STATE_ERROR,       /* the keyring failed, or the host is not usable */
} VtKeyState;

GSettings *vt_config_new_settings          (void);
char      *vt_config_resolve_host          (GSettings            *settings,
                                            gboolean             *from_environment,
                                            GError              **error);
char      *vt_config_host_for_region       (VtRegion              region,
                                            const char           *custom_host,
                                            GError              **error);
const char *vt_config_key_page_for_region  (VtRegion              region);
const VtRegionInfo *vt_config_get_region   (VtRegion              region);
const VtRegionInfo *vt_config_get_regions  (guint                *n_regions);
const char *vt_config_region_id            (VtRegion              region);
VtRegion   vt_config_region_of_host        (const char           *host);
gboolean   vt_config_api_key_from_environment (void);
VtRegion   vt_config_detected_region       (GSettings            *settings);
gboolean   vt_config_is_automatic          (GSettings            *settings);
void       vt_config_lookup_api_key_async  (const char           *host,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char      *vt_config_lookup_api_key_finish (GAsyncResult         *result,
                                            GError              **error);
void       vt_config_setup_client_async    (VtClient             *client,
                                            GSettings            *settings,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void       vt_config_setup_client_with_regions_async (VtClient   *client,
                                            GSettings            *settings,
                                            const VtRegionInfo   *regions,
                                            guint                 n_regions,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
VtKeyState vt_config_setup_client_finish   (GAsyncResult         *result,
                                            gboolean             *host_from_environment,
                                            GError              **error);

G_END_DECLS
