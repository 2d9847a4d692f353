/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a video server may not do to a download: send without end, more than it announced,
 * or next to nothing for ever (issue 13, points 7 and 8). */

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <sys/file.h>
#include <unistd.h>
#include <utime.h>

#include "download-fixture.h"
#include "vt-error.h"

static void
test_too_long_after_resume (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *url = video_url (f, "overlong-1");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  /* Breaks off after 100 of 200 bytes; the resume's 206 says "100-199/200" and sends 5,000. */
  vt_mock_server_set_video_size (f->server, 200);
  download = vt_download_new (f->session, url, f->folder, "overlong-1");
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "more data than it announced"));
  g_assert_cmpuint (vt_download_get_n_resumes (download), ==, 1);
  g_assert_cmpuint (vt_download_get_received (download), <=, 200);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
}

static void
test_endless_body (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *url = video_url (f, "endless-1");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  download = vt_download_new (f->session, url, f->folder, "endless-1");
  vt_download_set_max_size (download, 1024 * 1024);
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "far more than any video"));
  g_assert_cmpuint (vt_download_get_received (download), <=, 1024 * 1024);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
}

static void
test_announced_too_large (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *url = video_url (f, "big-1");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  vt_mock_server_set_video_size (f->server, 2 * 1024 * 1024);
  download = vt_download_new (f->session, url, f->folder, "big-1");
  vt_download_set_max_size (download, 1024 * 1024);
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_PROTOCOL);
  /* Refused on the headers: nothing was written. */
  g_assert_cmpuint (vt_download_get_received (download), ==, 0);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Result;

static void
stalled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  g_assert_false (vt_download_run_finish (VT_DOWNLOAD (object), result, &r->error));
  r->done = TRUE;
}

/* 1 KiB and then silence with the connection open: each minute without real progress drops
 * the request and resumes, and after the last resume the download fails. */
static void
test_stall (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *url = video_url (f, "stall-1");
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtDownload) download = NULL;
  Result r = { 0 };
  guint i;

  vt_mock_server_set_video_size (f->server, 1024 * 1024);
  download = vt_download_new (f->session, url, f->folder, "stall-1");
  vt_download_set_clock (download, clock);
  vt_download_run_async (download, NULL, stalled_cb, &r);

  for (i = 0; !r.done; i++)
    {
      g_assert_cmpuint (i, <=, VT_DOWNLOAD_MAX_RESUMES);
      vt_test_wait_until (vt_mock_server_count_requests (f->server, "cdn") == i + 1 &&
                          vt_download_get_received (download) == 1024);
      /* Not yet: 59 s without progress is still patience. */
      vt_clock_advance (clock, (VT_DOWNLOAD_STALL_TIMEOUT - 1) * G_USEC_PER_SEC);
      vt_test_drain ();
      g_assert_cmpuint (vt_download_get_n_resumes (download), ==, i);
      g_assert_false (r.done);

      vt_clock_advance (clock, 2 * G_USEC_PER_SEC);
      vt_test_wait_until (r.done || vt_download_get_n_resumes (download) == i + 1);
      /* The wait before the resume. */
      vt_clock_advance (clock, 10 * G_USEC_PER_SEC);
    }

  g_assert_cmpuint (i, ==, VT_DOWNLOAD_MAX_RESUMES + 1);
  g_assert_error (r.error, VT_ERROR, VT_ERROR_NETWORK);
  g_assert_nonnull (strstr (r.error->message, "almost nothing"));
  g_assert_cmpint (vt_download_get_state (download), ==, VT_DOWNLOAD_STATE_FAILED);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
  g_clear_error (&r.error);
}

/* A slow but steady transfer is not a stall: the clock moves a minute at every 40 KiB. */
static void
test_slow_is_not_stall (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = video_url (f, "slow-1");
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtDownload) download = NULL;
  Outcome o = { 0 };
  guint64 mark = 0;

  vt_mock_server_set_video_size (f->server, 256 * 1024);
  vt_mock_server_set_video_rate (f->server, 320 * 1024);
  download = vt_download_new (f->session, url, f->folder, "slow-1");
  vt_download_set_clock (download, clock);
  vt_download_run_async (download, NULL, run_cb, &o);
  while (!o.done)
    {
      vt_test_wait_until (o.done || vt_download_get_received (download) >= mark + 40 * 1024);
      mark = vt_download_get_received (download);
      vt_clock_advance (clock, VT_DOWNLOAD_STALL_TIMEOUT * G_USEC_PER_SEC);
    }

  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  g_assert_cmpuint (vt_download_get_n_resumes (download), ==, 0);
  assert_video_file (vt_download_get_file (download), 256 * 1024);
}

