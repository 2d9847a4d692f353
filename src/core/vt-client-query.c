/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-client"

#include "config.h"

#include "vt-client.h"
#include "vt-error.h"
#include "vt-kinds.h"

/* Asking about a task of each kind, finding out the kind of a task by asking the endpoints
 * in turn, and listing recent H3 tasks. Each request is one vt_client_get_async(). */

typedef struct
{
  char          *task_id;
  VtTaskKind     asked;        /* what the caller knew; UNKNOWN: find out */
  VtTaskKind     step;         /* the endpoint asked now */
  char          *file_id;      /* Hailuo: the finished video's file, asked for next */
  VtQueryResult *result;
  VtQueryResult *first_result; /* detection: Video Agent's answer, reported if none knows */
  GError        *first_error;
  guint          n_requests;
} Query;

static void
query_free (Query *query)
{
  g_free (query->task_id);
  g_free (query->file_id);
  g_clear_pointer (&query->result, vt_query_result_free);
  g_clear_pointer (&query->first_result, vt_query_result_free);
  g_clear_error (&query->first_error);
  g_free (query);
}

static void get_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
ask (GTask *task)
{
  Query *query = g_task_get_task_data (task);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (query->file_id != NULL)
    {
      escaped = g_uri_escape_string (query->file_id, NULL, FALSE);
      path = g_strconcat (VT_API_FILE_PATH "?file_id=", escaped, NULL);
    }
  else
    {
      const VtKindInfo *kind = vt_kind_get (query->step);

      escaped = g_uri_escape_string (query->task_id, NULL, FALSE);
      path = g_strconcat (kind->query_path, kind->id_in_path ? "/" : "?task_id=", escaped, NULL);
    }

  query->n_requests++;
  vt_client_get_async (g_task_get_source_object (task), path, g_task_get_cancellable (task),
                       get_cb, g_object_ref (task));
}

/* What the answer says, by the endpoint that gave it. */
static gboolean
parse (Query   *query,
       GBytes  *body,
       GError **error)
{
  guint status = query->result->http.status;

  /* Hailuo's second step: the file its task made. */
  if (query->file_id != NULL && (status < 200 || status >= 300))
    {
      vt_api_set_http_error (error, status);
      return FALSE;
    }
  if (query->file_id != NULL)
    return vt_api_parse_file (body, query->file_id, query->result, error);
  return vt_kind_get (query->step)->parse (status, body, query->task_id, query->result,
                                          &query->file_id, error);
}

static void
get_cb (GObject      *object,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Query *query = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = vt_client_get_finish (VT_CLIENT (object), res, &query->result->http, &error);
  if (body != NULL && parse (query, body, &error))
    {
      query->result->kind = query->step;
      /* A Hailuo task that succeeded has its link in the file it made. */
      if (query->file_id != NULL && query->result->video_url == NULL)
        {
          ask (task);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A rate limit said in the body (1002, 1041, 2045): the whole account waits, not just
   * this task (the client holds for HTTP 429 and Retry-After itself). */
  if (body != NULL && g_error_matches (error, VT_ERROR, VT_ERROR_RATE_LIMITED))
    vt_client_hold_after (VT_CLIENT (object), res,
                          query->result->http.retry_after > 0 ? query->result->http.retry_after
                                                               : VT_RATE_LIMIT_HOLD);

  /* Asked of a file, the task is known whatever became of the file; and it succeeded. What
   * the file's answer said (a 2013, an unreadable answer, a server error) is not the task's
   * fault: its file is asked for again later. The key, the network and the rate are the same
   * for every request and are told as they are. */
  if (query->file_id != NULL)
    {
      query->result->kind = query->step;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !vt_error_is_shared (error) && !vt_error_is_slow_down (error) &&
          !g_error_matches (error, VT_ERROR, VT_ERROR_UNSAFE_LINK))
        {
          g_debug ("The file of task %s could not be had: %s", query->task_id, error->message);
          g_clear_error (&error);
          vt_error_set_file_not_ready (&error);
        }
    }

  if (query->asked == VT_TASK_KIND_UNKNOWN && query->file_id == NULL &&
      vt_api_is_unknown_task (query->step, query->result, error))
    {
      g_debug ("Task %s is not a %s task", query->task_id, vt_task_kind_to_string (query->step));
      if (query->first_result == NULL)
        {
          query->first_result = g_steal_pointer (&query->result);
          query->first_error = g_steal_pointer (&error);
        }
      g_clear_error (&error);
      g_clear_pointer (&query->result, vt_query_result_free);
      query->result = vt_query_result_new ();
      query->step = vt_kind_get (query->step)->asked_after;
      if (query->step != VT_TASK_KIND_UNKNOWN)
        {
          ask (task);
          return;
        }

      /* No endpoint knows it: Video Agent's answer (error 2013) stands, in words that say
       * which were asked and what to do. */
      vt_query_result_free (query->result);
      query->result = g_steal_pointer (&query->first_result);
      g_clear_error (&query->first_error);
      vt_error_set_no_kind (&error);
    }

  g_task_return_error (task, error);
}

/**
 * vt_client_query_async:
 * @kind: what the task is; %VT_TASK_KIND_UNKNOWN asks Video Agent, then Hailuo, then H3,
 *   and the first that knows the task answers (see vt_api_is_unknown_task())
 *
 * Asks the API host about @task_id. A Hailuo task that succeeded takes a second request,
 * for its file's link.
 */
void
vt_client_query_async (VtClient            *self,
                       const char          *task_id,
                       VtTaskKind           kind,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (task_id != NULL);
  g_return_if_fail (kind <= VT_TASK_KIND_H3);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_client_query_async);

  query = g_new0 (Query, 1);
  query->task_id = g_strdup (task_id);
  query->asked = kind;
  query->step = kind == VT_TASK_KIND_UNKNOWN ? VT_TASK_KIND_AGENT : kind;
  query->result = vt_query_result_new ();
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  ask (task);
}

