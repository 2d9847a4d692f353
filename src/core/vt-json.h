/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than anything MiniMax or the task list uses (3), shallow enough for any stack. */
#define VT_JSON_MAX_DEPTH 32

gboolean vt_json_is_one_value (const char *data,
                               gsize       length,
                               guint       max_depth);

G_END_DECLS
