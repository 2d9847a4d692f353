/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-account.h"
#include "vt-auto-download.h"
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
VtAccount     *vt_application_get_account     (VtApplication *self);

G_END_DECLS
