/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The loopback API's endpoints that change something: creating a task of each kind, deleting
 * an H3 task, uploading a file. Each keeps what it was sent (vt_mock_server_get_last_body()),
 * answers with a new task or file, and takes vt_mock_server_fail_next()'s behaviours of the
 * Video Agent table (error-NNNN, http-NNN, wait-N, storm-N, redirect, huge, slow…) in place
 * of its answer.
 *
 * Each creation's body is checked against the published rules, by the app's own rule table
 * (vt-create-rules.c), read back from the body as MiniMax would: a body that breaks one is
 * answered 2013 (v1: in base_resp; v2: HTTP 400 with "… (2013)"), with the rule's words;
 * so is a duration or resolution sent to an 01-series model, which MiniMax refuses.
 * Creating a Video Agent or Hailuo task answers {task_id, base_resp} (CREATE-API.md §1.1,
 * §2.5), an H3 task {task_id} alone (§3.4); an upload {file: {file_id, bytes, created_at,
 * filename, purpose}, base_resp} (§4). MiniMax documents no path for deleting an H3 task:
 * DELETE /v2/video_generation/{task_id} here is the shape its CLI's "task delete" implies,
 * UNCONFIRMED; it answers {task_id, action, status} as §3.4 says.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "vt-create.h"
#include "vt-error.h"
#include "vt-mock-server-private.h"

static void
keep_body (VtMockServer      *self,
           SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_clear_pointer (&self->last_body, g_bytes_unref);
  self->last_body = g_bytes_ref (body);
}

/* The next request's scripted behaviour, when vt_mock_server_fail_next() set one. */
static gboolean
answer_failing (VtMockServer      *self,
                SoupServerMessage *msg)
{
  if (self->fail_count == 0)
    return FALSE;
  self->fail_count--;
  return vt_mock_answer_behaviour (self, msg, self->fail_behaviour, self->fail_behaviour);
}

static char *
new_task_id (VtMockServer *self)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, G_GUINT64_CONSTANT (470000000000000) + ++self->created_counter);
}

/* A new task's ID: with base_resp as v1 answers, without as v2 does. Its queries then answer
 * as its kind's, and it progresses with time to a video like any other. */
static void
answer_new_task (VtMockServer      *self,
                 SoupServerMessage *msg,
                 VtTaskKind         kind)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *task_id = new_task_id (self);
  gboolean base_resp = kind != VT_TASK_KIND_H3;

  if (kind == VT_TASK_KIND_VIDEO || kind == VT_TASK_KIND_H3)
    g_hash_table_replace (self->aliases, g_strdup (task_id),
                          g_strconcat (kind == VT_TASK_KIND_H3 ? "h3-" : "video-", task_id, NULL));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task_id);
  if (base_resp)
    vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

/* The request's JSON object; answers 2013 (v2: HTTP 400) and returns NULL when there is none. */
static JsonObject *
request_object (SoupServerMessage *msg,
                JsonParser        *parser,
                gboolean           v2)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  JsonNode *root;

  if (g_strcmp0 (type, "application/json") == 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_node_get_object (root);

  if (v2)
    vt_mock_answer_v2_error (msg, SOUP_STATUS_BAD_REQUEST, "2013", "invalid params");
  else
    vt_mock_answer_api_error (msg, 2013, "invalid params, the body must be JSON");
  return NULL;
}

