/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thumbnails without a display: the PNG they are kept in, the caches they are kept in (and
 * when a cached one is no longer trusted), and reading only what a first frame needs of a
 * video link from the loopback CDN, which serves the real MP4 in tests/data. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-util.h"
#include "vt-error.h"
#include "vt-limits.h"
#include "vt-mock-server.h"
#include "vt-png.h"
#include "vt-thumbnail-cache.h"
#include "vt-video-head.h"

static GBytes *
encode_sample (void)
{
  const char *keys[] = { "Thumb::URI", "Thumb::MTime", NULL };
  const char *values[] = { "file:///tmp/a%20b.mp4", "1700000000", NULL };
  guint8 pixels[4 * 3 * 4];

  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = (guint8) (i * 7);
  return vt_png_encode_rgba (pixels, 4, 3, 16, keys, values);
}

static void
test_png_text (void)
{
  g_autoptr(GBytes) png = encode_sample ();
  gsize length;
  const guint8 *data = g_bytes_get_data (png, &length);
  g_autoptr(GHashTable) text = vt_png_read_text (data, length);
  g_autofree guint8 *copy = g_memdup2 (data, length);
  g_autoptr(GHashTable) damaged = NULL;
  const guint8 *found;

  g_assert_nonnull (text);
  g_assert_cmpstr (g_hash_table_lookup (text, "Thumb::URI"), ==, "file:///tmp/a%20b.mp4");
  g_assert_cmpstr (g_hash_table_lookup (text, "Thumb::MTime"), ==, "1700000000");
  g_assert_cmpuint (g_hash_table_size (text), ==, 2);

  /* A changed byte fails its chunk's CRC: that entry is not believed. */
  found = NULL;
  for (gsize i = 0; found == NULL && i + 10 <= length; i++)
    if (memcmp (copy + i, "1700000000", 10) == 0)
      found = copy + i;
  g_assert_nonnull (found);
  copy[found - copy] = '2';
  damaged = vt_png_read_text (copy, length);
  g_assert_nonnull (damaged);
  g_assert_false (g_hash_table_contains (damaged, "Thumb::MTime"));
  g_assert_true (g_hash_table_contains (damaged, "Thumb::URI"));

  /* Tagged anew for another file: the same image, only the new entries. */
  {
    const char *keys[] = { "Thumb::URI", NULL };
    const char *values[] = { "file:///tmp/c.mp4", NULL };
    g_autoptr(GBytes) retagged = vt_png_retag (data, length, keys, values);
    gsize retagged_length;
    const guint8 *retagged_data = g_bytes_get_data (retagged, &retagged_length);
    g_autoptr(GHashTable) retagged_text = vt_png_read_text (retagged_data, retagged_length);

    g_assert_cmpuint (g_hash_table_size (retagged_text), ==, 1);
    g_assert_cmpstr (g_hash_table_lookup (retagged_text, "Thumb::URI"), ==, "file:///tmp/c.mp4");
    /* The image data and the end, byte for byte. */
    g_assert_cmpmem (retagged_data + retagged_length - 40, 40, data + length - 40, 40);
    g_assert_null (vt_png_retag (data, length - 5, keys, values));
  }

  /* Cut short, or no PNG at all. */
  g_assert_null (vt_png_read_text (data, 30));
  g_assert_null (vt_png_read_text ((const guint8 *) "GIF89a and more bytes than that", 31));
  g_assert_null (vt_png_read_text (NULL, 0));
}

static void
set_mtime (const char *path,
           gint64      seconds)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) seconds,
                                              G_FILE_QUERY_INFO_NONE, NULL, NULL));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_thumbnail_cache_save_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VtThumbnail **thumbnail = user_data;

  *thumbnail = vt_thumbnail_cache_lookup_finish (result, &error);
  g_assert_no_error (error);
  if (*thumbnail == NULL)
    *thumbnail = g_new0 (VtThumbnail, 1);   /* "none", as something to wait for */
}

static void
save (const char *file_path,
      const char *task_id,
      gboolean    failed)
{
  guint8 pixels[8 * 2 * 4] = { 0 };
  g_autoptr(GBytes) rgba = g_bytes_new (pixels, sizeof pixels);
  gboolean done = FALSE;

  vt_thumbnail_cache_save_async (file_path, task_id, failed ? NULL : rgba, 8, 2, 32, 3, 76473, NULL,
                                 saved_cb, &done);
  vt_test_wait_until (done);
}

