/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-kinds"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "vt-error.h"
#include "vt-kinds.h"

/*
 * The kinds of task, described once: where each is asked about, how its answer is read,
 * which answer means "this endpoint does not know the task" (MiniMax does not document it),
 * how long its links last, what it is called, and the order a task of unknown kind is
 * asked in (Video Agent, Hailuo, H3).
 */

/* v1 answers with HTTP 200, and says in the body what went wrong; any other status is
 * the error. */
static gboolean
answered (guint    http_status,
          GError **error)
{
  if (http_status >= 200 && http_status < 300)
    return TRUE;
  vt_api_set_http_error (error, http_status);
  return FALSE;
}

static gboolean
parse_agent (guint           http_status,
             GBytes         *body,
             const char     *task_id,
             VtQueryResult  *result,
             char          **file_id,
             GError        **error)
{
  return answered (http_status, error) && vt_api_parse_query (body, task_id, result, error);
}

static gboolean
parse_video (guint           http_status,
             GBytes         *body,
             const char     *task_id,
             VtQueryResult  *result,
             char          **file_id,
             GError        **error)
{
  return answered (http_status, error) &&
         vt_api_parse_video_query (body, task_id, result, file_id, error);
}

/* v2 answers with a real HTTP status and a body that says why; a redirect is no answer. */
static gboolean
parse_h3 (guint           http_status,
          GBytes         *body,
          const char     *task_id,
          VtQueryResult  *result,
          char          **file_id,
          GError        **error)
{
  if (http_status >= 300 && http_status < 400)
    {
      vt_api_set_http_error (error, http_status);
      return FALSE;
    }
  return vt_api_parse_h3_query (http_status, body, task_id, result, error);
}

/* Video Agent and Hailuo (v1): base_resp 2013 ("invalid params") in an HTTP 200. */
static gboolean
unknown_to_v1 (const VtQueryResult *result,
               const GError        *error)
{
  return result->http.status == SOUP_STATUS_OK && result->api_code == 2013 &&
         g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
}

/* H3 (v2): HTTP 404, or HTTP 400 whose error is about the task ID (vt_api_parse_h3_query()
 * words both as VT_ERROR_UNKNOWN_TASK). */
static gboolean
unknown_to_v2 (const VtQueryResult *result,
               const GError        *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK);
}

static const VtKindInfo kinds[] = {
  { VT_TASK_KIND_UNKNOWN, "detect", NULL, NULL, FALSE, NULL, NULL, VT_LINK_LIFETIME,
    VT_TASK_KIND_AGENT },
  { VT_TASK_KIND_AGENT, "agent", NC_("task kind", "Video Agent"), VT_API_QUERY_PATH, FALSE,
    parse_agent, unknown_to_v1, VT_LINK_LIFETIME, VT_TASK_KIND_VIDEO },
  { VT_TASK_KIND_VIDEO, "video", NC_("task kind", "Hailuo"), VT_API_VIDEO_QUERY_PATH, FALSE,
    parse_video, unknown_to_v1, VT_LINK_LIFETIME_SHORT, VT_TASK_KIND_H3 },
  { VT_TASK_KIND_H3, "h3", NC_("task kind", "H3"), VT_API_H3_QUERY_PATH, TRUE,
    parse_h3, unknown_to_v2, VT_LINK_LIFETIME_SHORT, VT_TASK_KIND_UNKNOWN },
};

/* Returns: what is known of @kind; %VT_TASK_KIND_UNKNOWN's asks first, and has no endpoint */
const VtKindInfo *
vt_kind_get (VtTaskKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), &kinds[0]);
  g_assert (kinds[kind].kind == kind);
  return &kinds[kind];
}