/* Whether the body keeps the published rules; when not, answers 2013 as MiniMax does. */
static gboolean
keeps_rules (SoupServerMessage *msg,
             JsonObject        *object,
             VtTaskKind         kind)
{
  g_autoptr(VtCreateRequest) request = vt_create_request_from_json (kind, object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (request != NULL && kind == VT_TASK_KIND_VIDEO && !vt_create_model_sends_size (request->model) &&
      (json_object_has_member (object, "duration") || json_object_has_member (object, "resolution")))
    g_set_error (&error, VT_ERROR, VT_ERROR_CREATE_RULE, "%s takes no duration or resolution", request->model);
  else if (request == NULL)
    g_set_error_literal (&error, VT_ERROR, VT_ERROR_CREATE_RULE, "the body is not a creation");
  else if (vt_create_request_check (request, &error))
    return TRUE;

  message = g_strdup_printf ("invalid params, %s", error->message);
  if (kind == VT_TASK_KIND_H3)
    {
      g_autofree char *with_code = g_strdup_printf ("%s (2013)", message);

      vt_mock_answer_v2_error (msg, SOUP_STATUS_BAD_REQUEST, "2013", with_code);
    }
  else
    vt_mock_answer_api_error (msg, 2013, message);
  return FALSE;
}

/* POST /v1/video_template_generation (Video Agent) and /v1/video_generation (Hailuo). */
void
vt_mock_answer_create_v1 (VtMockServer      *self,
                          SoupServerMessage *msg,
                          const char        *path_id,
                          GHashTable        *query)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request;
  VtTaskKind kind;

  keep_body (self, msg);
  if (answer_failing (self, msg) || (request = request_object (msg, parser, FALSE)) == NULL)
    return;
  if (!json_object_has_member (request, "template_id") && !json_object_has_member (request, "model"))
    {
      vt_mock_answer_api_error (msg, 2013, "invalid params, model is required");
      return;
    }
  kind = g_str_has_suffix (g_uri_get_path (soup_server_message_get_uri (msg)), "template_generation")
    ? VT_TASK_KIND_AGENT : VT_TASK_KIND_VIDEO;
  if (!keeps_rules (msg, request, kind))
    return;

  answer_new_task (self, msg, kind);
}

/* POST /v2/video_generation (H3): the task's ID, and no base_resp. */
void
vt_mock_answer_create_h3 (VtMockServer      *self,
                          SoupServerMessage *msg,
                          const char        *path_id,
                          GHashTable        *query)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  JsonObject *request;

  keep_body (self, msg);
  if (answer_failing (self, msg) || (request = request_object (msg, parser, TRUE)) == NULL ||
      !keeps_rules (msg, request, VT_TASK_KIND_H3))
    return;

  answer_new_task (self, msg, VT_TASK_KIND_H3);
}

/* DELETE /v2/video_generation/{task_id} (the path is UNCONFIRMED, see above): a queued task
 * is cancelled (its queries say so from then on), a finished one deleted, a running one
 * refused (§3.4). */
void
vt_mock_answer_delete_h3 (VtMockServer      *self,
                          SoupServerMessage *msg,
                          const char        *path_id,
                          GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint stage;
  gboolean cancelled;

  if (answer_failing (self, msg))
    return;
  cancelled = g_hash_table_contains (self->cancelled, path_id);
  stage = vt_mock_stage (self, path_id);
  if (!cancelled && stage == 2)
    {
      vt_mock_answer_v2_error (msg, SOUP_STATUS_BAD_REQUEST, "2013",
                               "invalid params, a running task cannot be cancelled (2013)");
      return;
    }
  if (!cancelled && stage < 2)
    g_hash_table_add (self->cancelled, g_strdup (path_id));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, path_id);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, cancelled || stage < 2 ? "cancelled" : "deleted");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, cancelled || stage < 2 ? "cancelled" : "succeeded");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}

/* POST /v1/files/upload: multipart/form-data with "purpose" and "file". */
void
vt_mock_answer_upload (VtMockServer      *self,
                       SoupServerMessage *msg,
                       const char        *path_id,
                       GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *purpose = NULL;
  g_autofree char *filename = NULL;
  GBytes *file = NULL;

  keep_body (self, msg);
  if (answer_failing (self, msg))
    return;
  multipart = soup_multipart_new_from_message (headers, body);
  for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      soup_multipart_get_part (multipart, i, &part_headers, &part_body);
      if (!soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      if (g_strcmp0 (name, "purpose") == 0)
        purpose = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));
      else if (g_strcmp0 (name, "file") == 0)
        {
          file = part_body;
          filename = g_strdup (g_hash_table_lookup (params, "filename"));
        }
    }
  if (purpose == NULL || file == NULL || filename == NULL)
    {
      vt_mock_answer_api_error (msg, 2013, "invalid params, purpose and file are required");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file_id");
  json_builder_add_int_value (builder, (gint64) (G_GUINT64_CONSTANT (380000000000000) + ++self->created_counter));
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) g_bytes_get_size (file));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "filename");
  json_builder_add_string_value (builder, filename);
  json_builder_set_member_name (builder, "purpose");
  json_builder_add_string_value (builder, purpose);
  json_builder_end_object (builder);
  vt_mock_add_base_resp (builder, 0, "success");
  json_builder_end_object (builder);
  vt_mock_set_json (msg, builder);
}
