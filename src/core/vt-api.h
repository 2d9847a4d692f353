/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vt-task.h"

#include "vt-limits.h"

G_BEGIN_DECLS

/* The only place that knows the endpoints' paths. */
#define VT_API_QUERY_PATH "/v1/query/video_template_generation"   /* Video Agent */
#define VT_API_VIDEO_QUERY_PATH "/v1/query/video_generation"      /* Hailuo, ?task_id= */
#define VT_API_FILE_PATH "/v1/files/retrieve"                     /* Hailuo, ?file_id= */
#define VT_API_H3_QUERY_PATH "/v2/query/video_generation"         /* H3: /{id}, or a list */
/* Whether a host accepts a key: a Hailuo query about a task that cannot exist. */
#define VT_API_KEY_CHECK_PATH VT_API_VIDEO_QUERY_PATH "?task_id=0"
/* Files for creating videos (multipart: purpose, file). */
#define VT_API_UPLOAD_PATH "/v1/files/upload"
/* What the account has left; neither is documented (vt-balance.c). */
#define VT_API_BALANCE_PATH "/account/query_balance"             /* pay-as-you-go */
#define VT_API_TOKEN_PLAN_PATH "/v1/token_plan/remains"           /* Token Plan */


/* How an exchange with the API host went, whatever its answer said: what the client keeps
 * of each request. */
typedef struct
{
  guint         status;         /* the HTTP status; 0 when no HTTP answer arrived */
  char         *trace_id;       /* the Trace-Id header MiniMax's support asks for */
  guint         retry_after;    /* seconds, from Retry-After; 0 when absent */
  char         *detail;         /* what the network library said, for "Copy Details" only */
  guint         n_requests;     /* requests the answer took (detection, file retrieval) */
} VtHttpRecord;

void           vt_http_record_clear     (VtHttpRecord        *self);
void           vt_http_record_set       (VtHttpRecord        *self,
                                         const VtHttpRecord  *from);

#define VT_TYPE_QUERY_RESULT (vt_query_result_get_type ())

typedef struct _VtQueryResult VtQueryResult;

/* What one query learned, whether or not it succeeded: the parsed answer, and how it came. */
struct _VtQueryResult
{
  char         *task_id;
  VtTaskKind    kind;           /* the endpoint that answered; UNKNOWN when none knew it */
  VtTaskStatus  status;
  char         *status_text;    /* the status word as sent, for statuses we do not know */
  char         *video_url;
  char         *backup_url;     /* Hailuo's backup_download_url, or NULL */
  int           api_code;       /* base_resp.status_code, 0 when absent or success */
  char         *api_message;    /* base_resp.status_msg as sent */
  char         *message;        /* a translated explanation of a failed task, or NULL */
  GDateTime    *created;        /* H3: when MiniMax made the task (created_at), or NULL */
  /* What @message says, as a task keeps it to word it again in another language: */
  int           message_code;   /* a VtError code (VT_ERROR_TASK_FAILED…), when @message is set */
  char         *message_words;  /* MiniMax's own words in it (an H3 failure, a status), or NULL */
  VtHttpRecord  http;           /* how it came */
};

GType          vt_query_result_get_type (void) G_GNUC_CONST;
VtQueryResult *vt_query_result_new      (void);
VtQueryResult *vt_query_result_copy     (const VtQueryResult *self);
void           vt_query_result_free     (VtQueryResult       *self);

gboolean       vt_api_parse_query       (GBytes              *body,
                                         const char          *expected_task_id,
                                         VtQueryResult       *result,
                                         GError             **error);
gboolean       vt_api_parse_video_query (GBytes              *body,
                                         const char          *expected_task_id,
                                         VtQueryResult       *result,
                                         char               **file_id,
                                         GError             **error);
gboolean       vt_api_parse_file        (GBytes              *body,
                                         const char          *file_id,
                                         VtQueryResult       *result,
                                         GError             **error);
gboolean       vt_api_parse_h3_query    (guint                http_status,
                                         GBytes              *body,
                                         const char          *expected_task_id,
                                         VtQueryResult       *result,
                                         GError             **error);
gboolean       vt_api_parse_h3_list     (GBytes              *body,
                                         guint                max_items,
                                         GPtrArray           *ids,
                                         guint               *n_items,
                                         guint               *total,
                                         GError             **error);
void           vt_api_set_http_error    (GError             **error,
                                         guint                http_status);
gboolean       vt_api_is_unknown_task   (VtTaskKind           kind,
                                         const VtQueryResult *result,
                                         const GError        *error);
guint          vt_api_parse_retry_after (const char          *value,
                                         GDateTime           *now);
gboolean       vt_api_link_is_safe      (const char          *url);
void           vt_api_set_message       (VtQueryResult       *result,
                                         int                  code,
                                         const char          *words);
gboolean       vt_api_host_is_loopback  (const char          *host);

void           vt_task_apply_result     (VtTask              *self,
                                         const VtQueryResult *result,
                                         const GError        *error,
                                         GDateTime           *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtQueryResult, vt_query_result_free)

G_END_DECLS
