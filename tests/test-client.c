/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtClient against the loopback MiniMax API: every answer, every failure. */

#include "config.h"

#include <locale.h>
#include <json-glib/json-glib.h>

#include "client-fixture.h"
#include "vt-body-stream.h"


static void
query (VtClient     *client,
       const char   *task_id,
       GCancellable *cancellable,
       Outcome      *o)
{
  outcome_clear (o);
  vt_client_query_async (client, task_id, VT_TASK_KIND_AGENT, cancellable, query_cb, o);
  wait_through_gate (client, o->done);
  g_assert_nonnull (o->result);
  g_assert_true (o->ok == (o->error == NULL));
}

static void
assert_never_left_api_host (VtMockServer *server)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);

  g_assert_cmpuint (vt_mock_server_count_requests (server, "cdn"), ==, 0);
  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = g_ptr_array_index (requests, i);
      g_assert_cmpstr (request->server, ==, "api");
    }
}

static void
test_statuses (Fixture       *f,
               gconstpointer  data)
{
  Outcome o = { 0 };
  g_autofree char *expected_url = NULL;

  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  query (f->client, "1001", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_PREPARING);
  g_assert_cmpuint (o.result->http.status, ==, 200);
  g_assert_nonnull (o.result->http.trace_id);

  vt_mock_server_set_timing (f->server, 0, 60 * 1000);
  query (f->client, "1002", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_PROCESSING);

  vt_mock_server_set_timing (f->server, 0, 0);
  query (f->client, "1003", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_SUCCESS);
  expected_url = g_strdup_printf ("%s/video/1003.mp4", vt_mock_server_get_cdn_url (f->server));
  g_assert_cmpstr (o.result->video_url, ==, expected_url);

  query (f->client, "fail", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_FAIL);

  query (f->client, "fail-1026", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_FAIL);
  g_assert_cmpint (o.result->api_code, ==, 1026);
  g_assert_nonnull (strstr (o.result->message, "input"));

  query (f->client, "fail-1027", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->api_code, ==, 1027);
  g_assert_nonnull (strstr (o.result->message, "video"));

  /* The mock server's aliases (used by the screenshots) answer under their own ID. */
  vt_mock_server_add_alias (f->server, "402118734529076231", "fail-1026");
  query (f->client, "402118734529076231", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpstr (o.result->task_id, ==, "402118734529076231");
  g_assert_cmpint (o.result->api_code, ==, 1026);

  query (f->client, "unknown-status", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_cmpstr (o.result->status_text, ==, "Queued");

  /* Every request carried the key and our User-Agent, and went to the API host only. */
  for (guint i = 0; i < vt_mock_server_get_requests (f->server)->len; i++)
    {
      VtMockRequest *request = g_ptr_array_index (vt_mock_server_get_requests (f->server), i);
      g_assert_cmpstr (request->authorization, ==, "Bearer " KEY);
      g_assert_cmpstr (request->user_agent, ==, "video-tasks/" PACKAGE_VERSION);
      g_assert_cmpstr (request->path, ==, "/v1/query/video_template_generation");
    }
  assert_never_left_api_host (f->server);
  outcome_clear (&o);
}

static void
test_keep_alive (Fixture       *f,
                 gconstpointer  data)
{
  Outcome o = { 0 };
  GPtrArray *requests = vt_mock_server_get_requests (f->server);

  query (f->client, "1", NULL, &o);
  query (f->client, "2", NULL, &o);
  query (f->client, "3", NULL, &o);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 1; i < requests->len; i++)
    g_assert_cmpuint (((VtMockRequest *) requests->pdata[i])->remote_port, ==,
                      ((VtMockRequest *) requests->pdata[0])->remote_port);
  outcome_clear (&o);
}

static const struct {
  int     code;
  VtError error;
} api_codes[] = {
  { 1000, VT_ERROR_SERVER }, { 1001, VT_ERROR_SERVER }, { 1002, VT_ERROR_RATE_LIMITED },
  { 1004, VT_ERROR_AUTH }, { 1008, VT_ERROR_INSUFFICIENT_BALANCE }, { 1024, VT_ERROR_SERVER },
  { 1033, VT_ERROR_SERVER }, { 1039, VT_ERROR_SERVER }, { 1041, VT_ERROR_RATE_LIMITED },
  { 2013, VT_ERROR_INVALID_TASK_ID }, { 2045, VT_ERROR_RATE_LIMITED }, { 2049, VT_ERROR_AUTH },
  { 2056, VT_ERROR_USAGE_LIMIT }, { 1234, VT_ERROR_API },
};

static void
test_api_errors (Fixture       *f,
                 gconstpointer  data)
{
  Outcome o = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (api_codes); i++)
    {
      g_autofree char *id = g_strdup_printf ("error-%d", api_codes[i].code);

      query (f->client, id, NULL, &o);
      g_assert_error (o.error, VT_ERROR, (int) api_codes[i].error);
      g_assert_cmpint (o.result->api_code, ==, api_codes[i].code);
      g_assert_nonnull (o.result->http.trace_id);
      g_assert_null (strstr (o.error->message, KEY));
    }
  outcome_clear (&o);
}

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  Outcome o = { 0 };

  vt_client_set_api_key (f->client, "not-the-key");
  query (f->client, "1", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_AUTH);
  g_assert_cmpint (o.result->api_code, ==, 1004);
  g_assert_nonnull (strstr (o.error->message, "region"));
  g_assert_null (strstr (o.error->message, "not-the-key"));
  outcome_clear (&o);
}

