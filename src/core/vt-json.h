/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than anything MiniMax or the task list uses (3), shallow enough for any stack. */
#define VT_JSON_MAX_DEPTH 32

gboolean vt_json_is_one_value (const char *data,
                               gsize       length,
                               guint       max_depth);
gboolean vt_json_load         (JsonParser *parser,
                               const char *data,
                               gsize       length,
                               GError    **error);

G_END_DECLS
