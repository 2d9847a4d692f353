/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-png"

/*
 * Just enough PNG for the freedesktop thumbnail cache, without GTK: writing an 8-bit RGBA
 * image with tEXt chunks (Thumb::URI, Thumb::MTime…), compressed by GIO's zlib, and reading
 * a cached thumbnail's tEXt chunks back to check it still stands for its file. The reader
 * takes bytes from disk that anything could have written: it walks the chunks once, checks
 * every length against what is left, stops at the image data, and keeps at most a few short
 * entries.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vt-png.h"

#define MAX_TEXT_CHUNKS 32
#define MAX_TEXT_LENGTH 4096

static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  static guint32 table[256];
  static gsize table_made = 0;

  if (g_once_init_enter (&table_made))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_made, 1);
    }

  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
append_u32 (GByteArray *array,
            guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (array, bytes, 4);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = 0xffffffffu;

  append_u32 (png, (guint32) length);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (png, data, (guint) length);
  crc = crc32_update (crc, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, length);
  append_u32 (png, crc ^ 0xffffffffu);
}

static void
append_text_chunk (GByteArray *png,
                   const char *key,
                   const char *value)
{
  g_autoptr(GByteArray) text = g_byte_array_new ();

  g_byte_array_append (text, (const guint8 *) key, (guint) strlen (key) + 1);
  g_byte_array_append (text, (const guint8 *) value, (guint) strlen (value));
  append_chunk (png, "tEXt", text->data, text->len);
}

static GBytes *
deflate (const guint8 *data,
         gsize         length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize read_total = 0;

  for (;;)
    {
      guint8 buffer[16384];
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor), data + read_total, length - read_total,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, NULL);
      read_total += bytes_read;
      g_byte_array_append (out, buffer, (guint) bytes_written);
      if (result == G_CONVERTER_FINISHED)
        break;
      g_return_val_if_fail (result != G_CONVERTER_ERROR, NULL);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * vt_png_encode_rgba:
 * @pixels: 8-bit RGBA, not premultiplied, @stride bytes a row
 * @keys: (nullable): tEXt keys (Latin-1 words, 1–79 bytes), %NULL-terminated
 * @values: values for @keys, in order
 *
 * Returns: the PNG file's bytes
 */
GBytes *
vt_png_encode_rgba (const guint8       *pixels,
                    guint               width,
                    guint               height,
                    gsize               stride,
                    const char * const *keys,
                    const char * const *values)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_sized_new ((guint) ((width * 4 + 1) * height));
  g_autoptr(GBytes) compressed = NULL;
  guint8 header[13];

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0 && stride >= width * 4, NULL);
  g_return_val_if_fail (width <= 8192 && height <= 8192, NULL);

  g_byte_array_append (png, signature, sizeof signature);
  header[0] = width >> 24; header[1] = (width >> 16) & 0xff; header[2] = (width >> 8) & 0xff; header[3] = width & 0xff;
  header[4] = height >> 24; header[5] = (height >> 16) & 0xff; header[6] = (height >> 8) & 0xff; header[7] = height & 0xff;
  header[8] = 8;   /* bits a channel */
  header[9] = 6;   /* RGBA */
  header[10] = header[11] = header[12] = 0;
  append_chunk (png, "IHDR", header, sizeof header);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_return_val_if_fail (*keys[i] != '\0' && strlen (keys[i]) < 80, NULL);
      append_text_chunk (png, keys[i], values[i]);
    }

  /* Filter type 0 (none) on every row: thumbnails are small, and zlib does the rest. */
  for (guint y = 0; y < height; y++)
    {
      const guint8 none = 0;

      g_byte_array_append (raw, &none, 1);
      g_byte_array_append (raw, pixels + y * stride, width * 4);
    }
  compressed = deflate (raw->data, raw->len);
  append_chunk (png, "IDAT", g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
  append_chunk (png, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static guint32
read_u32 (const guint8 *data)
{
  return ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
}

/**
 * vt_png_read_text:
 *
 * The tEXt entries before the image data of a PNG file's bytes, checked against their CRC.
 * Values that are not UTF-8 are left out (the keys this app reads are ASCII or URIs).
 *
 * Returns: (transfer full) (nullable): key → value, or %NULL if @data is not a PNG file
 */
GHashTable *
vt_png_read_text (const guint8 *data,
                  gsize         length)
{
  g_autoptr(GHashTable) text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize offset = sizeof signature;
  guint n_text = 0;

  if (data == NULL || length < sizeof signature + 12 || memcmp (data, signature, sizeof signature) != 0)
    return NULL;

  while (length - offset >= 12)
    {
      guint32 chunk_length = read_u32 (data + offset);
      const guint8 *type = data + offset + 4;
      const guint8 *body = data + offset + 8;
      const char *separator;

      if (chunk_length > length - offset - 12)
        return NULL;
      if (memcmp (type, "IDAT", 4) == 0 || memcmp (type, "IEND", 4) == 0)
        return g_steal_pointer (&text);
      if (memcmp (type, "tEXt", 4) == 0 && chunk_length <= MAX_TEXT_LENGTH && n_text < MAX_TEXT_CHUNKS)
        {
          guint32 crc = crc32_update (0xffffffffu, type, 4 + (gsize) chunk_length) ^ 0xffffffffu;

          n_text++;
          separator = memchr (body, '\0', chunk_length);
          if (crc == read_u32 (body + chunk_length) && separator != NULL && separator != (const char *) body)
            {
              gsize key_length = separator - (const char *) body;
              gsize value_length = chunk_length - key_length - 1;

              if (g_utf8_validate ((const char *) body, key_length, NULL) &&
                  g_utf8_validate (separator + 1, value_length, NULL))
                g_hash_table_replace (text, g_strndup ((const char *) body, key_length),
                                      g_strndup (separator + 1, value_length));
            }
        }
      offset += 12 + (gsize) chunk_length;
    }
  return NULL;
}

/**
 * vt_png_retag:
 *
 * The same image with other tEXt entries: @data's chunks but its tEXt ones, with @keys
 * and @values after the header (which must be its first chunk).
 *
 * Returns: (nullable): the new PNG file's bytes, or %NULL if @data is not a PNG file
 */
GBytes *
vt_png_retag (const guint8       *data,
              gsize               length,
              const char * const *keys,
              const char * const *values)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  gsize offset = sizeof signature;
  gboolean header = FALSE;

  if (data == NULL || length < sizeof signature + 12 || memcmp (data, signature, sizeof signature) != 0)
    return NULL;
  g_byte_array_append (png, signature, sizeof signature);

  while (length - offset >= 12)
    {
      guint32 chunk_length = read_u32 (data + offset);
      const guint8 *type = data + offset + 4;

      if (chunk_length > length - offset - 12)
        return NULL;
      /* The header comes first, as the specification says: the new entries follow it. */
      if (!header && memcmp (type, "IHDR", 4) != 0)
        return NULL;
      if (memcmp (type, "tEXt", 4) != 0)
        g_byte_array_append (png, data + offset, 12 + chunk_length);
      if (!header && memcmp (type, "IHDR", 4) == 0)
        {
          header = TRUE;
          for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
            append_text_chunk (png, keys[i], values[i]);
        }
      if (memcmp (type, "IEND", 4) == 0)
        return header ? g_byte_array_free_to_bytes (g_steal_pointer (&png)) : NULL;
      offset += 12 + (gsize) chunk_length;
    }
  return NULL;
}