static const struct {
  const char *id;
  VtError     error;
  guint       http_status;
} http_cases[] = {
  { "http-401", VT_ERROR_AUTH, 401 },
  { "http-403", VT_ERROR_AUTH, 403 },
  { "http-429", VT_ERROR_RATE_LIMITED, 429 },
  { "http-500", VT_ERROR_SERVER, 500 },
  { "http-502", VT_ERROR_SERVER, 502 },
  { "http-503", VT_ERROR_SERVER, 503 },
  { "http-404", VT_ERROR_PROTOCOL, 404 },
  { "http-418", VT_ERROR_PROTOCOL, 418 },
  { "malformed", VT_ERROR_PROTOCOL, 200 },
  { "empty", VT_ERROR_PROTOCOL, 200 },
  { "html", VT_ERROR_PROTOCOL, 200 },
  { "not-object", VT_ERROR_PROTOCOL, 200 },
  { "wrong-type", VT_ERROR_PROTOCOL, 200 },
  { "no-base-resp", VT_ERROR_PROTOCOL, 200 },
  { "mismatch", VT_ERROR_PROTOCOL, 200 },
  { "no-link", VT_ERROR_PROTOCOL, 200 },
  { "unsafe-link", VT_ERROR_UNSAFE_LINK, 200 },
  { "huge", VT_ERROR_PROTOCOL, 200 },
  { "huge-chunked", VT_ERROR_PROTOCOL, 200 },
};

static void
test_http_and_body_errors (Fixture       *f,
                           gconstpointer  data)
{
  Outcome o = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      g_test_message ("%s", http_cases[i].id);
      query (f->client, http_cases[i].id, NULL, &o);
      g_assert_error (o.error, VT_ERROR, (int) http_cases[i].error);
      g_assert_cmpuint (o.result->http.status, ==, http_cases[i].http_status);
      g_assert_null (o.result->video_url);
      if (http_cases[i].http_status == 429)
        g_assert_cmpuint (o.result->http.retry_after, ==, 7);
      else
        g_assert_cmpuint (o.result->http.retry_after, ==, 0);
    }
  outcome_clear (&o);
}