static VtThumbnail *
lookup (const char *file_path,
        const char *task_id)
{
  VtThumbnail *thumbnail = NULL;

  vt_thumbnail_cache_lookup_async (file_path, task_id, NULL, looked_up_cb, &thumbnail);
  vt_test_wait_until (thumbnail != NULL);
  return thumbnail;
}

static void
test_cache (void)
{
  g_autofree char *video = g_build_filename (g_get_user_cache_dir (), "vt-thumbnail-test video.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (video);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *shared = vt_thumbnail_cache_file_path (uri);
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, uri, -1);
  g_autofree char *name = g_strconcat (md5, ".png", NULL);
  g_autofree char *large = g_build_filename (g_get_user_cache_dir (), "thumbnails", "large", name, NULL);
  g_autoptr(VtThumbnail) none = NULL;
  g_autoptr(VtThumbnail) link = NULL;
  g_autoptr(VtThumbnail) saved = NULL;
  g_autoptr(VtThumbnail) stale = NULL;
  g_autoptr(VtThumbnail) failed = NULL;
  g_autoptr(GHashTable) text = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GStatBuf buf;

  g_assert_true (g_file_set_contents (video, "not really a video", -1, NULL));
  set_mtime (video, 1700000000);

  /* Nothing yet. */
  none = lookup (video, "7800000001");
  g_assert_null (none->png);
  g_assert_false (none->failed);

  /* Made from the link: kept by task ID, found whatever the file. */
  save (NULL, "7800000001", FALSE);
  link = lookup (video, "7800000001");
  g_assert_nonnull (link->png);
  g_assert_false (link->for_file);
  g_assert_cmpint (link->duration, ==, 3);
  g_assert_cmpint (link->size, ==, 76473);

  /* Made from the saved file: in the shared cache, named and tagged as the specification
   * says, private to the user. */
  save (video, "7800000001", FALSE);
  g_assert_cmpstr (shared, ==, large);
  g_assert_true (g_file_get_contents (shared, &contents, &length, NULL));
  text = vt_png_read_text ((const guint8 *) contents, length);
  g_assert_cmpstr (g_hash_table_lookup (text, "Thumb::URI"), ==, uri);
  g_assert_cmpstr (g_hash_table_lookup (text, "Thumb::MTime"), ==, "1700000000");
  g_assert_cmpint (g_stat (shared, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  saved = lookup (video, "7800000001");
  g_assert_true (saved->for_file);

  /* The file changed since: its thumbnail is not trusted (the link's still is). */
  set_mtime (video, 1700000100);
  stale = lookup (video, "7800000002");
  g_assert_null (stale->png);

  /* A video no decoder could read: a failure marker, not an error each time. */
  save (video, "7800000002", TRUE);
  failed = lookup (video, "7800000002");
  g_assert_true (failed->failed);
  g_assert_null (failed->png);

  g_unlink (video);
}

/* Where the index is, from the first bytes of real and made-up MP4s. */
static void
test_find_index (void)
{
  g_autoptr(GBytes) video = vt_test_video ();
  gsize length;
  const guint8 *data = g_bytes_get_data (video, &length);
  const guint8 fast[] = { 0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0,
                          0, 0, 0, 12, 'm', 'o', 'o', 'v', 1, 2, 3, 4 };
  const guint8 huge[] = { 0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0x10, 0, 0 };
  const guint8 tiny[] = { 0, 0, 0, 4, 'f', 't', 'y', 'p' };
  guint64 offset;

  /* ball.mp4 has its index at the end (75,405), after a 75,365-byte mdat. */
  g_assert_false (vt_video_head_find_index (data, 1000, length, &offset));
  g_assert_cmpuint (offset, ==, 75405);
  g_assert_true (vt_video_head_find_index (data, length, length, &offset));
  /* Index first (a "fast start" file). */
  g_assert_true (vt_video_head_find_index (fast, sizeof fast, sizeof fast, &offset));
  /* A 64-bit box size. */
  g_assert_false (vt_video_head_find_index (huge, sizeof huge, 0x100000 + 64, &offset));
  g_assert_cmpuint (offset, ==, 0x100000);
  /* Boxes that cannot be: smaller than their header, or past the end. */
  g_assert_false (vt_video_head_find_index (tiny, sizeof tiny, 100, &offset));
  g_assert_cmpuint (offset, ==, 0);
  g_assert_false (vt_video_head_find_index (huge, sizeof huge, 1000, &offset));
  g_assert_cmpuint (offset, ==, 0);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  guint64  total;
  guint64  read;
  GError  *error;
} FetchResult;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchResult *fetch = user_data;

  fetch->ok = vt_video_head_fetch_finish (result, &fetch->total, &fetch->read, &fetch->error);
  fetch->done = TRUE;
}

static FetchResult
fetch (VtMockServer *server,
       const char   *name,
       GFile        *destination)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (vt_mock_server_get_cdn_url (server), "/video/", name, ".mp4", NULL);
  FetchResult result = { 0 };

  vt_video_head_fetch_async (session, url, destination, NULL, fetched_cb, &result);
  vt_test_wait_until (result.done);
  return result;
}

