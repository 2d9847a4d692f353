/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "vt-task.h"

G_BEGIN_DECLS

#define VT_EXIT_OK      0
#define VT_EXIT_FAILED  1
#define VT_EXIT_USAGE   2

int vt_status_command_run (const char * const *task_ids,
                           VtTaskKind          kind,
                           gboolean            json,
                           FILE               *out,
                           FILE               *err);

G_END_DECLS
