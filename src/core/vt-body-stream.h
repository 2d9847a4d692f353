/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_TYPE_BODY_STREAM (vt_body_stream_get_type ())

G_DECLARE_FINAL_TYPE (VtBodyStream, vt_body_stream, VT, BODY_STREAM, GInputStream)

GInputStream *vt_body_stream_new (GBytes *bytes);

G_END_DECLS
