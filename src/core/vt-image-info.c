/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-image-info"

/*
 * The type and size of an image from its bytes, never from its name: what MiniMax is told
 * (a data URL's MIME type) and what its rules are checked against (CREATE-API.md §2.3,
 * §3.3). Only the headers are read, from untrusted files: every read is bounds-checked, each
 * loop moves forward, and the boxes of a HEIC file are followed to a fixed depth, so the
 * cost is linear in the bytes looked at and never more than the file.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "vt-image-info.h"

#define MAX_SIDE 1000000   /* larger than any real image; a header saying more is not believed */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
}

static guint32
le32 (const guint8 *p)
{
  return le24 (p) | ((guint32) p[3] << 24);
}

static void
set_size (VtImageInfo *info,
          guint64      width,
          guint64      height)
{
  if (width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE)
    {
      info->width = (int) width;
      info->height = (int) height;
    }
}

static gboolean
read_png (const guint8 *data,
          gsize         length,
          VtImageInfo  *info)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (length < sizeof signature || memcmp (data, signature, sizeof signature) != 0)
    return FALSE;
  info->mime_type = "image/png";
  if (length >= 24 && memcmp (data + 12, "IHDR", 4) == 0)
    set_size (info, be32 (data + 16), be32 (data + 20));
  return TRUE;
}

/* A JPEG's frame header (SOFn) gives its size; the markers before it are skipped by their
 * lengths, up to the first scan. */
static gboolean
read_jpeg (const guint8 *data,
           gsize         length,
           VtImageInfo  *info)
{
  gsize at = 2;

  if (length < 3 || data[0] != 0xff || data[1] != 0xd8 || data[2] != 0xff)
    return FALSE;
  info->mime_type = "image/jpeg";

  while (at + 4 <= length)
    {
      guint8 marker;
      guint16 segment;

      if (data[at] != 0xff)
        return TRUE;
      marker = data[at + 1];
      if (marker == 0xff)
        {
          at++;   /* fill byte */
          continue;
        }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          at += 2;   /* no length */
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        return TRUE;   /* the scan, or the end: no frame header before it */
      segment = be16 (data + at + 2);
      if (segment < 2)
        return TRUE;
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (at + 9 <= length)
            set_size (info, be16 (data + at + 7), be16 (data + at + 5));
          return TRUE;
        }
      at += 2 + (gsize) segment;
    }
  return TRUE;
}

/* RIFF….WEBP with one of its three first chunks: lossy (VP8), lossless (VP8L) or extended
 * (VP8X, whose canvas is the image's size). */
