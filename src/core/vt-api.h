/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vt-task.h"

#include "vt-limits.h"

G_BEGIN_DECLS

/* The only place that knows the query endpoint's path, so a successor can be added here. */
#define VT_API_QUERY_PATH "/v1/query/video_template_generation"


#define VT_TYPE_QUERY_RESULT (vt_query_result_get_type ())

/* What one query learned, whether or not it succeeded. */
struct _VtQueryResult
{
  char         *task_id;
  VtTaskStatus  status;
  char         *status_text;    /* the status word as sent, for statuses we do not know */
  char         *video_url;
  int           api_code;       /* base_resp.status_code, 0 when absent or success */
  char         *api_message;    /* base_resp.status_msg as sent */
  char         *message;        /* a translated explanation of a failed task, or NULL */
  guint         http_status;    /* 0 when no HTTP answer arrived */
  char         *trace_id;       /* the Trace-Id header MiniMax's support asks for */
  guint         retry_after;    /* seconds, from Retry-After; 0 when absent */
  char         *detail;         /* what the network library said, for "Copy Details" only */
};

GType          vt_query_result_get_type (void) G_GNUC_CONST;
VtQueryResult *vt_query_result_new      (void);
VtQueryResult *vt_query_result_copy     (const VtQueryResult *self);
void           vt_query_result_free     (VtQueryResult       *self);

gboolean       vt_api_parse_query       (GBytes              *body,
                                         const char          *expected_task_id,
                                         VtQueryResult       *result,
                                         GError             **error);
guint          vt_api_parse_retry_after (const char          *value,
                                         GDateTime           *now);
gboolean       vt_api_link_is_safe      (const char          *url);
gboolean       vt_api_host_is_loopback  (const char          *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtQueryResult, vt_query_result_free)

G_END_DECLS
