/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "vt-api-private.h"
#include "vt-error.h"
#include "vt-kinds.h"
#include "vt-task-ids.h"

/* The answers of the other kinds of task: Hailuo (v1 query, then the file it made) and
 * MiniMax-H3 (v2), and the one rule for "this endpoint does not know the task". */

/* An ID that one reply sends as a string and another as a number (Hailuo's file_id).
 * Sets *out to a new string, or NULL when absent; FALSE when of another type. */
static gboolean
get_id_member (JsonObject  *object,
               const char  *name,
               char       **out)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (json_node_get_int (node) < 0)
        return FALSE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  if (!vt_api_get_string (object, name, &text))
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * vt_api_parse_video_query:
 * @file_id: (out): on Success, the file to ask /v1/files/retrieve for
 *
 * A Hailuo (v1) query's answer: base_resp and task_id as Video Agent's, the statuses
 * Preparing, Queueing, Processing, Success and Fail, and no link: on Success, a file_id.
 */
gboolean
vt_api_parse_video_query (GBytes         *body,
                          const char     *expected_task_id,
                          VtQueryResult  *result,
                          char          **file_id,
                          GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;

  g_return_val_if_fail (file_id != NULL, FALSE);
  *file_id = NULL;

  object = vt_api_load_object (body, parser, error);
  if (object == NULL || !vt_api_parse_envelope (object, expected_task_id, result, error))
    return FALSE;
  if (result->status == VT_TASK_STATUS_FAIL)
    return TRUE;
  if (!vt_api_read_status (object, VT_TASK_KIND_VIDEO, result, error))
    return FALSE;
  if (result->status != VT_TASK_STATUS_SUCCESS)
    return TRUE;

  if (!get_id_member (object, "file_id", file_id))
    return vt_api_bad_field ("file_id", error);
  if (*file_id == NULL || !vt_task_id_is_valid (*file_id))
    {
      g_clear_pointer (file_id, g_free);
      vt_api_protocol_error (error, g_strdup (_("MiniMax says the task succeeded but sent no video file.")));
      return FALSE;
    }
  return TRUE;
}

/**
 * vt_api_parse_file:
 *
 * The answer of /v1/files/retrieve: the file's download_url (valid for about an hour) and,
 * when there is one, a backup_download_url.
 */
gboolean
vt_api_parse_file (GBytes         *body,
                   const char     *file_id,
                   VtQueryResult  *result,
                   GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *answered_id = NULL;
  JsonObject *object;
  JsonObject *base_resp;
  JsonObject *file;
  JsonNode *code;
  const char *url, *backup = NULL, *status_msg = NULL;

  object = vt_api_load_object (body, parser, error);
  if (object == NULL)
    return FALSE;

  base_resp = get_object_member (object, "base_resp");
  code = base_resp != NULL ? json_object_get_member (base_resp, "status_code") : NULL;
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) ||
      json_node_get_value_type (code) != G_TYPE_INT64 ||
      json_node_get_int (code) < G_MININT || json_node_get_int (code) > G_MAXINT)
    return vt_api_bad_field ("base_resp.status_code", error);
  result->api_code = (int) json_node_get_int (code);
  if (result->api_code != 0)
    {
      /* The file's refusal replaces what the query's answer said. */
      if (vt_api_get_string (base_resp, "status_msg", &status_msg))
        {
          g_free (result->api_message);
          result->api_message = g_strdup (status_msg);
        }
      vt_error_set_from_api_code (error, result->api_code, status_msg);
      return FALSE;
    }

  file = get_object_member (object, "file");
  if (file == NULL)
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax says the task succeeded but sent no video file.")));
      return FALSE;
    }
  if (!get_id_member (file, "file_id", &answered_id))
    return vt_api_bad_field ("file.file_id", error);
  if (answered_id != NULL && !g_str_equal (answered_id, file_id))
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax answered about another video file than "
                                                "the one asked for.")));
      return FALSE;
    }

  if (!vt_api_get_string (file, "download_url", &url))
    return vt_api_bad_field ("file.download_url", error);
  if (!vt_api_take_link (url, result, error))
    return FALSE;

  /* Either beside the link or at the top: other clients read both. An unusable backup is
   * left out; the main link still works. */
  if (!vt_api_get_string (file, "backup_download_url", &backup) || backup == NULL)
    vt_api_get_string (object, "backup_download_url", &backup);
  if (backup != NULL && vt_api_link_is_safe (backup) && !g_str_equal (backup, url))
    result->backup_url = g_strdup (backup);
  return TRUE;
}

