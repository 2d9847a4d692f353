/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-mock-server"

#include "config.h"

#include "vt-mock-server-private.h"

/* Hailuo (v1) and MiniMax-H3 (v2), as ../shared/API.md describes them.
 *
 * The kind of a task is in its ID (or the behaviour it is an alias of): "video-…" is a
 * Hailuo task, "h3-…" an H3 task, "nokind-…" a task no endpoint knows, anything else a
 * Video Agent task. An endpoint asked about a task of another kind answers as this server
 * assumes MiniMax does (it is not documented): base_resp 2013 "invalid params" on v1, HTTP
 * 400 "invalid task_id" on v2.
 *
 * After the prefix: "video-fail", "video-error-NNNN", "video-backup…" (the main link is
 * gone, the backup works), "video-busy…" (the main link fails once, the backup is refused),
 * "video-nofile…" (the first request for its file is refused with 2013),
 * "video-expire…" (the first link has expired); "h3-fail", "h3-cancelled", "h3-old…" (older
 * than 7 days: "invalid task_id"), "h3-aged…" (made 8 days before it was first asked
 * about), "h3-http-NNN", "h3-error-NNNN". Other tasks progress with time, and H3 tasks say
 * when they were made (created_at). vt_mock_server_fail_next() behaviours "http-NNN",
 * "error-NNNN" and "proxy-404" work here too.
 */

VtTaskKind
vt_mock_kind_of (const char *behaviour)
{
  if (g_str_has_prefix (behaviour, "video-"))
    return VT_TASK_KIND_VIDEO;
  if (g_str_has_prefix (behaviour, "h3-"))
    return VT_TASK_KIND_H3;
  if (g_str_has_prefix (behaviour, "nokind-"))
    return VT_TASK_KIND_UNKNOWN;
  return VT_TASK_KIND_AGENT;
}

/* What @task_id does: the scripted ID it is an alias of, or its own. */
const char *
vt_mock_behaviour_of (VtMockServer *self,
                      const char   *task_id)
{
  const char *behaviour = g_hash_table_lookup (self->aliases, task_id);

  return behaviour != NULL ? behaviour : task_id;
}

static guint
number_after (const char *text,
              const char *prefix,
              guint       min,
              guint       max)
{
  guint64 number;

  if (!g_str_has_prefix (text, prefix) ||
      !g_ascii_string_to_unsigned (text + strlen (prefix), 10, min, max, &number, NULL))
    return 0;
  return (guint) number;
}

/* v2's errors: an HTTP status with {"error": {"code", "message"}}. @code: a number or not. */
void
vt_mock_answer_v2_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *code,
                         const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint64 number;

  if (status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", "7");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  if (g_ascii_string_to_unsigned (code, 10, 0, G_MAXINT, &number, NULL))
    json_builder_add_int_value (builder, (gint64) number);
  else
    json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
  soup_server_message_set_status (msg, status, NULL);
}

/* The behaviours any endpoint has: HTTP errors and MiniMax error codes. */
static gboolean
answer_failure (SoupServerMessage *msg,
                VtTaskKind         kind,
                const char        *behaviour)
{
  guint http = number_after (behaviour, "http-", 100, 599);
  guint code = number_after (behaviour, "error-", 1, 99999);
  g_autofree char *code_text = g_strdup_printf ("%u", code);

  /* A proxy or load balancer in front of the API, not MiniMax. */
  if (g_str_equal (behaviour, "proxy-404"))
    vt_mock_set_body (msg, SOUP_STATUS_NOT_FOUND, "text/html",
                      "<html><head><title>404 Not Found</title></head>"
                      "<body><center><h1>404 Not Found</h1></center><hr><center>nginx</center>"
                      "</body></html>");
  else if (http != 0 && kind == VT_TASK_KIND_H3)
    vt_mock_answer_v2_error (msg, http, http >= 500 ? "server_error" : "request_error", "mock HTTP error");
  else if (http != 0)
    {
      if (http == 429)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", "7");
      vt_mock_set_body (msg, http, "application/json", "{\"error\": \"mock HTTP error\"}");
    }
  else if (code != 0 && kind == VT_TASK_KIND_H3)
    vt_mock_answer_v2_error (msg, code == 1004 || code == 2049 ? 401 : code == 1002 ? 429 : 400,
                     code_text, vt_mock_api_code_message ((int) code));
  else if (code != 0)
    vt_mock_answer_api_error (msg, (int) code, vt_mock_api_code_message ((int) code));
  else
    return FALSE;
  return TRUE;
}