static gboolean
read_webp (const guint8 *data,
           gsize         length,
           VtImageInfo  *info)
{
  if (length < 16 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    return FALSE;
  info->mime_type = "image/webp";

  if (memcmp (data + 12, "VP8 ", 4) == 0 && length >= 30 &&
      data[23] == 0x9d && data[24] == 0x01 && data[25] == 0x2a)
    set_size (info, le16 (data + 26) & 0x3fff, le16 (data + 28) & 0x3fff);
  else if (memcmp (data + 12, "VP8L", 4) == 0 && length >= 25 && data[20] == 0x2f)
    {
      guint32 bits = le32 (data + 21);

      set_size (info, (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
  else if (memcmp (data + 12, "VP8X", 4) == 0 && length >= 30)
    set_size (info, (guint64) le24 (data + 24) + 1, (guint64) le24 (data + 27) + 1);
  return TRUE;
}

/* One ISO base media box inside [start, end): its type and where its contents are. */
typedef struct
{
  char  type[5];
  gsize contents;
  gsize end;
} Box;

static gboolean
next_box (const guint8 *data,
          gsize         at,
          gsize         end,
          Box          *box)
{
  guint64 size;
  gsize header = 8;

  if (at + 8 > end)
    return FALSE;
  size = be32 (data + at);
  memcpy (box->type, data + at + 4, 4);
  box->type[4] = '\0';
  if (size == 1)
    {
      if (at + 16 > end)
        return FALSE;
      size = ((guint64) be32 (data + at + 8) << 32) | be32 (data + at + 12);
      header = 16;
    }
  else if (size == 0)
    size = end - at;   /* to the end of what holds it */
  if (size < header || size > end - at)
    return FALSE;
  box->contents = at + header;
  box->end = at + (gsize) size;
  return TRUE;
}

/* The first box of @type directly inside [at, end). */
static gboolean
find_box (const guint8 *data,
          gsize         at,
          gsize         end,
          const char   *type,
          Box          *found)
{
  Box box;

  while (next_box (data, at, end, &box))
    {
      if (strcmp (box.type, type) == 0)
        {
          *found = box;
          return TRUE;
        }
      at = box.end;
    }
  return FALSE;
}

/* HEIC and HEIF (H3 takes them): ftyp names an HEIF brand; the size is the largest image
 * spatial extent (ispe) among the item properties (meta/iprp/ipco), the full picture rather
 * than a tile or the thumbnail. */
static gboolean
read_heif (const guint8 *data,
           gsize         length,
           VtImageInfo  *info)
{
  static const char *brands[] = { "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" };
  Box ftyp, meta, iprp, ipco, box;
  gboolean heif = FALSE;
  guint64 best = 0;
  gsize at;

  if (!next_box (data, 0, length, &ftyp) || strcmp (ftyp.type, "ftyp") != 0 || ftyp.end - ftyp.contents < 8)
    return FALSE;
  /* The major brand, then the compatible ones after the minor version. */
  for (at = ftyp.contents; at + 4 <= ftyp.end && !heif; at += (at == ftyp.contents ? 8 : 4))
    for (guint i = 0; i < G_N_ELEMENTS (brands) && !heif; i++)
      heif = memcmp (data + at, brands[i], 4) == 0;
  if (!heif)
    return FALSE;
  info->mime_type = "image/heic";

  if (!find_box (data, ftyp.end, length, "meta", &meta) || meta.end - meta.contents < 4 ||
      !find_box (data, meta.contents + 4, meta.end, "iprp", &iprp) ||
      !find_box (data, iprp.contents, iprp.end, "ipco", &ipco))
    return TRUE;
  for (at = ipco.contents; next_box (data, at, ipco.end, &box); at = box.end)
    if (strcmp (box.type, "ispe") == 0 && box.end - box.contents >= 12)
      {
        guint32 width = be32 (data + box.contents + 4);
        guint32 height = be32 (data + box.contents + 8);

        if ((guint64) width * height > best)
          {
            best = (guint64) width * height;
            set_size (info, width, height);
          }
      }
  return TRUE;
}

/**
 * vt_image_info_read:
 * @data: the file's first bytes (the whole file, or at least its headers)
 *
 * Returns: %TRUE when @data is a JPEG, PNG, WebP or HEIC/HEIF image (its size may still be
 *   unknown, 0); %FALSE for anything else
 */
gboolean
vt_image_info_read (const guint8 *data,
                    gsize         length,
                    VtImageInfo  *info)
{
  memset (info, 0, sizeof *info);
  if (data == NULL)
    return FALSE;
  return read_png (data, length, info) || read_jpeg (data, length, info) ||
         read_webp (data, length, info) || read_heif (data, length, info);
}

/**
 * vt_image_write_temporary:
 * @bytes: an image, pasted
 * @name_template: as for g_file_open_tmp(), such as "video-tasks-paste-XXXXXX.png"
 * @error: return location for an error
 *
 * Writes a pasted image to a new file in the temporary folder, so that it can be checked
 * and sent like one chosen from the disk. Blocks: for a worker thread.
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
GFile *
vt_image_write_temporary (GBytes      *bytes,
                          const char  *name_template,
                          GError     **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp (name_template, &path, error);

  if (fd < 0)
    return NULL;
  g_close (fd, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    {
      g_unlink (path);
      return NULL;
    }

  return g_file_new_for_path (path);
}