/* Whether an H3 error's code or message is about the task ID. */
static gboolean
mentions_task_id (const char *text)
{
  g_autofree char *folded = text != NULL ? g_ascii_strdown (text, -1) : NULL;

  return folded != NULL && (strstr (folded, "task_id") != NULL ||
                            strstr (folded, "task id") != NULL);
}

/* v2 errors are HTTP statuses with {"error": {"code", "message"}}. */
static gboolean
parse_h3_error (guint           http_status,
                GBytes         *body,
                VtQueryResult  *result,
                GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *code = NULL;
  g_autoptr(GError) ignored = NULL;
  JsonObject *object = NULL;
  JsonObject *detail;
  const char *message = NULL;
  guint64 number = 0;

  if (g_bytes_get_size (body) > 0)
    object = vt_api_load_object (body, parser, &ignored);
  detail = object != NULL ? get_object_member (object, "error") : NULL;
  if (detail != NULL)
    {
      if (!vt_api_get_string (detail, "message", &message))
        message = NULL;
      if (!get_id_member (detail, "code", &code))
        code = NULL;
      result->api_message = g_strdup (message);
    }

  if (http_status == SOUP_STATUS_NOT_FOUND ||
      (http_status == SOUP_STATUS_BAD_REQUEST && (mentions_task_id (message) || mentions_task_id (code))))
    {
      vt_error_set_unknown_h3_task (error);
      return FALSE;
    }

  /* A MiniMax error code in the body gets the same words as in a base_resp. */
  if (code != NULL && g_ascii_string_to_unsigned (code, 10, 1, G_MAXINT, &number, NULL))
    {
      result->api_code = (int) number;
      vt_error_set_from_api_code (error, (int) number, message);
      return FALSE;
    }

  if (http_status >= 400 && http_status < 500 && message != NULL &&
      http_status != SOUP_STATUS_UNAUTHORIZED && http_status != SOUP_STATUS_FORBIDDEN &&
      http_status != 429)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_API, _("MiniMax refused the request (HTTP %u): %s"),
                   http_status, message);
      return FALSE;
    }

  vt_api_set_http_error (error, http_status);
  return FALSE;
}

/* Seconds since 1970 this large are milliseconds: as seconds they would be past year 5000. */
#define MILLISECONDS_FROM G_GINT64_CONSTANT (100000000000)

/* When MiniMax made an H3 task: an ISO 8601 string, or a number of seconds since 1970 as in
 * the v1 file's answer. Anything else is left unknown rather than refused: it only decides
 * when a task MiniMax no longer knows is past its 7 days. */
static GDateTime *
read_created (JsonObject *task)
{
  JsonNode *node = json_object_get_member (task, "created_at");
  g_autoptr(GTimeZone) utc = NULL;
  const char *text;
  gint64 seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      seconds = json_node_get_int (node);
      if (seconds >= MILLISECONDS_FROM)
        seconds /= 1000;
      /* NULL past year 9999. */
      return seconds > 0 ? g_date_time_new_from_unix_utc (seconds) : NULL;
    }

  if (!vt_api_get_string (task, "created_at", &text) || text == NULL)
    return NULL;
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

/**
 * vt_api_parse_h3_query:
 * @http_status: the answer's HTTP status; v2 errors are HTTP errors
 *
 * A MiniMax-H3 (v2) query's answer: {"task": {id, status, error, content: {url}}}.
 */
