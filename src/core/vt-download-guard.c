/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api.h"
#include "vt-download-private.h"
#include "vt-error.h"
#include "vt-limits.h"

/*
 * What a video server may not do to a download: send more than it announced or than any
 * video is (VT_DOWNLOAD_MAX_SIZE), resume somewhere else than asked, or keep a connection
 * open while sending next to nothing (less than VT_DOWNLOAD_STALL_BYTES a
 * VT_DOWNLOAD_STALL_TIMEOUT): that request is cancelled and the download resumes.
 */

/* The request was cancelled because it stalled, not by the user: a reason to resume. */
GError *
vt_download_request_error (VtDownload *self,
                           GError     *error)
{
  if (self->stalled && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      g_error_free (error);
      return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "the video server sent almost nothing for %d second",
                                       "the video server sent almost nothing for %d seconds",
                                       VT_DOWNLOAD_STALL_TIMEOUT),
                          VT_DOWNLOAD_STALL_TIMEOUT);
    }
  return error;
}

GError *
vt_download_too_large_error (VtDownload *self)
{
  g_autofree char *size = g_format_size (self->max_size);

  return g_error_new (VT_ERROR, VT_ERROR_PROTOCOL,
                      _("The video server sent more than %s, far more than any video, so the "
                        "download was stopped."), size);
}

/* Every chunk: never more than announced, never more than any video. */
GError *
vt_download_check_length (VtDownload *self,
                          gsize       n)
{
  if (self->total > 0 && self->received + n > self->total)
    return g_error_new (VT_ERROR, VT_ERROR_PROTOCOL,
                        _("The video server sent more data than it announced, so the download "
                          "was stopped."));
  if (self->received + n > self->max_size)
    return vt_download_too_large_error (self);
  return NULL;
}

static gboolean
stall_cb (gpointer user_data)
{
  VtDownload *self = user_data;

  if (self->received >= self->stall_mark + VT_DOWNLOAD_STALL_BYTES)
    {
      self->stall_mark = self->received;
      return G_SOURCE_CONTINUE;
    }

  g_debug ("%s stalled at %" G_GUINT64_FORMAT " bytes", self->url, self->received);
  self->stall_source = 0;
  self->stalled = TRUE;
  g_cancellable_cancel (self->request_cancellable);
  return G_SOURCE_REMOVE;
}

/* A new request: its own cancellable, so that a stall ends this request and not the
 * download, and a clock that checks its progress. */
void
vt_download_watch_request (VtDownload *self)
{
  g_clear_object (&self->request_cancellable);
  self->request_cancellable = g_cancellable_new ();
  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    g_cancellable_cancel (self->request_cancellable);
  self->stalled = FALSE;
  self->stall_mark = self->received;
  g_clear_handle_id (&self->stall_source, g_source_remove);
  self->stall_source = vt_clock_timeout_add (self->clock, VT_DOWNLOAD_STALL_TIMEOUT * 1000,
                                             stall_cb, self);
}

GError *
vt_download_unsafe_link_error (void)
{
  return g_error_new (VT_ERROR, VT_ERROR_UNSAFE_LINK,
                      _("The video link is not a secure (https) address, so it was not "
                        "downloaded."));
}

/**
 * vt_download_follow_redirect:
 * @message: the request the CDN answered with a redirect
 * @location: (nullable): its Location header
 * @n_redirects: (inout): redirects followed so far for this video, counted here
 *
 * Where a CDN's redirect leads, if it may be followed: the same link rule as for the link
 * itself, and at most VT_DOWNLOAD_MAX_REDIRECTS of them.
 *
 * Returns: (transfer full) (nullable): the absolute link, or %NULL with @error set
 */
char *
vt_download_follow_redirect (SoupMessage  *message,
                             const char   *location,
                             guint        *n_redirects,
                             GError      **error)
{
  g_autoptr(GUri) next = location != NULL
    ? g_uri_parse_relative (soup_message_get_uri (message), location, SOUP_HTTP_URI_FLAGS, NULL)
    : NULL;
  g_autofree char *url = next != NULL ? g_uri_to_string (next) : NULL;

  if (!vt_api_link_is_safe (url))
    {
      g_propagate_error (error, vt_download_unsafe_link_error ());
      return NULL;
    }
  if (++*n_redirects > VT_DOWNLOAD_MAX_REDIRECTS)
    {
      g_set_error_literal (error, VT_ERROR, VT_ERROR_NETWORK,
                           _("The video server sent the download from one address to "
                             "another too many times."));
      return NULL;
    }
  return g_steal_pointer (&url);
}

/**
 * vt_download_range_resumes:
 * @received: the bytes already in the part file
 * @total: (out): the whole size the range announces, 0 when it gives none
 *
 * Whether a 206's Content-Range continues exactly at @received, and is one libsoup parsed
 * into sane numbers (it lets an overflowing start through as a negative one).
 */
gboolean
vt_download_range_resumes (SoupMessageHeaders *headers,
                           guint64             received,
                           guint64            *total)
{
  goffset start, end, whole;

  *total = 0;
  if (!soup_message_headers_get_content_range (headers, &start, &end, &whole) ||
      start < 0 || end < start || (guint64) start != received ||
      (whole != -1 && whole <= end))
    return FALSE;

  *total = whole > 0 ? (guint64) whole : 0;
  return TRUE;
}


/**
 * vt_download_same_video:
 * @whole: the whole size a 206's Content-Range gives, 0 when none
 *
 * Whether a resumed answer is of the video the part holds the start of: the ETag and
 * Last-Modified the first answer gave come back unchanged, and so does its size. (A server
 * that gave none of them is taken at its word, as within a run it always was; a part kept
 * across runs has at least one, see record_part ().)
 */
gboolean
vt_download_same_video (VtDownload         *self,
                        SoupMessageHeaders *headers,
                        guint64             whole)
{
  if (self->etag != NULL &&
      g_strcmp0 (soup_message_headers_get_one (headers, "ETag"), self->etag) != 0)
    return FALSE;
  if (self->modified != NULL &&
      g_strcmp0 (soup_message_headers_get_one (headers, "Last-Modified"), self->modified) != 0)
    return FALSE;
  return self->total == 0 || whole == 0 || whole == self->total;
}