static void
begin_v1_answer (JsonBuilder *builder,
                 const char  *task_id,
                 const char  *status)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
}

static void
answer_video_query (VtMockServer      *self,
                    SoupServerMessage *msg,
                    const char        *task_id,
                    const char        *behaviour)
{
  static const char * const words[] = { "Preparing", "Queueing", "Processing", "Success" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint stage;

  if (vt_mock_kind_of (behaviour) != VT_TASK_KIND_VIDEO)
    {
      vt_mock_answer_api_error (msg, 2013, vt_mock_api_code_message (2013));
      return;
    }
  if (answer_failure (msg, VT_TASK_KIND_VIDEO, behaviour + 6))
    return;

  stage = g_str_equal (behaviour, "video-fail") ? 4 : vt_mock_stage (self, task_id);
  begin_v1_answer (builder, task_id, stage < 4 ? words[stage] : "Fail");
  if (stage == 3)
    {
      /* A string here, a number in the file's answer, as MiniMax sends them. */
      g_autofree char *file_id = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                  (guint64) 176844028768320 + ++self->file_counter);

      g_hash_table_insert (self->files, g_strdup (file_id), g_strdup (task_id));
      json_builder_set_member_name (builder, "file_id");
      json_builder_add_string_value (builder, file_id);
      json_builder_set_member_name (builder, "video_width");
      json_builder_add_int_value (builder, 1366);
      json_builder_set_member_name (builder, "video_height");
      json_builder_add_int_value (builder, 768);
    }
  vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

static void
answer_file (VtMockServer      *self,
             SoupServerMessage *msg,
             const char        *file_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *task_id = file_id != NULL ? g_hash_table_lookup (self->files, file_id) : NULL;
  g_autofree char *url = NULL;

  if (task_id == NULL)
    {
      vt_mock_answer_api_error (msg, 2013, vt_mock_api_code_message (2013));
      return;
    }

  /* A "nofile" task's file is refused once, as MiniMax's file service once did. */
  if (strstr (vt_mock_behaviour_of (self, task_id), "nofile") != NULL)
    {
      g_autofree char *key = g_strconcat ("refused-file:", task_id, NULL);

      if (!g_hash_table_contains (self->first_seen, key))
        {
          g_hash_table_insert (self->first_seen, g_steal_pointer (&key), g_new0 (gint64, 1));
          vt_mock_answer_api_error (msg, 2013, vt_mock_api_code_message (2013));
          return;
        }
    }

  url = vt_mock_video_url (self, task_id, "");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file_id");
  json_builder_add_int_value (builder, (gint64) g_ascii_strtoull (file_id, NULL, 10));
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) self->video_size);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, 1700469398);
  json_builder_set_member_name (builder, "filename");
  json_builder_add_string_value (builder, "output_aigc.mp4");
  json_builder_set_member_name (builder, "purpose");
  json_builder_add_string_value (builder, "video_generation");
  json_builder_set_member_name (builder, "download_url");
  json_builder_add_string_value (builder, url);
  if (strstr (vt_mock_behaviour_of (self, task_id), "backup") != NULL ||
      strstr (vt_mock_behaviour_of (self, task_id), "busy") != NULL)
    {
      g_autofree char *backup = vt_mock_video_url (self, task_id, "-mirror");

      json_builder_set_member_name (builder, "backup_download_url");
      json_builder_add_string_value (builder, backup);
    }
  json_builder_end_object (builder);
  vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

