/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vt-api.h"
#include "vt-api-private.h"
#include "vt-json.h"
#include "vt-error.h"

G_DEFINE_BOXED_TYPE (VtQueryResult, vt_query_result, vt_query_result_copy, vt_query_result_free)

VtQueryResult *
vt_query_result_new (void)
{
  return g_new0 (VtQueryResult, 1);
}

void
vt_http_record_clear (VtHttpRecord *self)
{
  g_clear_pointer (&self->trace_id, g_free);
  g_clear_pointer (&self->detail, g_free);
}

/* Makes @self what @from is (its strings copied). */
void
vt_http_record_set (VtHttpRecord       *self,
                    const VtHttpRecord *from)
{
  vt_http_record_clear (self);
  *self = *from;
  self->trace_id = g_strdup (from->trace_id);
  self->detail = g_strdup (from->detail);
}

VtQueryResult *
vt_query_result_copy (const VtQueryResult *self)
{
  VtQueryResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->task_id = g_strdup (self->task_id);
  copy->status_text = g_strdup (self->status_text);
  copy->video_url = g_strdup (self->video_url);
  copy->backup_url = g_strdup (self->backup_url);
  copy->api_message = g_strdup (self->api_message);
  copy->message = g_strdup (self->message);
  copy->message_words = g_strdup (self->message_words);
  copy->http.trace_id = g_strdup (self->http.trace_id);
  copy->http.detail = g_strdup (self->http.detail);
  copy->created = self->created != NULL ? g_date_time_ref (self->created) : NULL;

  return copy;
}

void
vt_query_result_free (VtQueryResult *self)
{
  if (self == NULL)
    return;

  g_free (self->task_id);
  g_free (self->status_text);
  g_free (self->video_url);
  g_free (self->backup_url);
  g_free (self->api_message);
  g_free (self->message);
  g_free (self->message_words);
  vt_http_record_clear (&self->http);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self);
}

gboolean
vt_api_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* An IPv6 literal may arrive with its URL brackets. */
  len = strlen (host);
  if (host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * vt_api_link_is_safe:
 * @url: (nullable): a video link, from an answer or from the saved list
 *
 * The one rule for links, wherever they come from: the API parsers, the saved list (through
 * vt_task_set_video_url()), downloads and their redirects, and the window before a link goes
 * to the launcher or the clipboard.
 *
 * Returns: whether @url is an https link, or plain http to this machine (the tests' and the
 *   demo's CDN), without a user name or password, a backslash, spaces or controls
 */
gboolean
vt_api_link_is_safe (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  /* A link is printed and handed to other programs: no controls, spaces or raw non-ASCII
   * (a real URI has them percent-encoded). A browser reads a backslash as a slash, so that
   * in "https://evil.example\@cdn.example/" it sees the host evil.example where GLib sees
   * cdn.example: no backslash either. */
  for (const guchar *p = (const guchar *) url; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f || *p == '\\')
      return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  /* "https://cdn.example@evil.example/" shows one host and goes to another. */
  if (g_uri_get_userinfo (uri) != NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && vt_api_host_is_loopback (host);
}

/**
 * vt_api_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds, or an HTTP date
 * @now: the time the answer came
 *
 * Returns: the seconds to wait, at most VT_MAX_RETRY_AFTER; 0 when absent or unreadable
 */
guint
vt_api_parse_retry_after (const char *value,
                          GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;
  GTimeSpan span;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    return (guint) MIN (seconds, VT_MAX_RETRY_AFTER);

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;

  span = g_date_time_difference (when, now);
  if (span <= 0)
    return 0;

  return (guint) MIN ((span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, VT_MAX_RETRY_AFTER);
}

/* @what: (transfer full): what was wrong with the answer; asking again may work */
void
vt_api_protocol_error (GError **error,
                    char    *what)
{
  g_autofree char *owned = what;
  g_autofree char *message = vt_error_with_hint (VT_ERROR_HINT_RETRY, owned);

  g_set_error_literal (error, VT_ERROR, VT_ERROR_PROTOCOL, message);
}

gboolean
vt_api_bad_field (const char  *field,
           GError     **error)
{
  vt_api_protocol_error (error, g_strdup_printf (_("MiniMax's answer has an unexpected value for “%s”."),
                                              field));
  return FALSE;
}

/* Returns the member as a string, NULL when absent or null; FALSE when of another type. */
gboolean
vt_api_get_string (JsonObject  *object,
                   const char  *name,
                   const char **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  /* json-glib turns a lone surrogate escape (\udddd) into bytes that are not UTF-8: such a
   * string is never kept or shown. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return FALSE;

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
looks_like_html (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  for (gsize i = 0; i < size; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      return data[i] == '<';
    }

  return FALSE;
}

/* The body as a JSON object; @parser keeps it alive. */
JsonObject *
vt_api_load_object (GBytes      *body,
             JsonParser  *parser,
             GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;
  gconstpointer data;
  gsize size;

  if (looks_like_html (body))
    {
      g_autofree char *message = vt_error_with_hint (VT_ERROR_HINT_HOST,
                                                     _("The server answered with a web page "
                                                       "instead of MiniMax's API."));

      g_set_error_literal (error, VT_ERROR, VT_ERROR_PROTOCOL, message);
      return NULL;
    }

  data = g_bytes_get_data (body, &size);
  if (!vt_json_load (parser, data, size, &json_error))
    {
      g_debug ("Unreadable answer: %s", json_error ? json_error->message : "too large");
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer could not be read.")));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer has an unexpected shape.")));
      return NULL;
    }
  return json_node_get_object (root);
}

/* base_resp and task_id: whether MiniMax answered, and about which task. */
gboolean
vt_api_parse_envelope (JsonObject     *object,
                const char     *expected_task_id,
                VtQueryResult  *result,
                GError        **error)
{
  JsonNode *base_node = json_object_get_member (object, "base_resp");
  JsonNode *code_node;
  JsonObject *base_resp;
  const char *task_id;
  const char *status_msg;

  if (base_node == NULL || !JSON_NODE_HOLDS_OBJECT (base_node))
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer is incomplete.")));
      return FALSE;
    }
  base_resp = json_node_get_object (base_node);

  code_node = json_object_get_member (base_resp, "status_code");
  if (code_node == NULL || !JSON_NODE_HOLDS_VALUE (code_node) ||
      json_node_get_value_type (code_node) != G_TYPE_INT64 ||
      json_node_get_int (code_node) < G_MININT || json_node_get_int (code_node) > G_MAXINT)
    return vt_api_bad_field ("base_resp.status_code", error);

  result->api_code = (int) json_node_get_int (code_node);
  if (vt_api_get_string (base_resp, "status_msg", &status_msg))
    result->api_message = g_strdup (status_msg);

  if (!vt_api_get_string (object, "task_id", &task_id))
    return vt_api_bad_field ("task_id", error);
  if (task_id != NULL && *task_id != '\0')
    result->task_id = g_strdup (task_id);

  if (result->api_code == 1026 || result->api_code == 1027)
    {
      g_autoptr(GError) verdict = NULL;

      /* Final: the task can never succeed, whatever else the body says. */
      vt_error_set_from_api_code (&verdict, result->api_code, status_msg);
      result->status = VT_TASK_STATUS_FAIL;
      result->message = g_strdup (verdict->message);
      result->message_code = verdict->code;
    }
  else if (result->api_code != 0)
    {
      vt_error_set_from_api_code (error, result->api_code, status_msg);
      return FALSE;
    }

  if (result->task_id != NULL && !g_str_equal (result->task_id, expected_task_id))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_PROTOCOL,
                   _("MiniMax answered about another task (%s) than the one asked for (%s)."),
                   result->task_id, expected_task_id);
      return FALSE;
    }

  return TRUE;
}

