/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "vt-clock.h"

G_BEGIN_DECLS

/*
 * A loopback server that speaks the documented MiniMax query API, for tests and the demo:
 * Video Agent here, Hailuo (v1) and MiniMax-H3 (v2) as vt-mock-server-video.c says; creating,
 * deleting and uploading as vt-mock-server-create.c says; the (undocumented) balance
 * endpoints as vt_mock_server_set_account() says.
 * It listens on two random ports of 127.0.0.1: the API host and a "CDN" that serves the
 * videos, and records every request each one received.
 *
 * Its endpoints are written out as MiniMax documents them (api_routes in vt-mock-server.c),
 * never taken from the client's constants, so a client asking for a wrong path gets a 404.
 *
 * Any task ID goes Preparing → Processing → Success over time from its first query (1, 2, 4
 * or 8 times the set durations, by its last character).
 * Scripted IDs behave otherwise (agent_behaviours in vt-mock-server.c): fail (or fail-0),
 * fail-1026, fail-1027, error-NNNN, http-NNN, redirect, malformed, empty, html, not-object,
 * wrong-type, no-base-resp, mismatch, unknown-status, no-link, unsafe-link, wait-N (HTTP 429,
 * Retry-After: N), storm-N (HTTP 503, Retry-After: N), huge,
 * huge-chunked, slow (or slow-N seconds, or slow-N-anything: distinct tasks that answer after
 * N seconds). vt_mock_server_add_alias() gives a real-looking ID one of these behaviours.
 * vt_mock_server_fail_next() makes the next queries behave like a scripted ID, whatever
 * task they ask about (rate limiting, say); "proxy-404" is a proxy's HTML 404 page.
 */

#define VT_TYPE_MOCK_SERVER (vt_mock_server_get_type ())

G_DECLARE_FINAL_TYPE (VtMockServer, vt_mock_server, VT, MOCK_SERVER, GObject)

typedef struct
{
  char *server;          /* "api" or "cdn" */
  char *path;
  char *query;
  char *authorization;   /* NULL when none was sent */
  char *user_agent;
  char *range;           /* the Range header, NULL when none was sent */
  char *if_range;
  guint16 remote_port;   /* the client's port: the same one means a kept-alive connection */
  gint64 time;           /* the server's clock's monotonic time when it arrived */
} VtMockRequest;

VtMockServer *vt_mock_server_new            (const char    *api_key,
                                             GError       **error);
const char   *vt_mock_server_get_api_url    (VtMockServer  *self);
const char   *vt_mock_server_get_cdn_url    (VtMockServer  *self);
void          vt_mock_server_add_alias      (VtMockServer  *self,
                                             const char    *task_id,
                                             const char    *behaviour);
void          vt_mock_server_set_h3_listed  (VtMockServer  *self,
                                             guint          n_tasks);
void          vt_mock_server_set_h3_listed_first_id (VtMockServer *self,
                                             guint64        first_id);
void          vt_mock_server_set_h3_list_answer (VtMockServer *self,
                                             const char    *behaviour);
GBytes       *vt_mock_server_get_last_body  (VtMockServer  *self);
void          vt_mock_server_set_account    (VtMockServer  *self,
                                             const char    *account);
void          vt_mock_server_set_timing     (VtMockServer  *self,
                                             guint          preparing_ms,
                                             guint          processing_ms);
void          vt_mock_server_set_video_size (VtMockServer  *self,
                                             gsize          size);
void          vt_mock_server_set_video      (VtMockServer  *self,
                                             GBytes        *video,
                                             gsize          size);
void          vt_mock_server_set_video_rate (VtMockServer  *self,
                                             gsize          bytes_per_second);
void          vt_mock_server_set_video_version (VtMockServer *self,
                                             guint          version);
GPtrArray    *vt_mock_server_get_requests   (VtMockServer  *self);
guint         vt_mock_server_count_requests (VtMockServer  *self,
                                             const char    *server);
void          vt_mock_server_set_clock      (VtMockServer  *self,
                                             VtClock       *clock);
void          vt_mock_server_fail_next      (VtMockServer  *self,
                                             guint          count,
                                             const char    *behaviour);
guint         vt_mock_server_get_max_concurrent (VtMockServer *self);
guint         vt_mock_server_get_n_waiting  (VtMockServer  *self);
guint8        vt_mock_server_video_byte     (gsize          offset);
void          vt_mock_server_set_next_h3_error (VtMockServer *self,
                                                const char   *message);

G_END_DECLS
