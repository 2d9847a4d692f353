/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* VtDownload's insides, shared by vt-download.c (the transfer) and vt-download-guard.c
 * (what a video server may not do). */

#include "vt-download.h"

G_BEGIN_DECLS

struct _VtDownload
{
  GObject            parent_instance;

  SoupSession       *session;
  char              *url;
  char              *location;        /* where the last redirect pointed: resumes go there */
  guint              n_redirects;
  GFile             *folder;
  char              *name;

  GTask             *task;
  GFile             *target;
  GFile             *part;
  GFileOutputStream *output;
  GError            *failure;      /* returned once the part file is closed and removed */
  GInputStream      *input;
  SoupMessage       *message;
  guint8            *buffer;
  guint              retry_source;
  VtClock           *clock;
  GCancellable      *request_cancellable;   /* this request: cancelled when it stalls */
  gulong             cancelled_handler;
  guint              stall_source;
  guint64            stall_mark;            /* received at the last stall check */
  gboolean           stalled;
  guint64            max_size;

  GFile             *exact_target;    /* Save As: this file, replaced if it exists */
  GFile             *source;          /* a saved video copied instead of downloaded */
  VtDownloadState    state;
  guint64            received;
  guint64            total;
  double             speed;
  gint64             last_notify;
  gint64             speed_since;
  guint64            speed_bytes;
  guint              n_resumes;

  /* Across runs: a part stopped by quitting is kept with a record of its task and video */
  char              *resume_id;       /* the task's ID: its part may be kept and taken up */
  char              *etag;            /* the video, as the first answer named it */
  char              *modified;        /* its Last-Modified */
  gboolean           recorded;        /* the part carries a record: worth keeping */
  gboolean           keep_part;       /* stopped by quitting: the part stays */
  gboolean           part_kept;       /* fail() decided to keep it, for the next download */
};

GError *vt_download_request_error     (VtDownload *self,
                                      GError     *error);
GError *vt_download_too_large_error   (VtDownload *self);
GError *vt_download_check_length      (VtDownload *self,
                                      gsize       n);
GError *vt_download_unsafe_link_error (void);
char    *vt_download_follow_redirect  (SoupMessage  *message,
                                      const char   *location,
                                      guint        *n_redirects,
                                      GError      **error);
gboolean vt_download_same_video       (VtDownload         *self,
                                       SoupMessageHeaders *headers,
                                       guint64             whole);
void    vt_download_watch_request     (VtDownload *self);

G_END_DECLS
