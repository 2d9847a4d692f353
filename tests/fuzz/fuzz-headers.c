/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The small parsers of untrusted bytes: Retry-After, Content-Range (as the downloader
 * reads it), a video's file name, the API host a user types, a cached thumbnail's PNG text,
 * the start of a video link's MP4 (where its index is) and an image's headers (JPEG, PNG,
 * WebP, HEIC). The first byte picks which;
 * the rest is the input. */

#include "config.h"

#include <libsoup/soup.h>

#include "fuzz-common.h"
#include "vt-api.h"
#include "vt-client.h"
#include "vt-download.h"
#include "vt-image-info.h"
#include "vt-png.h"
#include "vt-video-head.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  vt_fuzz_init ();
  return 0;
}

/* A header value cannot hold a line break or a NUL: a server's bytes reach us without. */
static char *
header_value (const uint8_t *data,
              size_t         size)
{
  char *value = vt_fuzz_string (data, size);

  g_strdelimit (value, "\r\n", ' ');
  return value;
}

static void
retry_after (const uint8_t *data,
             size_t         size)
{
  g_autofree char *value = header_value (data, size);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);

  g_assert_cmpuint (vt_api_parse_retry_after (value, now), <=, VT_MAX_RETRY_AFTER);
}

static void
content_range (const uint8_t *data,
               size_t         size)
{
  g_autofree char *value = header_value (data, size);
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  guint64 received = 100;
  guint64 total = 0;

  soup_message_headers_append (headers, "Content-Range", value);
  if (vt_download_range_resumes (headers, received, &total))
    g_assert_true (total == 0 || total > received);
  soup_message_headers_unref (headers);
}

static void
file_name (const uint8_t *data,
           size_t         size)
{
  g_autofree char *value = vt_fuzz_string (data, size);
  g_autofree char *name = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return;   /* labels and IDs are UTF-8 by the time they name a file */
  name = vt_download_sanitize_name (value);
  g_assert_true (*name != '\0' && *name != '.');
  g_assert_null (strchr (name, '/'));
  g_assert_cmpuint (strlen (name), <=, 200);
  g_assert_true (g_utf8_validate (name, -1, NULL));
}

static void
host (const uint8_t *data,
      size_t         size)
{
  g_autofree char *value = vt_fuzz_string (data, size);
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  const char *authority;

  if (!g_utf8_validate (value, -1, NULL))
    return;
  normalized = vt_client_normalize_host (value, &error);
  if (normalized == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  /* Normalizing twice gives the same host, and what is accepted is safe for the key. */
  again = vt_client_normalize_host (normalized, NULL);
  g_assert_cmpstr (again, ==, normalized);
  g_assert_true (g_str_has_prefix (normalized, "https://") || g_str_has_prefix (normalized, "http://"));
  /* No user name to hide the real host behind, and no backslash a browser reads as "/". */
  authority = strstr (normalized, "://") + 3;
  g_assert_null (memchr (authority, '@', strcspn (authority, "/")));
  g_assert_null (strchr (normalized, '\\'));
}

static void
png_text (const uint8_t *data,
          size_t         size)
{
  g_autoptr(GHashTable) text = vt_png_read_text (data, size);
  const char *keys[] = { "Thumb::URI", NULL };
  const char *values[] = { "file:///x.mp4", NULL };
  g_autoptr(GBytes) retagged = vt_png_retag (data, size, keys, values);

  if (text != NULL)
    g_assert_cmpuint (g_hash_table_size (text), <=, 32);
  /* What is tagged anew reads back with the new entry. */
  if (retagged != NULL)
    {
      g_autoptr(GHashTable) again = vt_png_read_text (g_bytes_get_data (retagged, NULL), g_bytes_get_size (retagged));

      g_assert_nonnull (again);
      g_assert_cmpstr (g_hash_table_lookup (again, "Thumb::URI"), ==, "file:///x.mp4");
    }
}

static void
video_index (const uint8_t *data,
             size_t         size)
{
  guint64 total = size > 8 ? ((guint64) data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]) + size : size;
  guint64 offset = 0;

  /* Either the index is in what was read, or it is somewhere after it, inside the file. */
  if (!vt_video_head_find_index (data, size, total, &offset) && offset != 0)
    g_assert_true (offset >= 8 && offset < total);
}

/* An image file's headers: a type MiniMax takes or none, and a size within reason. */
static void
image_info (const uint8_t *data,
            size_t         size)
{
  VtImageInfo info;
  gboolean known = vt_image_info_read (data, size, &info);

  g_assert_true (known == (info.mime_type != NULL));
  g_assert_true ((info.width == 0) == (info.height == 0));
  g_assert_cmpint (info.width, >=, 0);
  g_assert_cmpint (info.width, <=, 1000000);
  g_assert_cmpint (info.height, <=, 1000000);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size == 0)
    return 0;

  switch (data[0] % 7)
    {
    case 0: retry_after (data + 1, size - 1); break;
    case 1: content_range (data + 1, size - 1); break;
    case 2: file_name (data + 1, size - 1); break;
    case 3: host (data + 1, size - 1); break;
    case 4: png_text (data + 1, size - 1); break;
    case 5: video_index (data + 1, size - 1); break;
    default: image_info (data + 1, size - 1); break;
    }
  return 0;
}
