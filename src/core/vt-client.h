/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "vt-api.h"
#include "vt-clock.h"
#include "vt-gate.h"
#include "vt-limits.h"

G_BEGIN_DECLS

#define VT_TYPE_CLIENT (vt_client_get_type ())

G_DECLARE_FINAL_TYPE (VtClient, vt_client, VT, CLIENT, GObject)

char        *vt_client_normalize_host (const char           *host,
                                       GError              **error);

VtClient    *vt_client_new            (void);
SoupSession *vt_client_get_session    (VtClient             *self);
VtClock     *vt_client_get_clock      (VtClient             *self);
void         vt_client_set_clock      (VtClient             *self,
                                       VtClock              *clock);
gboolean     vt_client_set_host       (VtClient             *self,
                                       const char           *host,
                                       GError              **error);
const char  *vt_client_get_host       (VtClient             *self);
gboolean     vt_client_has_api_key    (VtClient             *self);
char        *vt_client_dup_api_key    (VtClient             *self);
gboolean     vt_client_is_account     (VtClient             *self,
                                       const char           *host,
                                       const char           *api_key);
void         vt_client_set_api_key    (VtClient             *self,
                                       const char           *api_key);
void         vt_client_set_timeout    (VtClient             *self,
                                       guint                 seconds);
VtGate      *vt_client_get_gate       (VtClient             *self);
gint64       vt_client_get_held_until (VtClient             *self);
void         vt_client_set_per_minute (VtClient             *self,
                                       guint                 per_minute);
void         vt_client_hold_after     (VtClient             *self,
                                       GAsyncResult         *result,
                                       guint                 seconds);
void         vt_client_send_async     (VtClient             *self,
                                       const char           *method,
                                       const char           *path,
                                       GBytes               *body,
                                       const char           *content_type,
                                       VtGateBudget          budget,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GBytes      *vt_client_send_finish    (VtClient             *self,
                                       GAsyncResult         *result,
                                       VtHttpRecord         *info,
                                       GError              **error);
void         vt_client_post_json_async (VtClient            *self,
                                       const char           *path,
                                       GBytes               *json,
                                       VtGateBudget          budget,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
void         vt_client_delete_async   (VtClient             *self,
                                       const char           *path,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
void         vt_client_upload_async   (VtClient             *self,
                                       const char           *purpose,
                                       const char           *filename,
                                       const char           *content_type,
                                       GBytes               *contents,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
void         vt_client_get_async      (VtClient             *self,
                                       const char           *path,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GBytes      *vt_client_get_finish     (VtClient             *self,
                                       GAsyncResult         *result,
                                       VtHttpRecord         *info,
                                       GError              **error);
void         vt_client_query_async    (VtClient             *self,
                                       const char           *task_id,
                                       VtTaskKind            kind,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean     vt_client_query_finish   (VtClient             *self,
                                       GAsyncResult         *result,
                                       VtQueryResult       **out_result,
                                       GError              **error);
void         vt_client_list_h3_async  (VtClient             *self,
                                       guint                 page_num,
                                       guint                 page_size,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray   *vt_client_list_h3_finish (VtClient             *self,
                                       GAsyncResult         *result,
                                       guint                *n_items,
                                       guint                *total,
                                       VtQueryResult       **out_result,
                                       GError              **error);

G_END_DECLS
