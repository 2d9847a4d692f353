/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-mock-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "vt-limits.h"
#include "vt-mock-server-private.h"


G_DEFINE_FINAL_TYPE (VtMockServer, vt_mock_server, G_TYPE_OBJECT)

static void
vt_mock_request_free (VtMockRequest *request)
{
  g_free (request->server);
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->user_agent);
  g_free (request->range);
  g_free (request->if_range);
  g_free (request);
}

/* Deterministic content, so a downloaded file can be checked byte for byte. */
guint8
vt_mock_server_video_byte (gsize offset)
{
  return (guint8) ((offset * 31 + (offset >> 8) * 7) & 0xff);
}

/* The byte served at @offset: the pattern, or the real video set with
 * vt_mock_server_set_video(), padded to the video's size (see there). */
static guint8
served_byte (VtMockServer *self,
             gsize         offset)
{
  const guint8 *data;
  gsize length, padding;

  if (self->video == NULL)
    return vt_mock_server_video_byte (offset);
  data = g_bytes_get_data (self->video, &length);
  padding = self->video_size - length;
  if (offset < self->video_pad_at)
    return data[offset];
  if (offset >= self->video_pad_at + padding)
    return data[offset - padding];
  offset -= self->video_pad_at;
  if (self->video_pad_box && padding >= 8 && padding <= G_MAXUINT32 && offset < 8)
    {
      const guint8 header[8] = { padding >> 24, (padding >> 16) & 0xff, (padding >> 8) & 0xff, padding & 0xff,
                                 'f', 'r', 'e', 'e' };

      return header[offset];
    }
  return 0;
}

void
vt_mock_record (VtMockServer      *self,
        const char        *server,
        SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  VtMockRequest *request = g_new0 (VtMockRequest, 1);
  GSocketAddress *remote;

  request->server = g_strdup (server);
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->time = vt_clock_get_monotonic (self->clock);
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  request->range = g_strdup (soup_message_headers_get_one (headers, "Range"));
  request->if_range = g_strdup (soup_message_headers_get_one (headers, "If-Range"));
  remote = soup_server_message_get_remote_address (msg);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    request->remote_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
  g_ptr_array_add (self->requests, request);
}

void
vt_mock_set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

void
vt_mock_set_json (SoupServerMessage *msg,
          JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  vt_mock_set_body (msg, SOUP_STATUS_OK, "application/json", text);
}

void
vt_mock_add_base_resp (JsonBuilder *builder,
               int          code,
               const char  *message)
{
  json_builder_set_member_name (builder, "base_resp");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status_code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "status_msg");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
}

static void
answer_task (SoupServerMessage *msg,
             const char        *task_id,
             const char        *status,
             const char        *video_url,
             int                code,
             const char        *code_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (video_url != NULL)
    {
      json_builder_set_member_name (builder, "video_url");
      json_builder_add_string_value (builder, video_url);
    }
  vt_mock_add_base_resp (builder, code, code_message);
  json_builder_end_object (builder);

  vt_mock_set_json (msg, builder);
}

void
vt_mock_answer_api_error (SoupServerMessage *msg,
                  int                code,
                  const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "");
  vt_mock_add_base_resp (builder, code, message);
  json_builder_end_object (builder);

  vt_mock_set_json (msg, builder);
}

const char *
vt_mock_api_code_message (int code)
{
  switch (code)
    {
    case 1000: return "unknown error";
    case 1001: return "request timeout";
    case 1002: return "rate limit exceeded";
    case 1004: return "login fail: Please carefully check the correctness of your API key";
    case 1008: return "insufficient balance";
    case 1024: return "internal error";
    case 1026: return "input new_sensitive";
    case 1027: return "output new_sensitive";
    case 1033: return "system error";
    case 1039: return "token limit";
    case 1041: return "conn limit";
    case 2013: return "invalid params";
    case 2045: return "rate growth limit";
    case 2049: return "invalid api key";
    case 2056: return "usage limit exceeded";
    default: return "mock error";
    }
}

/* Where a task is by the server's clock, from its first query: 0 and 1 while preparing (1:
 * queueing, for the kinds that have it), 2 processing, 3 done. Tasks take 1, 2, 4 or 8 times
 * as long by their last character, so that a list shows every stage at once. */
guint
vt_mock_stage (VtMockServer *self,
               const char   *task_id)
{
  gpointer value;
  gint64 scale;
  gint64 first_seen;
  gint64 elapsed_ms;

  if (!g_hash_table_lookup_extended (self->first_seen, task_id, NULL, &value))
    {
      value = g_memdup2 (&(gint64) { vt_clock_get_monotonic (self->clock) }, sizeof (gint64));
      g_hash_table_insert (self->first_seen, g_strdup (task_id), value);
    }
  first_seen = *(gint64 *) value;
  elapsed_ms = (vt_clock_get_monotonic (self->clock) - first_seen) / 1000;
  scale = 1 << (task_id[strlen (task_id) - 1] % 4);

  if (elapsed_ms * 2 < (gint64) self->preparing_ms * scale)
    return 0;
  if (elapsed_ms < (gint64) self->preparing_ms * scale)
    return 1;
  if (elapsed_ms < ((gint64) self->preparing_ms + self->processing_ms) * scale)
    return 2;
  return 3;
}

