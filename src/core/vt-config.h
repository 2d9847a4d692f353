/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"

G_BEGIN_DECLS

#define VT_HOST_CHINA         "https://api.minimaxi.com"
#define VT_HOST_INTERNATIONAL "https://api.minimax.io"

typedef enum
{
  VT_REGION_CHINA,
  VT_REGION_INTERNATIONAL,
  VT_REGION_CUSTOM,
} VtRegion;

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
gboolean   vt_config_api_key_from_environment (void);
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
VtKeyState vt_config_setup_client_finish   (GAsyncResult         *result,
                                            gboolean             *host_from_environment,
                                            GError              **error);

G_END_DECLS