static void
add_h3_task (VtMockServer *self,
             JsonBuilder  *builder,
             const char   *task_id,
             const char   *behaviour)
{
  static const char * const words[] = { "queued", "queued", "running", "succeeded" };
  guint stage = vt_mock_stage (self, task_id);
  const char *status = words[stage];
  gint64 first_seen = *(gint64 *) g_hash_table_lookup (self->first_seen, task_id);
  gint64 made = vt_clock_get_real (self->clock) - (vt_clock_get_monotonic (self->clock) - first_seen);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;

  if (g_str_equal (behaviour, "h3-fail"))
    status = "failed";
  else if (g_str_equal (behaviour, "h3-cancelled") || g_hash_table_contains (self->cancelled, task_id))
    status = "cancelled";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, task_id);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "MiniMax-H3");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "error");
  if (g_str_equal (status, "failed"))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, "generation_failed");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, "The video could not be generated.");
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  if (g_str_equal (status, "succeeded"))
    {
      g_autofree char *url = vt_mock_video_url (self, task_id, "");

      json_builder_set_member_name (builder, "content");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "duration");
  json_builder_add_int_value (builder, 6);
  /* When it was first asked about, as MiniMax's own format says to the second. */
  if (strstr (behaviour, "h3-aged") != NULL)
    made -= 8 * G_TIME_SPAN_DAY;
  created = g_date_time_new_from_unix_utc (made / G_USEC_PER_SEC);
  created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_text);
  json_builder_end_object (builder);
}

static void
answer_h3 (VtMockServer      *self,
           SoupServerMessage *msg,
           const char        *task_id,
           const char        *behaviour)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Tasks of other kinds, and H3 tasks past MiniMax's 7 days. */
  if (vt_mock_kind_of (behaviour) != VT_TASK_KIND_H3 || g_str_has_prefix (behaviour, "h3-old"))
    {
      vt_mock_answer_v2_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request_error", "invalid task_id");
      return;
    }
  if (answer_failure (msg, VT_TASK_KIND_H3, behaviour + 3))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task");
  add_h3_task (self, builder, task_id, behaviour);
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

static guint
query_number (GHashTable *query,
              const char *name,
              guint       fallback)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 1000, &number, NULL))
    return fallback;
  return (guint) number;
}

/* A hostile list (vt_mock_server_set_h3_list_answer()) whose pages are IDs alone, numbers
 * as MiniMax's are: 350 a page, far more than the 10 asked for (a server once sent 3,500; 350
 * shows the same and keeps the test quick under the sanitizers). */
static void
answer_hostile_list (VtMockServer      *self,
                     SoupServerMessage *msg,
                     guint              page,
                     guint              size)
{
  g_autoptr(GString) body = g_string_new ("{\"items\": [");
  const char *how = self->h3_list_answer;
  guint64 first, n;

  if (g_str_equal (how, "oversized"))
    {
      n = 350;
      first = 100000000 + (guint64) (page - 1) * n;
    }
  else
    {
      /* Growing: 10 on page 1, 20 on page 2… */
      n = (guint64) page * size;
      first = 200000000 + (guint64) size * (page - 1) * page / 2;
    }
  for (guint64 i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"id\":%" G_GUINT64_FORMAT "}", i > 0 ? "," : "",
                            first + i + 1);
  g_string_append_printf (body, "], \"total\": %u}",
                          g_str_equal (how, "oversized") ? 35000 : 50500);
  vt_mock_set_body (msg, SOUP_STATUS_OK, "application/json", body->str);
}