/* A link to the task's video. Links of "expire" tasks carry a token; each query issues a
 * fresh one, as MiniMax does. */
char *
vt_mock_video_url (VtMockServer *self,
                   const char   *task_id,
                   const char   *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (task_id, NULL, FALSE);

  if (strstr (task_id, "expire") != NULL)
    return g_strdup_printf ("%s/video/%s%s.mp4?token=%u", self->cdn_url, escaped, suffix,
                            ++self->link_counter);
  return g_strdup_printf ("%s/video/%s%s.mp4", self->cdn_url, escaped, suffix);
}

static void
answer_progress (VtMockServer      *self,
                 SoupServerMessage *msg,
                 const char        *task_id)
{
  guint stage = vt_mock_stage (self, task_id);

  if (stage < 2)
    answer_task (msg, task_id, "Preparing", NULL, 0, "success");
  else if (stage == 2)
    answer_task (msg, task_id, "Processing", NULL, 0, "success");
  else
    {
      g_autofree char *url = vt_mock_video_url (self, task_id, "");

      answer_task (msg, task_id, "Success", url, 0, "success");
    }
}

typedef struct
{
  VtMockServer      *self;
  SoupServerMessage *msg;
  char              *task_id;
  guint              source;
} Delayed;

static void
delayed_free (Delayed *delayed)
{
  g_clear_handle_id (&delayed->source, g_source_remove);
  g_object_unref (delayed->msg);
  g_free (delayed->task_id);
  g_free (delayed);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  VtMockServer *self = delayed->self;

  delayed->source = 0;
  self->concurrent--;
  self->delayed = g_list_remove (self->delayed, delayed);
  answer_progress (self, delayed->msg, delayed->task_id);
  soup_server_message_unpause (delayed->msg);
  delayed_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
answer_huge (SoupServerMessage *msg,
             const char        *task_id,
             gboolean           chunked)
{
  g_autoptr(GString) body = g_string_new ("{\"task_id\": \"");
  SoupMessageBody *response = soup_server_message_get_response_body (msg);

  g_string_append (body, task_id);
  g_string_append (body, "\", \"status\": \"Processing\", \"padding\": \"");
  for (gsize i = 0; i < 2 * VT_API_MAX_RESPONSE_SIZE; i++)
    g_string_append_c (body, 'x');
  g_string_append (body, "\", \"base_resp\": {\"status_code\": 0, \"status_msg\": \"success\"}}");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  if (chunked)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_CHUNKED);
  soup_message_body_append (response, SOUP_MEMORY_COPY, body->str, body->len);
  soup_message_body_complete (response);
}

static void
answer_error_code (VtMockServer      *self,
                   SoupServerMessage *msg,
                   const char        *task_id,
                   const char        *behaviour,
                   guint              number)
{
  vt_mock_answer_api_error (msg, (int) number, vt_mock_api_code_message ((int) number));
}

static void
answer_http_status (VtMockServer      *self,
                    SoupServerMessage *msg,
                    const char        *task_id,
                    const char        *behaviour,
                    guint              number)
{
  if (number == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", "7");
  if (number >= 500)
    vt_mock_set_body (msg, number, "text/html",
                      "<html><head><title>Bad Gateway</title></head><body>nginx</body></html>");
  else
    vt_mock_set_body (msg, number, "application/json", "{\"error\": \"mock HTTP error\"}");
}

/* "wait-N": HTTP 429 with Retry-After: N; "storm-N": HTTP 503 with Retry-After: N, as a
 * server that is down for a while says. */
static void
answer_retry_after (VtMockServer      *self,
                    SoupServerMessage *msg,
                    const char        *task_id,
                    const char        *behaviour,
                    guint              number)
{
  g_autofree char *seconds = g_strdup_printf ("%u", number);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                seconds);
  if (g_str_has_prefix (behaviour, "storm-"))
    vt_mock_set_body (msg, 503, "text/html",
                      "<html><head><title>Service Unavailable</title></head><body>nginx</body></html>");
  else
    vt_mock_set_body (msg, 429, "application/json", "{\"error\": \"slow down\"}");
}

/* Retry-After as an HTTP date, 30 seconds from now. */
static void
answer_http_429_date (VtMockServer      *self,
                      SoupServerMessage *msg,
                      const char        *task_id,
                      const char        *behaviour,
                      guint              number)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 30);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                date);
  vt_mock_set_body (msg, 429, "application/json", "{\"error\": \"slow down\"}");
}