gboolean
vt_api_parse_h3_query (guint           http_status,
                       GBytes         *body,
                       const char     *expected_task_id,
                       VtQueryResult  *result,
                       GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonObject *task;
  JsonObject *content;
  JsonObject *failure;
  const char *url = NULL;
  const char *message = NULL;

  if (http_status < 200 || http_status >= 300)
    return parse_h3_error (http_status, body, result, error);

  object = vt_api_load_object (body, parser, error);
  if (object == NULL)
    return FALSE;
  task = get_object_member (object, "task");
  if (task == NULL)
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer is incomplete.")));
      return FALSE;
    }

  if (!get_id_member (task, "id", &id))
    return vt_api_bad_field ("task.id", error);
  if (id != NULL && !g_str_equal (id, expected_task_id))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_PROTOCOL,
                   _("MiniMax answered about another task (%s) than the one asked for (%s)."),
                   id, expected_task_id);
      return FALSE;
    }
  result->task_id = g_steal_pointer (&id);
  g_clear_pointer (&result->created, g_date_time_unref);
  result->created = read_created (task);

  if (!vt_api_read_status (task, VT_TASK_KIND_H3, result, error))
    return FALSE;

  switch (result->status)
    {
    case VT_TASK_STATUS_SUCCESS:
      content = get_object_member (task, "content");
      if (content != NULL && !vt_api_get_string (content, "url", &url))
        return vt_api_bad_field ("task.content.url", error);
      return vt_api_take_link (url, result, error);

    case VT_TASK_STATUS_FAIL:
      failure = get_object_member (task, "error");
      if (failure != NULL && vt_api_get_string (failure, "message", &message) && message != NULL)
        {
          vt_api_set_message (result, VT_ERROR_TASK_FAILED, message);
        }
      return TRUE;

    case VT_TASK_STATUS_UNKNOWN:
    case VT_TASK_STATUS_PREPARING:
    case VT_TASK_STATUS_QUEUEING:
    case VT_TASK_STATUS_PROCESSING:
    case VT_TASK_STATUS_CANCELLED:
    default:
      return TRUE;
    }
}

/**
 * vt_api_parse_h3_list:
 * @max_items: the page size asked for: no more items than this are read from the page
 * @ids: (element-type utf8): the listed tasks' IDs are added here
 * @n_items: (out): how many items of the page were read, with or without a usable ID
 * @total: (out): how many tasks the list has in all pages; %G_MAXUINT when the answer does
 *   not say so in a usable way
 *
 * One page of GET /v2/query/video_generation: {"items": [task…], "total": N}. Items whose
 * ID is not a usable task ID are left out. A page longer than asked for is cut, so that a
 * server cannot make one answer thousands of tasks; a "total" that is missing, negative or
 * absurd is taken as unknown, since the pages themselves say when the list ends.
 */
gboolean
vt_api_parse_h3_list (GBytes     *body,
                      guint       max_items,
                      GPtrArray  *ids,
                      guint      *n_items,
                      guint      *total,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *items;
  JsonNode *count;
  JsonArray *array;

  *n_items = 0;
  *total = G_MAXUINT;

  object = vt_api_load_object (body, parser, error);
  if (object == NULL)
    return FALSE;

  items = json_object_get_member (object, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return vt_api_bad_field ("items", error);
  count = json_object_get_member (object, "total");
  if (count != NULL && JSON_NODE_HOLDS_VALUE (count) &&
      json_node_get_value_type (count) == G_TYPE_INT64 &&
      json_node_get_int (count) >= 0 && json_node_get_int (count) < G_MAXUINT)
    *total = (guint) json_node_get_int (count);

  array = json_node_get_array (items);
  *n_items = MIN (json_array_get_length (array), max_items);
  for (guint i = 0; i < *n_items; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *id = NULL;

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          get_id_member (json_node_get_object (item), "id", &id) &&
          id != NULL && vt_task_id_is_valid (id))
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  return TRUE;
}

/**
 * vt_api_is_unknown_task:
 * @kind: the endpoint that was asked
 *
 * The one rule for "this endpoint does not know the task", which MiniMax does not document,
 * each kind's in the kinds' table (vt-kinds.c). It is strict: an error about the key, the
 * rate, the account or the network is never taken for it, so detection reports those as they
 * are.
 */
gboolean
vt_api_is_unknown_task (VtTaskKind           kind,
                        const VtQueryResult *result,
                        const GError        *error)
{
  const VtKindInfo *info = vt_kind_get (kind);

  if (error == NULL || result == NULL || info->is_unknown_task == NULL)
    return FALSE;
  return info->is_unknown_task (result, error);
}
