/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"
#include "vt-config.h"

G_BEGIN_DECLS

#define VT_TYPE_ACCOUNT (vt_account_get_type ())

G_DECLARE_FINAL_TYPE (VtAccount, vt_account, VT, ACCOUNT, GObject)

VtAccount  *vt_account_new                      (VtClient   *client,
                                                 GSettings  *settings);
VtClient   *vt_account_get_client               (VtAccount  *self);
GSettings  *vt_account_get_settings             (VtAccount  *self);
VtKeyState  vt_account_get_key_state            (VtAccount  *self);
const char *vt_account_get_message              (VtAccount  *self);
const GError *vt_account_get_error              (VtAccount  *self);
gboolean    vt_account_get_key_from_environment (VtAccount  *self);
gboolean    vt_account_get_host_from_environment (VtAccount *self);
gboolean    vt_account_get_key_unsaved          (VtAccount  *self);
VtRegion    vt_account_get_region               (VtAccount  *self);
void        vt_account_reload                   (VtAccount  *self);
VtKeyState  vt_account_load                     (VtAccount     *self,
                                                 GMainContext  *context,
                                                 GError       **error);
void        vt_account_use_unsaved_key          (VtAccount  *self,
                                                 const char *host,
                                                 const char *api_key);

G_END_DECLS