static void
test_retry_after_date (Fixture       *f,
                       gconstpointer  data)
{
  Outcome o = { 0 };

  query (f->client, "http-429-date", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (o.result->http.retry_after, >=, 28);
  g_assert_cmpuint (o.result->http.retry_after, <=, 31);
  outcome_clear (&o);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **body = user_data;
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

/* The loopback CDN serves whole videos and byte ranges, as downloads will need. */
static void
test_mock_video_ranges (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/video/7.mp4", vt_mock_server_get_cdn_url (f->server));
  g_autoptr(SoupMessage) whole = soup_message_new ("GET", url);
  g_autoptr(SoupMessage) part = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  const guint8 *bytes;
  gsize size;

  vt_mock_server_set_video_size (f->server, 100000);

  soup_session_send_and_read_async (session, whole, G_PRIORITY_DEFAULT, NULL, send_cb, &body);
  wait_through_gate (f->client, body != NULL);
  g_assert_cmpuint (soup_message_get_status (whole), ==, 200);
  bytes = g_bytes_get_data (body, &size);
  g_assert_cmpuint (size, ==, 100000);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpuint (bytes[i], ==, vt_mock_server_video_byte (i));
  g_clear_pointer (&body, g_bytes_unref);

  soup_message_headers_set_range (soup_message_get_request_headers (part), 99000, -1);
  soup_session_send_and_read_async (session, part, G_PRIORITY_DEFAULT, NULL, send_cb, &body);
  wait_through_gate (f->client, body != NULL);
  g_assert_cmpuint (soup_message_get_status (part), ==, 206);
  bytes = g_bytes_get_data (body, &size);
  g_assert_cmpuint (size, ==, 1000);
  g_assert_cmpuint (bytes[0], ==, vt_mock_server_video_byte (99000));
  g_assert_cmpuint (bytes[999], ==, vt_mock_server_video_byte (99999));

  /* No Authorization reached the CDN: the session above never had one. */
  for (guint i = 0; i < vt_mock_server_get_requests (f->server)->len; i++)
    g_assert_null (((VtMockRequest *) vt_mock_server_get_requests (f->server)->pdata[i])->authorization);
}

static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  data)
{
  Outcome o = { 0 };

  query (f->client, "redirect", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_assert_cmpuint (o.result->http.status, ==, 302);
  /* Nothing, and so no Authorization header, reached the other host. */
  assert_never_left_api_host (f->server);
  outcome_clear (&o);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  Outcome o = { 0 };
  gint64 start = g_get_monotonic_time ();

  vt_client_set_timeout (f->client, 1);
  query (f->client, "slow-4", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  outcome_clear (&o);
}

/* What a POST, DELETE or upload came back with. */
typedef struct
{
  gboolean       done;
  GBytes        *body;
  VtQueryResult *info;
  GError        *error;
} Sent;

static void
sent_clear (Sent *sent)
{
  g_clear_pointer (&sent->body, g_bytes_unref);
  g_clear_pointer (&sent->info, vt_query_result_free);
  g_clear_error (&sent->error);
  sent->done = FALSE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sent *sent = user_data;

  sent->info = vt_query_result_new ();
  sent->body = vt_client_send_finish (VT_CLIENT (object), result, &sent->info->http, &sent->error);
  sent->done = TRUE;
}

static JsonObject *
answer_object (Sent       *sent,
               JsonParser *parser)
{
  g_assert_no_error (sent->error);
  g_assert_nonnull (sent->body);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (sent->body, NULL),
                                             g_bytes_get_size (sent->body), NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static const VtMockRequest *
last_request (VtMockServer *server)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);

  return requests->pdata[requests->len - 1];
}

/* POST and DELETE have what GET has: the key to the API host only, the answer's Trace-Id,
 * no redirect followed, the size cap and the deadline. */
static void
test_post_and_delete (Fixture       *f,
                      gconstpointer  data)
{
  static const char json[] = "{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"A cat on a skateboard\"}";
  static const char h3_json[] = "{\"model\":\"MiniMax-H3\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
  g_autoptr(GBytes) h3_body = g_bytes_new_static (h3_json, strlen (h3_json));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sent_json = NULL;
  JsonObject *answer;
  Sent sent = { 0 };

  vt_client_post_json_async (f->client, "/v1/video_generation", body, VT_GATE_CREATE_V1, NULL,
                             sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  answer = answer_object (&sent, parser);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (answer, "task_id"), "47"));
  g_assert_cmpuint (sent.info->http.status, ==, 200);
  g_assert_nonnull (sent.info->http.trace_id);
  sent_json = g_strndup (g_bytes_get_data (vt_mock_server_get_last_body (f->server), NULL),
                         g_bytes_get_size (vt_mock_server_get_last_body (f->server)));
  g_assert_cmpstr (sent_json, ==, json);
  g_assert_cmpstr (last_request (f->server)->authorization, ==, "Bearer " KEY);
  sent_clear (&sent);

  /* A body of megabytes (a creation's pictures) goes out whole, through its own stream. */
  {
    g_autoptr(GString) large = g_string_new ("{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"");
    g_autoptr(GBytes) large_body = NULL;

    for (guint i = 0; large->len < 3 * 1024 * 1024; i++)
      g_string_append_printf (large, "%u ", i);
    g_string_append (large, "\"}");
    large_body = g_bytes_new (large->str, large->len);
    vt_client_post_json_async (f->client, "/v1/video_generation", large_body, VT_GATE_CREATE_V1, NULL,
                               sent_cb, &sent);
    wait_through_gate (f->client, sent.done);
    g_assert_no_error (sent.error);
    g_assert_true (g_bytes_equal (vt_mock_server_get_last_body (f->server), large_body));
    sent_clear (&sent);
  }

  vt_client_delete_async (f->client, "/v2/video_generation/424010985738629", NULL, sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  answer = answer_object (&sent, parser);
  /* Finished there (the fixture's tasks take no time): deleted. */
  g_assert_cmpstr (json_object_get_string_member (answer, "action"), ==, "deleted");
  g_assert_cmpstr (last_request (f->server)->path, ==, "/v2/video_generation/424010985738629");
  sent_clear (&sent);

  /* A redirect's answer is the answer: its Location is never asked, with or without key. */
  vt_mock_server_fail_next (f->server, 1, "redirect");
  vt_client_post_json_async (f->client, "/v1/video_generation", body, VT_GATE_CREATE_V1, NULL,
                             sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  g_assert_no_error (sent.error);
  g_assert_cmpuint (sent.info->http.status, ==, 302);
  assert_never_left_api_host (f->server);
  sent_clear (&sent);

  vt_mock_server_fail_next (f->server, 1, "huge");
  vt_client_post_json_async (f->client, "/v1/video_generation", body, VT_GATE_CREATE_V1, NULL,
                             sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  g_assert_error (sent.error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (sent.error->message, "64 KiB"));
  sent_clear (&sent);

  vt_client_set_timeout (f->client, 1);
  vt_mock_server_fail_next (f->server, 1, "slow-4");
  vt_client_post_json_async (f->client, "/v2/video_generation", h3_body,
                             VT_GATE_CREATE_H3, NULL, sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  g_assert_error (sent.error, VT_ERROR, VT_ERROR_TIMEOUT);
  sent_clear (&sent);
}

static guint
n_done (Sent  *sent,
        guint  n)
{
  guint done = 0;

  for (guint i = 0; i < n; i++)
    done += sent[i].done;
  return done;
}

/* Creating spends creation's budget: Hailuo tasks go one a second, five a minute, and the
 * sixth waits for the minute while a query does not wait at all. */
static void
test_create_budget (Fixture       *f,
                    gconstpointer  data)
{
  static const char json[] = "{\"model\":\"MiniMax-Hailuo-02\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
  VtGate *gate = vt_client_get_gate (f->client);
  Sent sent[6] = { { 0 } };
  Outcome o = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (sent); i++)
    vt_client_post_json_async (f->client, "/v1/video_generation", body, VT_GATE_CREATE_V1, NULL,
                               sent_cb, &sent[i]);
  for (guint second = 0; second < 5; second++)
    {
      vt_test_wait_until (n_done (sent, G_N_ELEMENTS (sent)) == second + 1);
      vt_clock_advance (f->clock, G_TIME_SPAN_SECOND);
    }
  vt_test_drain ();
  g_assert_cmpuint (n_done (sent, G_N_ELEMENTS (sent)), ==, 5);
  g_assert_cmpuint (vt_gate_get_n_waiting (gate), ==, 1);

  vt_client_query_async (f->client, "4000000001", VT_TASK_KIND_AGENT, NULL, query_cb, &o);
  vt_test_wait_until (o.done);
  g_assert_false (sent[5].done);

  vt_clock_advance (f->clock, 55 * G_TIME_SPAN_SECOND);
  vt_test_wait_until (sent[5].done);
  for (guint i = 0; i < G_N_ELEMENTS (sent); i++)
    {
      g_assert_no_error (sent[i].error);
      sent_clear (&sent[i]);
    }
  outcome_clear (&o);
}

/* An upload is multipart/form-data with the purpose and the file; one over the cap is not
 * sent at all. */
static void
test_upload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) clip = g_bytes_new_static ("not really a video", 18);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (VT_UPLOAD_MAX_SIZE + 1), VT_UPLOAD_MAX_SIZE + 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *file;
  guint before;
  Sent sent = { 0 };

  vt_client_upload_async (f->client, "video_generation_input", "clip.mp4", "video/mp4", clip,
                          NULL, sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  file = json_object_get_object_member (answer_object (&sent, parser), "file");
  g_assert_cmpint (json_object_get_int_member (file, "bytes"), ==, 18);
  g_assert_cmpstr (json_object_get_string_member (file, "filename"), ==, "clip.mp4");
  g_assert_cmpstr (json_object_get_string_member (file, "purpose"), ==, "video_generation_input");
  g_assert_cmpstr (last_request (f->server)->path, ==, "/v1/files/upload");
  g_assert_cmpstr (last_request (f->server)->authorization, ==, "Bearer " KEY);
  sent_clear (&sent);

  before = vt_mock_server_count_requests (f->server, "api");
  vt_client_upload_async (f->client, "video_generation_input", "big.mp4", "video/mp4", huge,
                          NULL, sent_cb, &sent);
  wait_through_gate (f->client, sent.done);
  g_assert_error (sent.error, VT_ERROR, VT_ERROR_FILE_TOO_LARGE);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, before);
  sent_clear (&sent);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  Outcome o = { 0 };

  /* The server holds its answer until its clock moves, which it never does here. */
  vt_mock_server_set_clock (f->server, clock);
  vt_client_query_async (f->client, "slow-4", VT_TASK_KIND_AGENT, cancellable, query_cb, &o);
  vt_test_wait_until (vt_mock_server_get_n_waiting (f->server) == 1);
  g_assert_false (o.done);
  g_cancellable_cancel (cancellable);
  wait_through_gate (f->client, o.done);
  g_assert_false (o.ok);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&o);
}

static void
test_url_encoding (Fixture       *f,
                   gconstpointer  data)
{
  Outcome o = { 0 };
  VtMockRequest *request;

  query (f->client, "a b&c=d/é#?", NULL, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, VT_TASK_STATUS_SUCCESS);
  request = g_ptr_array_index (vt_mock_server_get_requests (f->server), 0);
  g_assert_cmpstr (request->query, ==, "task_id=a%20b%26c%3Dd%2F%C3%A9%23%3F");
  outcome_clear (&o);
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  Outcome o = { 0 };

  vt_client_set_api_key (f->client, "   ");
  g_assert_false (vt_client_has_api_key (f->client));
  query (f->client, "1", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_NO_API_KEY);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 0);
  outcome_clear (&o);
}

static void
test_network_error (void)
{
  g_autoptr(VtClient) client = vt_client_new ();
  g_autofree char *host = vt_test_closed_port_url ();
  Outcome o = { 0 };

  g_assert_true (vt_client_set_host (client, host, NULL));
  vt_client_set_api_key (client, KEY);
  query (client, "1", NULL, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_NETWORK);
  g_assert_cmpuint (o.result->http.status, ==, 0);
  /* A host of the user's own is named, not "check your network"; the key never is. */
  {
    g_autofree char *named = g_strdup_printf ("%s cannot be reached. Check the API "
                                              "host, and your network connection.",
                                              host + strlen ("http://"));
    g_assert_cmpstr (o.error->message, ==, named);
    g_assert_null (strstr (o.error->message, KEY));
  }
  outcome_clear (&o);
}

static void
test_hosts (void)
{
  static const struct {
    const char *input;
    const char *normalized;
  } hosts[] = {
    { "https://api.minimaxi.com", "https://api.minimaxi.com" },
    { "https://api.minimax.io/", "https://api.minimax.io" },
    { "  api.minimax.chat  ", "https://api.minimax.chat" },
    { "HTTPS://API.minimax.io", "https://api.minimax.io" },
    { "https://proxy.example.com:8443/minimax/", "https://proxy.example.com:8443/minimax" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://localhost:1", "http://localhost:1" },
    { "http://[::1]:99", "http://[::1]:99" },
    { "http://api.minimax.io", NULL },
    { "http://192.168.1.2", NULL },
    { "ftp://api.minimax.io", NULL },
    { "https://user:pass@api.minimax.io", NULL },
    { "https://api.minimax.io/?x=1", NULL },
    { "", NULL },
    { "https://", NULL },
    { "a%2fb", NULL },
    /* Found by tests/fuzz/fuzz-headers: what GLib's parser lets through as a host. */
    { "https://*h div\f", NULL },
    { "ht\002 :", NULL },
    { "https://api minimax.io", NULL },
    { "https://api.minimax.io/a b", NULL },
    { "https://api.mínimax.io", NULL },
    { "https://xn--mnimax-bva.io", "https://xn--mnimax-bva.io" },
    { "https://api%2Eminimax.io", NULL },
    { "https://proxy.example.com/a%2Fb/", "https://proxy.example.com/a%2Fb" },
    /* A browser's host is evil.example (a backslash is a slash to it), GLib's 127.0.0.2. */
    { "http://evil.example\\@127.0.0.2/", NULL },
    { "http://127.0.0.1\\@evil.example/", NULL },
    { "https://api.minimax.io/v1\\x", NULL },
    { "http://evil.example@127.0.0.1", NULL },
    { "http://@127.0.0.1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = vt_client_normalize_host (hosts[i].input, &error);

      g_test_message ("%s", hosts[i].input);
      g_assert_cmpstr (normalized, ==, hosts[i].normalized);
      if (hosts[i].normalized == NULL)
        g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_HOST);
      else
        {
          /* Normalizing is idempotent. */
          g_autofree char *again = vt_client_normalize_host (normalized, NULL);
          g_assert_cmpstr (again, ==, normalized);
        }
    }
}

/* A host with a user name or a backslash is refused for that reason, in words that say it,
 * and without repeating what may be a password. */
static void
test_host_userinfo (void)
{
  static const struct {
    const char *input;
    const char *says;
  } hosts[] = {
    { "http://evil.example\\@127.0.0.2/", "backslash" },
    { "HTTP://127.0.0.1\\evil.example", "backslash" },
    { "https://user:s3cret@api.minimax.io", "user name or password" },
    { "user:s3cret@api.minimax.io", "user name or password" },
    { "http://evil.example@[::1]:8080", "user name or password" },
    /* Not parsed by GLib at all (a % in the authority, non-ASCII): still not repeated. */
    { "https://user:s3cr%65t@api.minimax.io", "user name or password" },
    { "https://user:s3cret\xc3\xa9@api.minimax.io/v1", "user name or password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = vt_client_normalize_host (hosts[i].input, &error);

      g_test_message ("%s", hosts[i].input);
      g_assert_null (normalized);
      g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_HOST);
      g_assert_nonnull (strstr (error->message, hosts[i].says));
      g_assert_null (strstr (error->message, "s3cret"));
    }
}

static void
note_cb (gpointer data)
{
  GString *order = data;

  g_string_append (order, "frame ");
}

static gboolean
frame_cb (gpointer data)
{
  note_cb (data);
  return G_SOURCE_REMOVE;
}

static void
piece_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  GString *order = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  g_assert_no_error (error);
  g_string_append_printf (order, "read:%" G_GSSIZE_FORMAT " ", n);
}

/* A large body is read a piece at a time below the redraws: a frame due when a piece is
 * asked for is drawn before the piece is handed over, whatever priority the piece was asked
 * at. And the pieces are the body. */
static void
test_body_stream (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("0123456789abcdefghij", 20);
  g_autoptr(GInputStream) stream = vt_body_stream_new (bytes);
  g_autoptr(GString) order = g_string_new (NULL);
  char buffer[16];
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  g_input_stream_read_async (stream, buffer, 8, G_PRIORITY_DEFAULT, NULL, piece_read_cb, order);
  /* GDK's redraws run at G_PRIORITY_HIGH_IDLE + 20. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, frame_cb, order, NULL);
  vt_test_wait_until (strstr (order->str, "read") != NULL);
  g_assert_cmpstr (order->str, ==, "frame read:8 ");
  g_assert_cmpmem (buffer, 8, "01234567", 8);

  g_assert_true (g_input_stream_read_all (stream, buffer, sizeof buffer, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "89abcdefghij", 12);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("statuses", test_statuses);
  ADD ("keep-alive", test_keep_alive);
  ADD ("api-errors", test_api_errors);
  ADD ("wrong-key", test_wrong_key);
  ADD ("http-and-body-errors", test_http_and_body_errors);
  ADD ("redirect-not-followed", test_redirect_not_followed);
  ADD ("retry-after-date", test_retry_after_date);
  ADD ("mock-video-ranges", test_mock_video_ranges);
  ADD ("timeout", test_timeout);
  ADD ("post-and-delete", test_post_and_delete);
  ADD ("create-budget", test_create_budget);
  ADD ("upload", test_upload);
  ADD ("cancel", test_cancel);
  ADD ("url-encoding", test_url_encoding);
  ADD ("no-key", test_no_key);
#undef ADD
  g_test_add_func ("/client/body-stream", test_body_stream);
  g_test_add_func ("/client/network-error", test_network_error);
  g_test_add_func ("/client/hosts", test_hosts);
  g_test_add_func ("/client/host-userinfo", test_host_userinfo);

  return g_test_run ();
}
