/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-create-submit"

/*
 * Sending a checked creation through the client (the account's gate, with creation's own
 * budget: v1 for Hailuo and Video Agent, H3's for v2) and reading MiniMax's answer: a new
 * task's ID, or why not. v1 answers HTTP 200 with {task_id, base_resp} (CREATE-API.md §1.1,
 * §2.5); v2 answers {task_id} or an HTTP error with {"error": {"message": "… (2013)"}} (§3.4,
 * §3.5), whose MiniMax code is the number in the message's last parentheses.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-api-private.h"
#include "vt-create.h"
#include "vt-error.h"
#include "vt-task-ids.h"

/* MiniMax's code in "invalid params, duration (2013)": the number in the last (…). */
static int
code_in_message (const char *message)
{
  const char *open = message != NULL ? strrchr (message, '(') : NULL;
  guint64 code = 0;
  g_autofree char *digits = NULL;
  const char *close;

  if (open == NULL || (close = strchr (open, ')')) == NULL || close - open < 2 || close - open > 8)
    return 0;
  digits = g_strndup (open + 1, close - open - 1);
  if (!g_ascii_string_to_unsigned (digits, 10, 1, 99999, &code, NULL))
    return 0;
  return (int) code;
}

/* A refusal in MiniMax's own words: for invalid parameters (2013) its message says which. */
static void
set_refusal (GError    **error,
             int         code,
             const char *message)
{
  if (code == 2013)
    {
      if (message != NULL && *message != '\0')
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax did not accept the request (error 2013): %s"), message);
      else
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax did not accept the request (error 2013)."));
      return;
    }
  vt_error_set_from_api_code (error, code, message);
}

/* A whole-number member such as base_resp.status_code; FALSE when absent or of another type. */
static gboolean
read_code (JsonObject *object,
           const char *name,
           int        *code)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < G_MININT || json_node_get_int (node) > G_MAXINT)
    return FALSE;
  *code = (int) json_node_get_int (node);
  return TRUE;
}

static char *
take_task_id (JsonObject  *object,
              GError     **error)
{
  const char *task_id = NULL;

  if (!vt_api_get_string (object, "task_id", &task_id) || task_id == NULL ||
      !vt_task_id_is_valid (task_id))
    {
      vt_api_bad_field ("task_id", error);
      return NULL;
    }
  return g_strdup (task_id);
}

/**
 * vt_create_parse_answer:
 * @v2: whether the answer is to /v2 (H3)
 *
 * Returns: (transfer full): the new task's ID, or %NULL with why
 */
char *
vt_create_parse_answer (gboolean   v2,
                        guint      http_status,
                        GBytes    *body,
                        GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) ignored = NULL;
  JsonObject *object = NULL;

  if (body != NULL && g_bytes_get_size (body) > 0)
    object = vt_api_load_object (body, parser, http_status == SOUP_STATUS_OK ? error : &ignored);

  if (http_status != SOUP_STATUS_OK)
    {
      JsonNode *node = object != NULL ? json_object_get_member (object, "error") : NULL;
      JsonNode *base = object != NULL ? json_object_get_member (object, "base_resp") : NULL;
      const char *message = NULL;
      int code = 0;

      g_clear_error (error);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          vt_api_get_string (json_node_get_object (node), "message", &message))
        code = code_in_message (message);
      else if (base != NULL && JSON_NODE_HOLDS_OBJECT (base) &&
               vt_api_get_string (json_node_get_object (base), "status_msg", &message) &&
               !read_code (json_node_get_object (base), "status_code", &code))
        code = 0;
      if (code != 0)
        set_refusal (error, code, message);
      else if (http_status >= 400 && http_status < 500 && message != NULL &&
               http_status != SOUP_STATUS_UNAUTHORIZED && http_status != SOUP_STATUS_FORBIDDEN &&
               http_status != 429)
        g_set_error (error, VT_ERROR, VT_ERROR_API, _("MiniMax refused the request (HTTP %u): %s"),
                     http_status, message);
      else
        vt_api_set_http_error (error, http_status);
      return NULL;
    }
  if (object == NULL)
    {
      /* An empty answer: load_object was not asked, and said nothing. */
      if (error != NULL && *error == NULL)
        vt_api_protocol_error (error, g_strdup (_("MiniMax's answer could not be read.")));
      return NULL;
    }

  if (!v2 || json_object_has_member (object, "base_resp"))
    {
      JsonNode *base = json_object_get_member (object, "base_resp");
      const char *message = NULL;
      int code = 0;

      if (base == NULL || !JSON_NODE_HOLDS_OBJECT (base))
        {
          vt_api_protocol_error (error, g_strdup (_("MiniMax's answer is incomplete.")));
          return NULL;
        }
      if (!vt_api_get_string (json_node_get_object (base), "status_msg", &message))
        message = NULL;
      if (!read_code (json_node_get_object (base), "status_code", &code))
        {
          vt_api_bad_field ("base_resp.status_code", error);
          return NULL;
        }
      if (code != 0)
        {
          set_refusal (error, code, message);
          return NULL;
        }
    }
  return take_task_id (object, error);
}