/**
 * vt_client_query_finish:
 * @out_result: (out) (optional): everything learned, even on failure (the kind found,
 *   HTTP status, Trace-Id, Retry-After, API code, how many requests it took)
 *
 * Returns: %TRUE when the API told the task's status.
 */
gboolean
vt_client_query_finish (VtClient       *self,
                        GAsyncResult   *result,
                        VtQueryResult **out_result,
                        GError        **error)
{
  Query *query;

  g_return_val_if_fail (VT_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  query = g_task_get_task_data (G_TASK (result));
  if (out_result != NULL)
    {
      *out_result = vt_query_result_copy (query->result);
      (*out_result)->http.n_requests = query->n_requests;
    }

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  VtQueryResult *info;
  guint          page_size;
  guint          n_items;
  guint          total;
} ListData;

static void
list_data_free (ListData *data)
{
  vt_query_result_free (data->info);
  g_free (data);
}

static void
list_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  guint status;

  body = vt_client_get_finish (VT_CLIENT (object), res, &data->info->http, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = data->info->http.status;
  /* v2's errors read the same for the list as for a task, but for "not found": no task was
   * asked about, so it is the list that is not there. */
  if (status < 200 || status >= 300)
    {
      vt_api_parse_h3_query (status, body, "", data->info, &error);
      if (g_error_matches (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK))
        {
          g_clear_error (&error);
          vt_error_set_list_unavailable (&error, status);
        }
    }
  else if (vt_api_parse_h3_list (body, data->page_size, ids, &data->n_items, &data->total, &error))
    {
      g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_task_return_error (task, error);
}

/**
 * vt_client_list_h3_async:
 * @page_num: from 1
 *
 * One page of the account's H3 tasks of the last 7 days: the only list MiniMax offers.
 */
void
vt_client_list_h3_async (VtClient            *self,
                         guint                page_num,
                         guint                page_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  ListData *data;

  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (page_num > 0 && page_size > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_client_list_h3_async);
  data = g_new0 (ListData, 1);
  data->info = vt_query_result_new ();
  data->page_size = page_size;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  path = g_strdup_printf (VT_API_H3_QUERY_PATH "?page_num=%u&page_size=%u", page_num, page_size);
  vt_client_get_async (self, path, cancellable, list_cb, g_steal_pointer (&task));
}

/**
 * vt_client_list_h3_finish:
 * @n_items: (out): how many items of the page were read (at most the page size asked
 *   for), with or without a usable ID
 * @total: (out): how many tasks all pages hold; %G_MAXUINT when the answer did not say
 *
 * Returns: (transfer full) (element-type utf8): the page's task IDs, or %NULL
 */
GPtrArray *
vt_client_list_h3_finish (VtClient       *self,
                          GAsyncResult   *result,
                          guint          *n_items,
                          guint          *total,
                          VtQueryResult **out_result,
                          GError        **error)
{
  ListData *data;

  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  *n_items = data->n_items;
  *total = data->total;
  if (out_result != NULL)
    *out_result = vt_query_result_copy (data->info);
  return g_task_propagate_pointer (G_TASK (result), error);
}