/* Every hop of a redirect is held to the rule of the first link. */
static void
test_redirects (Fixture       *f,
                gconstpointer  data)
{
  const struct { const char *id; gboolean ok; GQuark domain; int code; } cases[] = {
    { "redirect-ok-1", TRUE, 0, 0 },
    { "redirect-http-1", FALSE, VT_ERROR, VT_ERROR_UNSAFE_LINK },
    { "redirect-loop-1", FALSE, VT_ERROR, VT_ERROR_NETWORK },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = video_url (f, cases[i].id);
      g_autoptr(VtDownload) download = vt_download_new (f->session, url, f->folder, cases[i].id);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].id);
      g_assert_cmpint (run (download, NULL, &error), ==, cases[i].ok);
      if (cases[i].ok)
        assert_video_file (vt_download_get_file (download), 256 * 1024);
      else
        g_assert_error (error, cases[i].domain, cases[i].code);
    }
  /* The plain-http host was never asked; the loop was cut after a few hops. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 2 + 1 + 6);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 1);
}

static void
make_part (Fixture    *f,
           const char *name,
           gboolean    old)
{
  g_autofree char *path = g_build_filename (g_file_peek_path (f->folder), name, NULL);
  struct utimbuf an_hour_ago = { time (NULL) - 3600, time (NULL) - 3600 };

  g_assert_true (g_file_set_contents (path, "half a video", -1, NULL));
  if (old)
    g_assert_cmpint (utime (path, &an_hour_ago), ==, 0);
}

static char *
download_name (Fixture    *f,
               const char *id)
{
  g_autofree char *url = video_url (f, id);
  g_autoptr(VtDownload) download = vt_download_new (f->session, url, f->folder, id);

  g_assert_true (run (download, NULL, NULL));
  return g_file_get_basename (vt_download_get_file (download));
}

/* A part file left by a crash (old, held by no download) is removed and its name used; one
 * that is recent, or locked by a running download, is left alone. */
static void
test_stale_part (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *locked_path = NULL;
  g_autofree char *name = NULL;
  int locked;

  g_assert_cmpint (g_mkdir_with_parents (g_file_peek_path (f->folder), 0700), ==, 0);
  make_part (f, "stale-1.mp4.part", TRUE);
  make_part (f, "fresh-1.mp4.part", FALSE);
  make_part (f, "locked-1.mp4.part", TRUE);
  locked_path = g_build_filename (g_file_peek_path (f->folder), "locked-1.mp4.part", NULL);
  locked = open (locked_path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (flock (locked, LOCK_EX | LOCK_NB), ==, 0);

  name = download_name (f, "stale-1");
  g_assert_cmpstr (name, ==, "stale-1.mp4");
  g_free (name);
  name = download_name (f, "fresh-1");
  g_assert_cmpstr (name, ==, "fresh-1 (2).mp4");
  g_free (name);
  name = download_name (f, "locked-1");
  g_assert_cmpstr (name, ==, "locked-1 (2).mp4");
  close (locked);

  g_assert_true (g_file_test (locked_path, G_FILE_TEST_EXISTS));
  /* stale-1.mp4, fresh-1.mp4.part, fresh-1 (2).mp4, locked-1.mp4.part, locked-1 (2).mp4 */
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 5);
}

/* What a resume's 206 must say to be taken; the last two were found by fuzz-headers (libSoup
 * parses an overflowing start as a negative one). */
static void
test_content_range (void)
{
  const struct { const char *value; gboolean ok; guint64 total; } cases[] = {
    { "bytes 100-199/200", TRUE, 200 },
    { "bytes 100-199/*", TRUE, 0 },
    { "bytes 0-199/200", FALSE, 0 },
    { "bytes 100-50/200", FALSE, 0 },
    { "bytes 100-199/150", FALSE, 0 },
    { "bytes 99999999999999999999999990-/", FALSE, 0 },
    { "bytes 18446744073709551716-18446744073709551816/18446744073709551916", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      guint64 total = 1;

      g_test_message ("%s", cases[i].value);
      soup_message_headers_append (headers, "Content-Range", cases[i].value);
      g_assert_cmpint (vt_download_range_resumes (headers, 100, &total), ==, cases[i].ok);
      g_assert_cmpuint (total, ==, cases[i].total);
      soup_message_headers_unref (headers);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/download-limits/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("too-long-after-resume", test_too_long_after_resume);
  ADD ("endless-body", test_endless_body);
  ADD ("announced-too-large", test_announced_too_large);
  ADD ("stall", test_stall);
  ADD ("slow-is-not-stall", test_slow_is_not_stall);
  ADD ("redirects", test_redirects);
  ADD ("stale-part", test_stale_part);
  g_test_add_func ("/download-limits/content-range", test_content_range);
#undef ADD

  return g_test_run ();
}
