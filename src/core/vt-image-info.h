/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What an image file is, from its first bytes: the type MiniMax is told, and its size in
 * pixels. */
typedef struct
{
  const char *mime_type;  /* image/jpeg, image/png, image/webp or image/heic; NULL: none of these */
  int         width;      /* 0 when the header does not say */
  int         height;
} VtImageInfo;

gboolean vt_image_info_read (const guint8 *data,
                             gsize         length,
                             VtImageInfo  *info);
GFile   *vt_image_write_temporary (GBytes       *bytes,
                                   const char   *name_template,
                                   GError      **error);

G_END_DECLS