/* A 60 MB video whose index is at its end: the start and the index are read, about a
 * megabyte, and written where they belong in a sparse file of the full size. */
static void
test_fetch_head (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMockServer) server = vt_mock_server_new ("key", &error);
  g_autoptr(GBytes) video = vt_test_video ();
  g_autofree char *dir = g_dir_make_tmp ("vt-head-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "head.mp4", NULL);
  g_autoptr(GFile) destination = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length, video_length;
  const guint8 *video_data = g_bytes_get_data (video, &video_length);
  GPtrArray *requests;
  FetchResult result;
  GStatBuf buf;

  g_assert_no_error (error);
  vt_mock_server_set_video (server, video, 60 * 1000 * 1000);

  result = fetch (server, "7800000001", destination);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (result.total, ==, 60 * 1000 * 1000);
  g_assert_cmpuint (result.read, <=, VT_THUMBNAIL_HEAD_SIZE + VT_THUMBNAIL_INDEX_MAX_SIZE);
  g_assert_cmpuint (result.read, <, 6 * 1000 * 1000);

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, ==, 60 * 1000 * 1000);
  /* Sparse: what is on disk is what was read. */
  g_assert_cmpint ((gint64) buf.st_blocks * 512, <, 8 * 1000 * 1000);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* The start as served (ball.mp4 with its media data grown), the index at the very end. */
  g_assert_cmpuint (length, ==, 60 * 1000 * 1000);
  g_assert_cmpmem (contents, 40, video_data, 40);
  g_assert_cmpmem (contents + length - (video_length - 75405), video_length - 75405,
                   video_data + 75405, video_length - 75405);
  g_assert_cmpint (contents[length / 2], ==, 0);

  /* Two ranges, neither with the API key. */
  requests = vt_mock_server_get_requests (server);
  g_assert_cmpuint (requests->len, ==, 2);
  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];

      g_assert_null (request->authorization);
      g_assert_nonnull (request->range);
    }
  g_unlink (path);

  /* A server that ignores Range: its start is read, the rest left. */
  result = fetch (server, "7800000002-norange", destination);
  g_assert_true (result.ok || result.error != NULL);
  g_assert_cmpuint (result.read, <=, VT_THUMBNAIL_HEAD_SIZE);
  g_clear_error (&result.error);
  g_unlink (path);

  /* Not an MP4: refused, nothing left behind. */
  vt_mock_server_set_video_size (server, 2 * 1000 * 1000);
  {
    g_autoptr(VtMockServer) plain = vt_mock_server_new ("key", &error);

    result = fetch (plain, "7800000003", destination);
    g_assert_false (result.ok);
    g_assert_error (result.error, VT_ERROR, VT_ERROR_PROTOCOL);
    g_clear_error (&result.error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* A redirect to plain http is not followed. */
  result = fetch (server, "redirect-http", destination);
  g_assert_false (result.ok);
  g_clear_error (&result.error);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("vt-thumbnail-cache-XXXXXX", NULL);

  /* The caches of this test alone (GLib reads XDG_CACHE_HOME once). */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thumbnails/png-text", test_png_text);
  g_test_add_func ("/thumbnails/cache", test_cache);
  g_test_add_func ("/thumbnails/find-index", test_find_index);
  g_test_add_func ("/thumbnails/fetch-head", test_fetch_head);

  return g_test_run ();
}