typedef struct
{
  gboolean v2;
} Submit;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Submit *submit = g_task_get_task_data (task);
  VtHttpRecord info = { 0 };
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  char *task_id;

  body = vt_client_send_finish (VT_CLIENT (object), result, &info, &error);
  task_id = body != NULL ? vt_create_parse_answer (submit->v2, info.status, body, &error) : NULL;
  vt_http_record_clear (&info);
  if (task_id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, task_id, g_free);
}

/**
 * vt_create_submit_async:
 * @body: the body, from vt_create_request_to_body()
 *
 * Sends a creation that vt_create_request_check() passed. Not retried: a creation that
 * timed out may have been made, and a second would cost twice.
 */
void
vt_create_submit_async (VtClient            *client,
                        VtTaskKind           kind,
                        GBytes              *body,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  Submit *submit = g_new0 (Submit, 1);
  const char *path = kind == VT_TASK_KIND_H3 ? "/v2/video_generation"
                   : kind == VT_TASK_KIND_AGENT ? "/v1/video_template_generation" : "/v1/video_generation";

  submit->v2 = kind == VT_TASK_KIND_H3;
  g_task_set_source_tag (task, vt_create_submit_async);
  g_task_set_task_data (task, submit, g_free);
  vt_client_post_json_async (client, path, body, submit->v2 ? VT_GATE_CREATE_H3 : VT_GATE_CREATE_V1,
                             cancellable, sent_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the new task's ID */
char *
vt_create_submit_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VtHttpRecord info = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autofree char *task_id = NULL;
  GError *error = NULL;

  body = vt_client_send_finish (VT_CLIENT (object), result, &info, &error);
  /* {task_id, action, status} (§3.4), or an error as a creation's would be. */
  task_id = body != NULL ? vt_create_parse_answer (TRUE, info.status, body, &error) : NULL;
  vt_http_record_clear (&info);
  if (task_id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vt_create_cancel_async:
 * @task_id: an H3 task that is still queued
 *
 * Asks MiniMax to cancel an H3 task: DELETE /v2/video_generation/{id} (§3.4; the path is
 * the one MiniMax's CLI implies, not documented). A queued task is cancelled; MiniMax
 * refuses one that runs.
 */
void
vt_create_cancel_async (VtClient            *client,
                        const char          *task_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (client, cancellable, callback, user_data);
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, vt_create_cancel_async);
  if (!vt_task_id_is_valid (task_id))
    {
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_PROTOCOL, "%s", _("This is not a task ID."));
      return;
    }
  path = g_strdup_printf ("/v2/video_generation/%s", task_id);
  vt_client_delete_async (client, path, cancellable, cancelled_cb, g_steal_pointer (&task));
}

gboolean
vt_create_cancel_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