/* The video link of a task that succeeded, checked before it is kept. */
gboolean
vt_api_take_link (const char     *url,
                  VtQueryResult  *result,
                  GError        **error)
{
  if (url == NULL || *url == '\0')
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax says the task succeeded but sent no video link.")));
      return FALSE;
    }
  if (!vt_api_link_is_safe (url))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_UNSAFE_LINK,
                   _("MiniMax sent a video link that is not a secure (https) address. "
                     "It was not used."));
      return FALSE;
    }
  g_free (result->video_url);
  result->video_url = g_strdup (url);
  return TRUE;
}

/* The v2 words, in the one vocabulary of the task list. */
static const struct {
  const char   *text;
  VtTaskStatus  status;
} h3_statuses[] = {
  { "queued", VT_TASK_STATUS_QUEUEING },
  { "running", VT_TASK_STATUS_PROCESSING },
  { "succeeded", VT_TASK_STATUS_SUCCESS },
  { "failed", VT_TASK_STATUS_FAIL },
  { "cancelled", VT_TASK_STATUS_CANCELLED },
};

static VtTaskStatus
status_of_kind (const char *text,
                VtTaskKind  kind)
{
  VtTaskStatus status;

  if (kind == VT_TASK_KIND_H3)
    {
      for (guint i = 0; i < G_N_ELEMENTS (h3_statuses); i++)
        if (g_str_equal (text, h3_statuses[i].text))
          return h3_statuses[i].status;
      return VT_TASK_STATUS_UNKNOWN;
    }

  status = vt_task_status_from_string (text);
  /* Video Agent has four words, Hailuo adds Queueing; Cancelled is only the task list's. */
  if (status == VT_TASK_STATUS_CANCELLED ||
      (status == VT_TASK_STATUS_QUEUEING && kind != VT_TASK_KIND_VIDEO))
    return VT_TASK_STATUS_UNKNOWN;
  return status;
}

/**
 * vt_api_read_status:
 * @kind: whose words "status" is in
 *
 * Reads "status" into @result, with the message a failed task or an unknown status gets.
 */
