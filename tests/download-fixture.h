/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the download tests share: a loopback CDN, a session and a temporary folder. */

#include <glib/gstdio.h>

#include "test-util.h"
#include "vt-download.h"
#include "vt-mock-server.h"

#define KEY "download-test-key"

typedef struct
{
  VtMockServer *server;
  SoupSession  *session;
  char         *dir;
  GFile        *folder;
} Fixture;

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  vt_mock_server_set_timing (f->server, 0, 0);
  f->session = soup_session_new ();
  f->dir = g_dir_make_tmp ("vt-download-XXXXXX", &error);
  g_assert_no_error (error);
  f->folder = g_file_new_build_filename (f->dir, "Video Tasks", NULL);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  vt_test_remove_tree (dir);
  g_clear_object (&f->folder);
  g_clear_pointer (&f->dir, g_free);
  g_clear_object (&f->session);
  g_clear_object (&f->server);
}

static inline char *
video_url (Fixture    *f,
           const char *id)
{
  return g_strdup_printf ("%s/video/%s.mp4", vt_mock_server_get_cdn_url (f->server), id);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static inline void
run_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->ok = vt_download_run_finish (VT_DOWNLOAD (object), result, &o->error);
  o->done = TRUE;
}

static inline gboolean
run (VtDownload    *download,
     GCancellable  *cancellable,
     GError       **error)
{
  Outcome o = { 0 };

  vt_download_run_async (download, cancellable, run_cb, &o);
  vt_test_wait_until (o.done);
  if (o.error != NULL)
    g_propagate_error (error, o.error);
  return o.ok;
}

static inline void
assert_video_file (GFile *file,
                   gsize  size)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  g_assert_cmpuint (length, ==, size);
  for (gsize i = 0; i < length; i++)
    if ((guint8) contents[i] != vt_mock_server_video_byte (i))
      g_error ("byte %" G_GSIZE_FORMAT " differs", i);
}

static inline guint
n_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static inline void
assert_no_part_files (GFile *folder)
{
  g_autoptr(GDir) dir = g_dir_open (g_file_peek_path (folder), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".part"));
}

