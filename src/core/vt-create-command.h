/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "vt-create.h"

G_BEGIN_DECLS

int vt_create_command_run (const VtCreateRequest  *request,
                           gboolean                json,
                           FILE                   *out,
                           FILE                   *err,
                           char                  **task_id);

const char      *vt_create_options_misused      (GVariantDict           *options);
VtCreateRequest *vt_create_request_from_options (GVariantDict           *options,
                                                 VtTaskKind              kind,
                                                 GError                **error);
void             vt_create_join_list            (const char             *app_id,
                                                 GFile                  *tasks_file,
                                                 const char             *task_id,
                                                 const VtCreateRequest  *request,
                                                 FILE                   *err);

G_END_DECLS
