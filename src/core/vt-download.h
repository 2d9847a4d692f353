/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "vt-clock.h"

#include "vt-limits.h"

G_BEGIN_DECLS

typedef enum
{
  VT_DOWNLOAD_STATE_RUNNING,
  VT_DOWNLOAD_STATE_DONE,
  VT_DOWNLOAD_STATE_FAILED,
  VT_DOWNLOAD_STATE_CANCELLED,
} VtDownloadState;


#define VT_TYPE_DOWNLOAD (vt_download_get_type ())

G_DECLARE_FINAL_TYPE (VtDownload, vt_download, VT, DOWNLOAD, GObject)

char            *vt_download_sanitize_name (const char           *name);
GFile           *vt_download_pick_target   (GFile                *folder,
                                            const char           *base_name,
                                            GCancellable         *cancellable,
                                            GError              **error);

gboolean         vt_download_range_resumes (SoupMessageHeaders   *headers,
                                            guint64               received,
                                            guint64              *total);

VtDownload      *vt_download_new           (SoupSession          *session,
                                            const char           *url,
                                            GFile                *folder,
                                            const char           *name);
VtDownload      *vt_download_new_copy      (GFile                *source,
                                            GFile                *target);
void             vt_download_set_exact_target (VtDownload        *self,
                                               GFile             *file);
void             vt_download_set_resume_id (VtDownload           *self,
                                            const char           *id);
void             vt_download_keep_part     (VtDownload           *self);
void             vt_download_set_clock     (VtDownload           *self,
                                            VtClock              *clock);
void             vt_download_set_max_size  (VtDownload           *self,
                                            guint64               max_size);
VtDownloadState  vt_download_get_state     (VtDownload           *self);
guint64          vt_download_get_received  (VtDownload           *self);
guint64          vt_download_get_total     (VtDownload           *self);
double           vt_download_get_speed     (VtDownload           *self);
GFile           *vt_download_get_file      (VtDownload           *self);
guint            vt_download_get_n_resumes (VtDownload           *self);
void             vt_download_run_async     (VtDownload           *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean         vt_download_run_finish    (VtDownload           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
