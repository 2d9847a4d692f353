/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-client.h"
#include "vt-config.h"
#include "vt-download-manager.h"
#include "vt-launcher.h"
#include "vt-poller.h"
#include "vt-task-store.h"

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())

G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, AdwApplication)

VtApplication *vt_application_new             (void);
VtApplication *vt_application_new_with        (GFile         *tasks_file,
                                               VtLauncher    *launcher);
GSettings     *vt_application_get_settings    (VtApplication *self);
VtTaskStore   *vt_application_get_store       (VtApplication *self);
VtPoller      *vt_application_get_poller      (VtApplication *self);
VtDownloadManager *vt_application_get_downloads (VtApplication *self);
VtLauncher    *vt_application_get_launcher    (VtApplication *self);
char          *vt_application_take_startup_message (VtApplication *self);
GFile         *vt_application_dup_download_folder (VtApplication *self);
VtKeyState     vt_application_get_key_state   (VtApplication *self);
const char    *vt_application_get_key_message (VtApplication *self);
gboolean       vt_application_get_host_from_environment (VtApplication *self);
void           vt_application_reload_credentials (VtApplication *self);
void           vt_application_use_unsaved_key (VtApplication *self,
                                               const char    *host,
                                               const char    *api_key);
gboolean       vt_application_get_key_unsaved (VtApplication *self);

G_END_DECLS