/* The account's H3 tasks: "h3-listed-0001"… (set with vt_mock_server_set_h3_listed()). */
static void
answer_h3_list (VtMockServer      *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint page = query_number (query, "page_num", 1);
  guint size = query_number (query, "page_size", 10);
  const char *how = self->h3_list_answer != NULL ? self->h3_list_answer : "";

  if (g_str_equal (how, "oversized") || g_str_equal (how, "growing"))
    {
      answer_hostile_list (self, msg, page, size);
      return;
    }
  if (g_str_equal (how, "same-page"))
    page = 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  if (g_str_equal (how, "no-ids-first"))
    {
      if (page == 1)
        for (guint i = 0; i < size; i++)
          {
            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "status");
            json_builder_add_string_value (builder, "running");
            json_builder_end_object (builder);
          }
      page--;
    }
  for (guint i = page > 0 ? (page - 1) * size : self->n_h3_listed;
       i < MIN (self->n_h3_listed, page * size); i++)
    {
      g_autofree char *behaviour = g_strdup_printf ("h3-listed-%04u", i + 1);
      g_autofree char *task_id = NULL;

      /* MiniMax's own IDs, each an alias of the listed task it is. */
      if (self->h3_listed_first_id != 0)
        {
          task_id = g_strdup_printf ("%" G_GUINT64_FORMAT, self->h3_listed_first_id + i);
          vt_mock_server_add_alias (self, task_id, behaviour);
        }
      else
        task_id = g_strdup (behaviour);
      add_h3_task (self, builder, task_id, behaviour);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  if (g_str_equal (how, "same-page"))
    json_builder_add_int_value (builder, 1000);
  else if (g_str_equal (how, "no-ids-first"))
    json_builder_add_int_value (builder, self->n_h3_listed + size);
  else if (g_str_equal (how, "absurd-total"))
    json_builder_add_int_value (builder, G_GINT64_CONSTANT (1000000000000000));
  else
    json_builder_add_int_value (builder, self->n_h3_listed);
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

/* What vt_mock_server_set_next_h3_error() and vt_mock_server_fail_next() ask of the next
 * request to a Hailuo or H3 endpoint, whatever it asks. Returns: whether it was answered. */
static gboolean
answer_scripted (VtMockServer      *self,
                 SoupServerMessage *msg,
                 VtTaskKind         kind)
{
  const char *failure;

  if (kind == VT_TASK_KIND_H3 && self->next_h3_error != NULL)
    {
      g_autofree char *message = g_steal_pointer (&self->next_h3_error);

      vt_mock_answer_v2_error (msg, SOUP_STATUS_BAD_REQUEST, "request_error", message);
      return TRUE;
    }
  if (self->fail_count == 0)
    return FALSE;
  self->fail_count--;
  failure = self->fail_behaviour;
  return failure != NULL && answer_failure (msg, kind, failure);
}

/* GET /v1/query/video_generation?task_id= */
void
vt_mock_answer_video_query (VtMockServer      *self,
                            SoupServerMessage *msg,
                            const char        *path_id,
                            GHashTable        *query)
{
  const char *task_id = query != NULL ? g_hash_table_lookup (query, "task_id") : NULL;

  if (answer_scripted (self, msg, VT_TASK_KIND_VIDEO))
    return;
  if (task_id == NULL || *task_id == '\0')
    vt_mock_answer_api_error (msg, 2013, "invalid params, task_id is required");
  else
    answer_video_query (self, msg, task_id, vt_mock_behaviour_of (self, task_id));
}

/* GET /v1/files/retrieve?file_id= */
void
vt_mock_answer_file (VtMockServer      *self,
                     SoupServerMessage *msg,
                     const char        *path_id,
                     GHashTable        *query)
{
  if (answer_scripted (self, msg, VT_TASK_KIND_VIDEO))
    return;
  answer_file (self, msg, query != NULL ? g_hash_table_lookup (query, "file_id") : NULL);
}

/* GET /v2/query/video_generation?page_num=&page_size= */
void
vt_mock_answer_h3_list (VtMockServer      *self,
                        SoupServerMessage *msg,
                        const char        *path_id,
                        GHashTable        *query)
{
  if (answer_scripted (self, msg, VT_TASK_KIND_H3))
    return;
  answer_h3_list (self, msg, query);
}

/* GET /v2/query/video_generation/{task_id} */
void
vt_mock_answer_h3_query (VtMockServer      *self,
                         SoupServerMessage *msg,
                         const char        *path_id,
                         GHashTable        *query)
{
  if (answer_scripted (self, msg, VT_TASK_KIND_H3))
    return;
  answer_h3 (self, msg, path_id, vt_mock_behaviour_of (self, path_id));
}
