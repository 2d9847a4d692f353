/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

int vt_check_key_command_run (gboolean  json,
                              FILE     *out,
                              FILE     *err);

G_END_DECLS