static void
answer_redirect (VtMockServer      *self,
                 SoupServerMessage *msg,
                 const char        *task_id,
                 const char        *behaviour,
                 guint              number)
{
  g_autofree char *location = g_strconcat (self->cdn_url, "/steal?task_id=redirect", NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

/* Answered under the ID asked about (the tests' IDs need no JSON escaping). */
static void
answer_wrong_type (VtMockServer      *self,
                   SoupServerMessage *msg,
                   const char        *task_id,
                   const char        *behaviour,
                   guint              number)
{
  g_autofree char *body = g_strdup_printf ("{\"task_id\": \"%s\", \"status\": 2, \"base_resp\": "
                                           "{\"status_code\": 0, \"status_msg\": \"success\"}}",
                                           task_id);

  vt_mock_set_body (msg, SOUP_STATUS_OK, "application/json", body);
}

static void
answer_no_base_resp (VtMockServer      *self,
                     SoupServerMessage *msg,
                     const char        *task_id,
                     const char        *behaviour,
                     guint              number)
{
  g_autofree char *body = g_strdup_printf ("{\"task_id\": \"%s\", \"status\": \"Processing\"}",
                                           task_id);

  vt_mock_set_body (msg, SOUP_STATUS_OK, "application/json", body);
}

/* The answer is about another task. */
static void
answer_mismatch (VtMockServer      *self,
                 SoupServerMessage *msg,
                 const char        *task_id,
                 const char        *behaviour,
                 guint              number)
{
  answer_task (msg, "401047179385389059", "Processing", NULL, 0, "success");
}

static void
answer_huge_whole (VtMockServer      *self,
                   SoupServerMessage *msg,
                   const char        *task_id,
                   const char        *behaviour,
                   guint              number)
{
  answer_huge (msg, task_id, FALSE);
}

static void
answer_huge_chunked (VtMockServer      *self,
                     SoupServerMessage *msg,
                     const char        *task_id,
                     const char        *behaviour,
                     guint              number)
{
  answer_huge (msg, task_id, TRUE);
}

/* "slow" waits 3 seconds of the server's clock, "slow-N…" N seconds, then answers as any
 * task does. */
static void
answer_slow (VtMockServer      *self,
             SoupServerMessage *msg,
             const char        *task_id,
             const char        *behaviour,
             guint              number)
{
  Delayed *delayed = g_new0 (Delayed, 1);
  guint seconds = g_str_equal (behaviour, "slow") ? 3 : (guint) g_ascii_strtoull (behaviour + 5, NULL, 10);

  self->concurrent++;
  self->max_concurrent = MAX (self->max_concurrent, self->concurrent);
  delayed->self = self;
  delayed->msg = g_object_ref (msg);
  delayed->task_id = g_strdup (task_id);
  soup_server_message_pause (msg);
  delayed->source = vt_clock_timeout_add (self->clock, seconds * 1000, delayed_cb, delayed);
  self->delayed = g_list_prepend (self->delayed, delayed);
}

typedef void (*AnswerFunc) (VtMockServer      *self,
                            SoupServerMessage *msg,
                            const char        *task_id,
                            const char        *behaviour,
                            guint              number);

/* One scripted Video Agent behaviour. @name is the task ID (or what an alias or
 * vt_mock_server_fail_next() names); ending in "*" it matches any ID that begins so, ending
 * in "{N}" any that goes on with a number from @min to @max. The answer is made by @answer,
 * or is @body as sent, or else a task in the documented shape. */
typedef struct
{
  const char *name;
  guint       min;
  guint       max;
  AnswerFunc  answer;
  const char *content_type;
  const char *body;
  const char *status;
  const char *link;
  int         code;
  const char *message;      /* base_resp.status_msg; NULL: the code's own words */
} AgentBehaviour;

#define CALL(name, func) { name, 0, 0, func, NULL, NULL, NULL, NULL, 0, NULL }
#define NUMBERED(name, min, max, func) { name, min, max, func, NULL, NULL, NULL, NULL, 0, NULL }
#define BODY(name, type, body) { name, 0, 0, NULL, type, body, NULL, NULL, 0, NULL }
#define TASK(name, status, link, code, message) \
  { name, 0, 0, NULL, NULL, NULL, status, link, code, message }

/* The first entry that matches wins; an ID that matches none progresses with time. */
static const AgentBehaviour agent_behaviours[] = {
  TASK ("fail", "Fail", NULL, 0, "success"),
  TASK ("fail-0", "Fail", NULL, 0, "success"),
  TASK ("fail-1026", "Fail", NULL, 1026, NULL),
  TASK ("fail-1027", "Fail", NULL, 1027, NULL),
  NUMBERED ("error-{N}", 1, 99999, answer_error_code),
  NUMBERED ("http-{N}", 100, 599, answer_http_status),
  CALL ("http-429-date", answer_http_429_date),
  NUMBERED ("wait-{N}", 0, 7200, answer_retry_after),
  NUMBERED ("storm-{N}", 0, 7200, answer_retry_after),
  CALL ("redirect", answer_redirect),
  BODY ("malformed", "application/json", "{\"task_id\": \"malformed\", \"status\": "),
  BODY ("empty", "application/json", ""),
  BODY ("html", "text/html", "<!DOCTYPE html><html><body>Welcome</body></html>"),
  BODY ("not-object", "application/json", "[\"Success\"]"),
  CALL ("wrong-type", answer_wrong_type),
  CALL ("no-base-resp", answer_no_base_resp),
  CALL ("mismatch", answer_mismatch),
  TASK ("unknown-status*", "Queued", NULL, 0, "success"),
  /* Sets the terminal's title, rings, clears the screen, then a C1 CSI turns text red. */
  TASK ("control-status", "Queued\x1b]0;owned\x07\x1b[2J\xc2\x9b" "31m", NULL, 0,
        "success\x1b[2J"),
  TASK ("control-link", "Success", "https://cdn.example.com/v.mp4\x1b[2J", 0, "success"),
  TASK ("space-link", "Success", "https://cdn.example.com/a b.mp4", 0, "success"),
  TASK ("no-link", "Success", NULL, 0, "success"),
  TASK ("unsafe-link", "Success", "http://cdn.example.com/video.mp4", 0, "success"),
  CALL ("huge", answer_huge_whole),
  CALL ("huge-chunked", answer_huge_chunked),
  CALL ("slow", answer_slow),
  CALL ("slow-*", answer_slow),
};

#undef CALL
#undef NUMBERED
#undef BODY
#undef TASK

static gboolean
behaviour_matches (const AgentBehaviour *entry,
                   const char           *behaviour,
                   guint                *number)
{
  gsize n = strlen (entry->name);
  guint64 value;

  if (g_str_has_suffix (entry->name, "{N}"))
    {
      n -= strlen ("{N}");
      if (strncmp (behaviour, entry->name, n) != 0 ||
          !g_ascii_string_to_unsigned (behaviour + n, 10, entry->min, entry->max, &value, NULL))
        return FALSE;
      *number = (guint) value;
      return TRUE;
    }
  if (g_str_has_suffix (entry->name, "*"))
    return strncmp (behaviour, entry->name, n - 1) == 0;
  return g_str_equal (behaviour, entry->name);
}

/* GET /v1/query/video_template_generation?task_id= */
/* GET /account/query_balance: what a pay-as-you-go account has, as MiniMax's CLI reads it.
 * Other accounts' keys are refused here. */
static void
answer_balance (VtMockServer      *self,
                SoupServerMessage *msg,
                const char        *path_id,
                GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const amounts[] = {
    "available_amount", "25.50", "cash_balance", "20.50", "voucher_balance", "5.00",
    "credit_balance", "0.00", "owed_amount", "0.00",
  };

  if (g_strcmp0 (self->account, "none") == 0)
    {
      vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<html><body>404 Not Found</body></html>");
      return;
    }
  if (g_strcmp0 (self->account, "token-plan") == 0)
    {
      vt_mock_answer_api_error (msg, 1004, vt_mock_api_code_message (1004));
      return;
    }
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i += 2)
    {
      json_builder_set_member_name (builder, amounts[i]);
      json_builder_add_string_value (builder,
                                     g_strcmp0 (self->account, "malformed") == 0 ? "lots" : amounts[i + 1]);
    }
  json_builder_set_member_name (builder, "balance_alert_switch");
  json_builder_add_boolean_value (builder, FALSE);
  vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

/* GET /v1/token_plan/remains: a Token Plan's quotas, a text model's and a video model's. */
static void
answer_token_plan (VtMockServer      *self,
                   SoupServerMessage *msg,
                   const char        *path_id,
                   GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const struct
  {
    const char *model;
    gint64      total;
    gint64      used;
  } models[] = {
    { "MiniMax-M2", 1500, 200 },
    { "MiniMax-Hailuo-02", 20, 8 },
  };
  gboolean plan = g_strcmp0 (self->account, "token-plan") == 0;

  if (g_strcmp0 (self->account, "none") == 0)
    {
      vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<html><body>404 Not Found</body></html>");
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model_remains");
  json_builder_begin_array (builder);
  for (guint i = 0; plan && i < G_N_ELEMENTS (models); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model_name");
      json_builder_add_string_value (builder, models[i].model);
      json_builder_set_member_name (builder, "current_interval_total_count");
      json_builder_add_int_value (builder, models[i].total);
      json_builder_set_member_name (builder, "current_interval_usage_count");
      json_builder_add_int_value (builder, models[i].used);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

static void
answer_agent_query (VtMockServer      *self,
                    SoupServerMessage *msg,
                    const char        *path_id,
                    GHashTable        *query)
{
  const char *task_id = query != NULL ? g_hash_table_lookup (query, "task_id") : NULL;
  const char *behaviour;

  if (task_id == NULL || *task_id == '\0')
    {
      vt_mock_answer_api_error (msg, 2013, "invalid params, task_id is required");
      return;
    }

  if (self->fail_count > 0)
    {
      self->fail_count--;
      task_id = self->fail_behaviour;
    }

  /* An alias behaves as its scripted ID but is answered under its own. */
  behaviour = vt_mock_behaviour_of (self, task_id);

  /* Video Agent does not know the tasks of the other kinds. */
  if (vt_mock_kind_of (behaviour) != VT_TASK_KIND_AGENT)
    {
      vt_mock_answer_api_error (msg, 2013, vt_mock_api_code_message (2013));
      return;
    }

  if (!vt_mock_answer_behaviour (self, msg, task_id, behaviour))
    answer_progress (self, msg, task_id);
}

/**
 * vt_mock_answer_behaviour:
 *
 * Answers as @behaviour of the Video Agent table says, about @task_id.
 *
 * Returns: whether the table has @behaviour
 */
gboolean
vt_mock_answer_behaviour (VtMockServer      *self,
                          SoupServerMessage *msg,
                          const char        *task_id,
                          const char        *behaviour)
{
  for (guint i = 0; i < G_N_ELEMENTS (agent_behaviours); i++)
    {
      const AgentBehaviour *entry = &agent_behaviours[i];
      guint number = 0;

      if (!behaviour_matches (entry, behaviour, &number))
        continue;
      if (entry->answer != NULL)
        entry->answer (self, msg, task_id, behaviour, number);
      else if (entry->body != NULL)
        vt_mock_set_body (msg, SOUP_STATUS_OK, entry->content_type, entry->body);
      else
        answer_task (msg, task_id, entry->status, entry->link, entry->code,
                     entry->message != NULL ? entry->message
                                            : vt_mock_api_code_message (entry->code));
      return TRUE;
    }
  return FALSE;
}

/* The endpoints, written out as ../shared/API.md documents them, on purpose not taken from
 * the client's own constants: a client that asks for a path that differs by one character
 * gets a 404 here, as it would from MiniMax, and its tests fail. "{task_id}" stands for one
 * path segment. v2 endpoints say "no" with HTTP statuses, v1 ones with base_resp. */
typedef void (*RouteFunc) (VtMockServer      *self,
                           SoupServerMessage *msg,
                           const char        *path_id,
                           GHashTable        *query);

static const struct
{
  const char *method;
  const char *path;
  gboolean    v2;
  RouteFunc   answer;
} api_routes[] = {
  { "GET", "/v1/query/video_template_generation",   FALSE, answer_agent_query },          /* Video Agent */
  { "GET", "/v1/query/video_generation",            FALSE, vt_mock_answer_video_query },  /* Hailuo */
  { "GET", "/v1/files/retrieve",                    FALSE, vt_mock_answer_file },         /* Hailuo's file */
  { "GET", "/v2/query/video_generation",            TRUE,  vt_mock_answer_h3_list },      /* H3 list */
  { "GET", "/v2/query/video_generation/{task_id}",  TRUE,  vt_mock_answer_h3_query },     /* H3 */
  { "POST", "/v1/video_template_generation",        FALSE, vt_mock_answer_create_v1 },    /* Video Agent */
  { "POST", "/v1/video_generation",                 FALSE, vt_mock_answer_create_v1 },    /* Hailuo */
  { "POST", "/v2/video_generation",                 TRUE,  vt_mock_answer_create_h3 },    /* H3 */
  { "DELETE", "/v2/video_generation/{task_id}",     TRUE,  vt_mock_answer_delete_h3 },    /* UNCONFIRMED */
  { "POST", "/v1/files/upload",                     FALSE, vt_mock_answer_upload },       /* multipart */
  { "GET", "/account/query_balance",                FALSE, answer_balance },              /* undocumented */
  { "GET", "/v1/token_plan/remains",                FALSE, answer_token_plan },           /* undocumented */
};

/* Whether @path is the route's @pattern; sets @path_id to what stands for "{task_id}". */
static gboolean
route_matches (const char  *pattern,
               const char  *path,
               const char **path_id)
{
  gsize n = strlen (pattern);

  *path_id = NULL;
  if (!g_str_has_suffix (pattern, "{task_id}"))
    return g_str_equal (path, pattern);

  n -= strlen ("{task_id}");
  if (strncmp (path, pattern, n) != 0 || path[n] == '\0' || strchr (path + n, '/') != NULL)
    return FALSE;
  *path_id = path + n;
  return TRUE;
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  VtMockServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  g_autofree char *expected = g_strconcat ("Bearer ", self->api_key, NULL);
  g_autofree char *trace = g_strdup_printf ("mock-trace-%u", ++self->trace_counter);
  const char *method = soup_server_message_get_method (msg);

  vt_mock_record (self, "api", msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Trace-Id", trace);

  for (guint i = 0; i < G_N_ELEMENTS (api_routes); i++)
    {
      const char *path_id;

      if (!g_str_equal (method, api_routes[i].method) ||
          !route_matches (api_routes[i].path, path, &path_id))
        continue;

      if (g_strcmp0 (soup_message_headers_get_one (request_headers, "Authorization"), expected) != 0)
        {
          if (api_routes[i].v2)
            vt_mock_answer_v2_error (msg, SOUP_STATUS_UNAUTHORIZED, "authentication_error",
                                     "invalid api key");
          else
            vt_mock_answer_api_error (msg, 1004, vt_mock_api_code_message (1004));
          return;
        }
      api_routes[i].answer (self, msg, path_id, query);
      return;
    }

  vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<html><body>404 Not Found</body></html>");
}

static void
drop_connection_cb (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

/* A whole video sent a tenth of a second's worth at a time, as a real CDN link does. */
typedef struct
{
  VtMockServer      *server;
  SoupServerMessage *msg;
  gsize              sent;
  gsize              size;
  gsize              step;
  gsize              limit;      /* sends this much and then nothing more */
  guint              source;
} Trickle;

static void
trickle_free (Trickle *trickle)
{
  g_clear_handle_id (&trickle->source, g_source_remove);
  g_free (trickle);
}

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (trickle->msg);
  gsize n = MIN (trickle->step, MIN (trickle->size, trickle->limit) - trickle->sent);
  guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = served_byte (trickle->server, trickle->sent + i);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, data, n);
  trickle->sent += n;
  if (trickle->sent == trickle->size)
    soup_message_body_complete (body);
  soup_server_message_unpause (trickle->msg);
  if (trickle->sent < MIN (trickle->size, trickle->limit))
    return G_SOURCE_CONTINUE;
  trickle->source = 0;
  return G_SOURCE_REMOVE;
}

/* @size 0: a chunked body that never ends. */
static void
serve_trickle (VtMockServer      *self,
               SoupServerMessage *msg,
               gsize              size,
               gsize              step,
               gsize              limit,
               guint              interval_ms)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Trickle *trickle = g_new0 (Trickle, 1);

  trickle->server = self;
  trickle->msg = msg;
  trickle->size = size > 0 ? size : G_MAXSIZE;
  trickle->step = step;
  trickle->limit = limit;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (size > 0)
    soup_message_headers_set_content_length (headers, size);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Content-Type", "video/mp4");
  soup_server_message_pause (msg);
  trickle->source = g_timeout_add (interval_ms, trickle_cb, trickle);
  /* Stops when the client goes, whether or not it got everything. */
  g_object_set_data_full (G_OBJECT (msg), "vt-trickle", trickle, (GDestroyNotify) trickle_free);
}

static void
serve_video (VtMockServer      *self,
             SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  SoupRange *ranges = NULL;
  int n_ranges = 0;
  goffset start = 0;
  goffset end = (goffset) self->video_size - 1;
  g_autofree char *etag = g_strdup_printf ("\"vt-%" G_GSIZE_FORMAT "-%u\"", self->video_size,
                                           self->video_version);
  const char *if_range = soup_message_headers_get_one (request_headers, "If-Range");
  guint8 *data;

  /* The video's identity, as a CDN gives it: a "norange" video ignores Range (sends it all
   * again), and so does any video when If-Range names another version of it. */
  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Last-Modified", "Tue, 03 Jun 2025 08:00:00 GMT");
  if (strstr (path, "norange") != NULL || (if_range != NULL && !g_str_equal (if_range, etag)))
    soup_message_headers_remove (request_headers, "Range");

  /* "redirect-http" sends the client to a plain-http address elsewhere, "redirect-loop" to
   * itself, "redirect-ok" to the same video under another name. */
  if (strstr (path, "redirect-") != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      soup_message_headers_replace (response_headers, "Location",
                                    strstr (path, "redirect-http") != NULL
                                      ? "http://video.example.com/v.mp4"
                                      : strstr (path, "redirect-loop") != NULL
                                        ? path : "/video/redirected.mp4");
      return;
    }

  /* A "busy" task's main link fails once (a CDN node that is too busy), and its backup
   * ("-mirror") is refused as expired, whatever its age. */
  if (strstr (path, "busy") != NULL)
    {
      if (strstr (path, "-mirror") != NULL)
        {
          vt_mock_set_body (msg, SOUP_STATUS_FORBIDDEN, "application/xml",
                            "<Error><Code>AccessDenied</Code></Error>");
          return;
        }
      if (self->n_busy_served++ == 0)
        {
          vt_mock_set_body (msg, 429, "text/plain", "busy");
          return;
        }
    }

  /* A "backup" task's main link is gone; its backup ("-mirror") works. */
  if (strstr (path, "backup") != NULL && strstr (path, "-mirror") == NULL)
    {
      vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "application/xml",
                        "<Error><Code>NoSuchKey</Code></Error>");
      return;
    }

  /* The first link of an "expire" task has expired by the time it is used. */
  if (strstr (path, "expire") != NULL && g_strcmp0 (query, "token=1") == 0)
    {
      vt_mock_set_body (msg, SOUP_STATUS_FORBIDDEN, "application/xml",
                "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      return;
    }

  /* A "truncate" video breaks off half way unless a range is asked for. */
  if ((strstr (path, "truncate") != NULL || strstr (path, "overlong") != NULL) &&
      soup_message_headers_get_one (request_headers, "Range") == NULL)
    {
      gsize half = self->video_size / 2;
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      data = g_malloc (half);
      for (gsize i = 0; i < half; i++)
        data[i] = served_byte (self, i);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_length (response_headers, self->video_size);
      soup_message_headers_replace (response_headers, "Accept-Ranges", "bytes");
      soup_message_body_append (body, SOUP_MEMORY_TAKE, data, half);
      soup_message_body_complete (body);
      g_signal_connect (msg, "wrote-body", G_CALLBACK (drop_connection_cb), NULL);
      return;
    }

  if (self->video_rate > 0 && soup_message_headers_get_one (request_headers, "Range") == NULL)
    {
      serve_trickle (self, msg, self->video_size, MAX (self->video_rate / 10, 1), G_MAXSIZE, 100);
      return;
    }

  /* "stall": 1 KiB and then nothing, the connection left open. "endless": a chunked body
   * that never ends. "overlong": breaks off half way, and a resume gets a 206 that claims
   * the rest but sends 5,000 bytes. */
  if (strstr (path, "stall") != NULL)
    {
      serve_trickle (self, msg, self->video_size, 1024, 1024, 1);
      return;
    }
  if (strstr (path, "endless") != NULL)
    {
      serve_trickle (self, msg, 0, 64 * 1024, G_MAXSIZE, 1);
      return;
    }
  if (strstr (path, "overlong") != NULL &&
      soup_message_headers_get_ranges (request_headers, self->video_size, &ranges, &n_ranges))
    {
      start = ranges[0].start;
      soup_message_headers_free_ranges (request_headers, ranges);
      soup_message_headers_set_content_range (response_headers, start, end, self->video_size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      data = g_malloc (5000);
      for (gsize i = 0; i < 5000; i++)
        data[i] = served_byte (self, start + i);
      soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_TAKE,
                                        (const char *) data, 5000);
      return;
    }

  if (soup_message_headers_get_ranges (request_headers, self->video_size, &ranges, &n_ranges))
    {
      if (n_ranges != 1 || ranges[0].start > end)
        {
          soup_message_headers_free_ranges (request_headers, ranges);
          soup_server_message_set_status (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
          return;
        }
      start = ranges[0].start;
      end = MIN (ranges[0].end, end);
      soup_message_headers_free_ranges (request_headers, ranges);
      soup_message_headers_set_content_range (response_headers, start, end, self->video_size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  soup_message_headers_replace (response_headers, "Accept-Ranges", "bytes");
  data = g_malloc (end - start + 1);
  for (goffset i = start; i <= end; i++)
    data[i - start] = served_byte (self, i);
  soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_TAKE,
                                    (const char *) data, end - start + 1);
}

static void
cdn_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  VtMockServer *self = user_data;

  vt_mock_record (self, "cdn", msg);

  if (g_str_has_prefix (path, "/video/") && g_str_has_suffix (path, ".mp4"))
    serve_video (self, msg);
  else if (g_str_equal (path, "/steal"))
    /* Where a client that followed a redirect would end up: looks like a real answer. */
    answer_task (msg, "redirect", "Success", "https://cdn.example.com/v.mp4", 0, "success");
  else
    vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found");
}

static void
vt_mock_server_finalize (GObject *object)
{
  VtMockServer *self = (VtMockServer *)object;

  g_list_free_full (g_steal_pointer (&self->delayed), (GDestroyNotify) delayed_free);
  if (self->api != NULL)
    soup_server_disconnect (self->api);
  if (self->cdn != NULL)
    soup_server_disconnect (self->cdn);
  g_clear_object (&self->api);
  g_clear_object (&self->cdn);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->cdn_url, g_free);
  g_clear_pointer (&self->video, g_bytes_unref);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->last_body, g_bytes_unref);
  g_clear_pointer (&self->first_seen, g_hash_table_unref);
  g_clear_pointer (&self->cancelled, g_hash_table_unref);
  g_clear_pointer (&self->aliases, g_hash_table_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->fail_behaviour, g_free);
  g_clear_pointer (&self->h3_list_answer, g_free);
  g_clear_pointer (&self->next_h3_error, g_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vt_mock_server_parent_class)->finalize (object);
}

static void
vt_mock_server_class_init (VtMockServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_mock_server_finalize;
}

static void
vt_mock_server_init (VtMockServer *self)
{
  self->clock = g_object_ref (vt_clock_get_system ());
  self->first_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_mock_request_free);
  self->preparing_ms = 1000;
  self->processing_ms = 2000;
  self->video_size = 256 * 1024;
}

static char *
listen_loopback (SoupServer  *server,
                 GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  char *url;

  if (!soup_server_listen (server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

VtMockServer *
vt_mock_server_new (const char  *api_key,
                    GError     **error)
{
  g_autoptr(VtMockServer) self = g_object_new (VT_TYPE_MOCK_SERVER, NULL);

  g_return_val_if_fail (api_key != NULL, NULL);

  self->api_key = g_strdup (api_key);
  self->api = soup_server_new ("server-header", "mock-minimax", NULL);
  self->cdn = soup_server_new ("server-header", "mock-cdn", NULL);
  soup_server_add_handler (self->api, NULL, api_handler, self, NULL);
  soup_server_add_handler (self->cdn, NULL, cdn_handler, self, NULL);

  if ((self->api_url = listen_loopback (self->api, error)) == NULL ||
      (self->cdn_url = listen_loopback (self->cdn, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vt_mock_server_get_api_url (VtMockServer *self)
{
  return self->api_url;
}

const char *
vt_mock_server_get_cdn_url (VtMockServer *self)
{
  return self->cdn_url;
}

/* Makes @task_id behave as the scripted @behaviour ("fail-1026", "http-503"…), so that
 * demos and screenshots can show real-looking IDs. */
void
vt_mock_server_add_alias (VtMockServer *self,
                          const char   *task_id,
                          const char   *behaviour)
{
  g_hash_table_replace (self->aliases, g_strdup (task_id), g_strdup (behaviour));
}

/* How many H3 tasks the v2 list shows: "h3-listed-0001"… */
void
vt_mock_server_set_h3_listed (VtMockServer *self,
                              guint         n_tasks)
{
  self->n_h3_listed = n_tasks;
}

/* Listed H3 tasks get IDs like MiniMax's, @first_id, @first_id + 1…, instead of
 * "h3-listed-0001"… (which they still behave as); 0 goes back to those. */
void
vt_mock_server_set_h3_listed_first_id (VtMockServer *self,
                                       guint64       first_id)
{
  self->h3_listed_first_id = first_id;
}

/* How the v2 list misbehaves from now on (%NULL: it does not): "oversized" (3,500 items a
 * page, 350,000 in all), "growing" (page N has N times the page size), "same-page" (page_num
 * is ignored: always the first page, and a total of 1,000), "no-ids-first" (the first page's
 * items have no ID, the account's tasks follow), "absurd-total" (a total of 10^15). */
void
vt_mock_server_set_h3_list_answer (VtMockServer *self,
                                   const char   *behaviour)
{
  g_free (self->h3_list_answer);
  self->h3_list_answer = g_strdup (behaviour);
}

/* Returns: (nullable): the body of the last request that created or uploaded something */
GBytes *
vt_mock_server_get_last_body (VtMockServer *self)
{
  return self->last_body;
}

/**
 * vt_mock_server_set_account:
 * @account: "payg" (the default), "token-plan", "none" (neither balance endpoint exists) or
 *   "malformed" (the balance is not a number)
 */
void
vt_mock_server_set_account (VtMockServer *self,
                            const char   *account)
{
  g_free (self->account);
  self->account = g_strdup (account);
}

void
vt_mock_server_set_timing (VtMockServer *self,
                           guint         preparing_ms,
                           guint         processing_ms)
{
  self->preparing_ms = preparing_ms;
  self->processing_ms = processing_ms;
}

void
vt_mock_server_set_video_rate (VtMockServer *self,
                               gsize         bytes_per_second)
{
  self->video_rate = bytes_per_second;
}

/* The videos change (a new ETag) while their links stay the same. */
void
vt_mock_server_set_video_version (VtMockServer *self,
                                  guint         version)
{
  self->video_version = version;
}

void
vt_mock_server_set_video_size (VtMockServer *self,
                               gsize         size)
{
  g_return_if_fail (size > 0);
  self->video_size = size;
}

/* Serves @video (an MP4: tests/data/ball.mp4) for every link, padded to @size bytes (or
 * its own size, if larger) as a long video would be: when its index (moov) comes last, its
 * media data (mdat, just before) grows by the padding, so that the index is at the end of
 * @size bytes as in a real long video; else a "free" box after it, which players skip. */
void
vt_mock_server_set_video (VtMockServer *self,
                          GBytes       *video,
                          gsize         size)
{
  gsize length, offset = 0, mdat = G_MAXSIZE;
  const guint8 *data = g_bytes_get_data (video, &length);
  gsize padding;

  g_return_if_fail (video != NULL && length > 0);
  g_clear_pointer (&self->video, g_bytes_unref);
  self->video_size = MAX (size, length);
  padding = self->video_size - length;
  self->video_pad_at = length;
  self->video_pad_box = TRUE;

  while (offset + 8 <= length)
    {
      gsize box = ((gsize) data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];

      if (box < 8)
        break;
      if (memcmp (data + offset + 4, "mdat", 4) == 0)
        mdat = offset;
      else if (memcmp (data + offset + 4, "moov", 4) == 0 && mdat != G_MAXSIZE && offset + box == length &&
               box + padding <= G_MAXUINT32)
        {
          guint8 *copy = g_memdup2 (data, length);
          gsize grown = offset - mdat + padding;

          copy[mdat] = grown >> 24;
          copy[mdat + 1] = (grown >> 16) & 0xff;
          copy[mdat + 2] = (grown >> 8) & 0xff;
          copy[mdat + 3] = grown & 0xff;
          self->video = g_bytes_new_take (copy, length);
          self->video_pad_at = offset;
          self->video_pad_box = FALSE;
          return;
        }
      offset += box;
    }
  self->video = g_bytes_ref (video);
}

GPtrArray *
vt_mock_server_get_requests (VtMockServer *self)
{
  return self->requests;
}

guint
vt_mock_server_count_requests (VtMockServer *self,
                               const char   *server)
{
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      VtMockRequest *request = g_ptr_array_index (self->requests, i);
      if (server == NULL || g_str_equal (request->server, server))
        count++;
    }
  return count;
}

/* Tasks progress, slow answers wait and requests are timed on @clock from now on. */
void
vt_mock_server_set_clock (VtMockServer *self,
                          VtClock      *clock)
{
  g_set_object (&self->clock, clock);
}

void
vt_mock_server_fail_next (VtMockServer *self,
                          guint         count,
                          const char   *behaviour)
{
  g_free (self->fail_behaviour);
  self->fail_behaviour = g_strdup (behaviour);
  self->fail_count = count;
}

/* The most slow-N queries that were waiting for their answer at the same time. */
/* Answers held back by slow behaviours, waiting for the server's clock. */
guint
vt_mock_server_get_n_waiting (VtMockServer *self)
{
  return g_list_length (self->delayed);
}

guint
vt_mock_server_get_max_concurrent (VtMockServer *self)
{
  return self->max_concurrent;
}

/* The next request to an H3 endpoint, whatever it asks (the list, say), is answered HTTP 400
 * with {"error": {"code": "request_error", "message": @message}}: words the server chose. */
void
vt_mock_server_set_next_h3_error (VtMockServer *self,
                                  const char   *message)
{
  g_free (self->next_h3_error);
  self->next_h3_error = g_strdup (message);
}