gboolean
vt_api_read_status (JsonObject     *object,
                    VtTaskKind      kind,
                    VtQueryResult  *result,
                    GError        **error)
{
  const char *status;

  if (!vt_api_get_string (object, "status", &status))
    return vt_api_bad_field ("status", error);
  if (status == NULL)
    {
      vt_api_protocol_error (error, g_strdup (_("MiniMax's answer has no task status.")));
      return FALSE;
    }

  result->status_text = g_strdup (status);
  result->status = status_of_kind (status, kind);

  if (result->status == VT_TASK_STATUS_FAIL)
    vt_api_set_message (result, VT_ERROR_TASK_FAILED, NULL);
  else if (result->status == VT_TASK_STATUS_UNKNOWN)
    vt_api_set_message (result, VT_ERROR_UNKNOWN_STATUS, status);
  return TRUE;
}

/**
 * vt_api_set_message:
 * @code: what happened to the task, a VtError code (VT_ERROR_TASK_FAILED…)
 * @words: (nullable): MiniMax's own words about it
 *
 * Sets what a task's row says about its answer, and the code and words it is made of.
 */
void
vt_api_set_message (VtQueryResult *result,
                    int            code,
                    const char    *words)
{
  g_free (result->message_words);
  result->message_words = g_strdup (words);
  result->message_code = code;
  g_free (result->message);
  result->message = vt_error_describe (code, 0, 0, words);
}

/* status and video_url: where a Video Agent task is. */
static gboolean
parse_status (JsonObject     *object,
              VtQueryResult  *result,
              GError        **error)
{
  const char *video_url;

  if (!vt_api_read_status (object, VT_TASK_KIND_AGENT, result, error))
    return FALSE;

  if (!vt_api_get_string (object, "video_url", &video_url))
    return vt_api_bad_field ("video_url", error);

  if (result->status == VT_TASK_STATUS_SUCCESS)
    return vt_api_take_link (video_url, result, error);
  return TRUE;
}

/**
 * vt_api_set_http_error:
 * @http_status: an HTTP status that is not a success
 *
 * What an HTTP error from the API host means, the same for every kind of task.
 */
void
vt_api_set_http_error (GError **error,
                       guint    http_status)
{
  VtErrorHint hint;
  int code;
  char *what;

  if (http_status >= 300 && http_status < 400)
    {
      code = VT_ERROR_PROTOCOL;
      hint = VT_ERROR_HINT_HOST;
      what = g_strdup_printf (_("The API host tried to send the request elsewhere (HTTP %u). "
                                "It was not followed, so the API key stayed with the API host."),
                              http_status);
    }
  else if (http_status == SOUP_STATUS_UNAUTHORIZED || http_status == SOUP_STATUS_FORBIDDEN)
    {
      code = VT_ERROR_AUTH;
      hint = VT_ERROR_HINT_KEY;
      what = g_strdup_printf (_("MiniMax did not accept the API key (HTTP %u)."), http_status);
    }
  else if (http_status == 429 /* Too Many Requests */)
    {
      code = VT_ERROR_RATE_LIMITED;
      hint = VT_ERROR_HINT_SLOW_DOWN;
      what = g_strdup (_("MiniMax asked to slow down (HTTP 429)."));
    }
  else if (http_status >= 500)
    {
      code = VT_ERROR_SERVER;
      hint = VT_ERROR_HINT_RETRY;
      what = g_strdup_printf (_("MiniMax's server had a problem (HTTP %u)."), http_status);
    }
  else
    {
      g_set_error (error, VT_ERROR, VT_ERROR_PROTOCOL,
                   _("MiniMax answered with an unexpected HTTP error %u (%s)."),
                   http_status, soup_status_get_phrase (http_status));
      return;
    }

  {
    g_autofree char *owned = what;
    g_autofree char *message = vt_error_with_hint (hint, owned);

    g_set_error_literal (error, VT_ERROR, code, message);
  }
}

/**
 * vt_api_parse_query:
 * @body: the response body of a query
 * @expected_task_id: the task that was asked about
 * @result: filled with everything the body says, even when this fails
 *
 * Decides what a query's answer means. A task that can no longer succeed
 * (base_resp 1026/1027) is a successful parse with status Fail; every other
 * non-zero base_resp code, and every malformed answer, is an error.
 *
 * Returns: %TRUE when @result describes the task.
 */
gboolean
vt_api_parse_query (GBytes         *body,
                    const char     *expected_task_id,
                    VtQueryResult  *result,
                    GError        **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;

  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (expected_task_id != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  parser = json_parser_new_immutable ();
  object = vt_api_load_object (body, parser, error);
  if (object == NULL || !vt_api_parse_envelope (object, expected_task_id, result, error))
    return FALSE;

  /* A task that can no longer succeed needs nothing more. */
  if (result->status == VT_TASK_STATUS_FAIL)
    return TRUE;

  return parse_status (object, result, error);
}
