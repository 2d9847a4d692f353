/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-api.h"

G_BEGIN_DECLS

/* Shared by the parsers of each kind's answers (vt-api.c, vt-api-video.c). */
void        vt_api_protocol_error  (GError        **error,
                                    char           *what);
gboolean    vt_api_bad_field       (const char     *field,
                                    GError        **error);
gboolean    vt_api_get_string      (JsonObject     *object,
                                    const char     *name,
                                    const char    **out);
JsonObject *vt_api_load_object     (GBytes         *body,
                                    JsonParser     *parser,
                                    GError        **error);
gboolean    vt_api_parse_envelope  (JsonObject     *object,
                                    const char     *expected_task_id,
                                    VtQueryResult  *result,
                                    GError        **error);
gboolean    vt_api_read_status     (JsonObject     *object,
                                    VtTaskKind      kind,
                                    VtQueryResult  *result,
                                    GError        **error);
gboolean    vt_api_take_link       (const char     *url,
                                    VtQueryResult  *result,
                                    GError        **error);

G_END_DECLS
