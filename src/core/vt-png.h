/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes     *vt_png_encode_rgba (const guint8       *pixels,
                                guint               width,
                                guint               height,
                                gsize               stride,
                                const char * const *keys,
                                const char * const *values);
GHashTable *vt_png_read_text   (const guint8       *data,
                                gsize               length);
GBytes     *vt_png_retag       (const guint8       *data,
                                gsize               length,
                                const char * const *keys,
                                const char * const *values);

G_END_DECLS
