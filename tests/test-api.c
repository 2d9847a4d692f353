/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parser on every answer API.md documents, and on the ones it does not. */

#include "config.h"

#include <locale.h>

#include <gio/gio.h>

#include "vt-api.h"
#include "vt-error.h"

typedef struct
{
  const char   *name;
  const char   *body;
  gboolean      ok;
  GQuark        domain_unused;
  int           error_code;     /* when !ok */
  VtTaskStatus  status;         /* when ok */
  const char   *video_url;
  int           api_code;
} ParseCase;

#define OK_CASE(n, b, s, u, c) { n, b, TRUE, 0, -1, s, u, c }
#define ERR_CASE(n, b, e, c) { n, b, FALSE, 0, e, VT_TASK_STATUS_UNKNOWN, NULL, c }
#define BASE_OK "\"base_resp\": {\"status_code\": 0, \"status_msg\": \"success\"}"

static const ParseCase cases[] = {
  OK_CASE ("preparing", "{\"task_id\": \"42\", \"status\": \"Preparing\", " BASE_OK "}",
           VT_TASK_STATUS_PREPARING, NULL, 0),
  OK_CASE ("processing", "{\"task_id\": \"42\", \"status\": \"Processing\", " BASE_OK "}",
           VT_TASK_STATUS_PROCESSING, NULL, 0),
  OK_CASE ("success", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
           "\"https://cdn.hailuoai.com/prod/video_20250714_141232_cdc5ba74.mp4\", " BASE_OK "}",
           VT_TASK_STATUS_SUCCESS, "https://cdn.hailuoai.com/prod/video_20250714_141232_cdc5ba74.mp4", 0),
  OK_CASE ("success-loopback-http", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
           "\"http://127.0.0.1:8080/v.mp4\", " BASE_OK "}",
           VT_TASK_STATUS_SUCCESS, "http://127.0.0.1:8080/v.mp4", 0),
  OK_CASE ("fail", "{\"task_id\": \"42\", \"status\": \"Fail\", " BASE_OK "}",
           VT_TASK_STATUS_FAIL, NULL, 0),
  OK_CASE ("fail-1026", "{\"task_id\": \"42\", \"status\": \"Fail\", \"base_resp\": "
           "{\"status_code\": 1026, \"status_msg\": \"input new_sensitive\"}}",
           VT_TASK_STATUS_FAIL, NULL, 1026),
  OK_CASE ("fail-1027-without-status", "{\"base_resp\": {\"status_code\": 1027, \"status_msg\": \"x\"}}",
           VT_TASK_STATUS_FAIL, NULL, 1027),
  OK_CASE ("unknown-status", "{\"task_id\": \"42\", \"status\": \"Queued\", " BASE_OK "}",
           VT_TASK_STATUS_UNKNOWN, NULL, 0),
  OK_CASE ("lowercase-status-is-unknown", "{\"task_id\": \"42\", \"status\": \"success\", " BASE_OK "}",
           VT_TASK_STATUS_UNKNOWN, NULL, 0),
  OK_CASE ("no-task-id", "{\"status\": \"Processing\", " BASE_OK "}",
           VT_TASK_STATUS_PROCESSING, NULL, 0),
  OK_CASE ("null-video-url-while-processing", "{\"task_id\": \"42\", \"status\": \"Processing\", "
           "\"video_url\": null, " BASE_OK "}", VT_TASK_STATUS_PROCESSING, NULL, 0),
  OK_CASE ("extra-fields", "{\"task_id\": \"42\", \"status\": \"Processing\", \"extra\": [1, {}], "
           BASE_OK "}", VT_TASK_STATUS_PROCESSING, NULL, 0),
  OK_CASE ("leading-whitespace", "  \n{\"task_id\": \"42\", \"status\": \"Preparing\", " BASE_OK "}",
           VT_TASK_STATUS_PREPARING, NULL, 0),

  /* Brackets and escaped quotes inside strings do not count as nesting. */
  OK_CASE ("brackets-in-strings", "{\"task_id\": \"42\", \"status\": \"Preparing\", \"note\": "
           "\"} ] \\\" { [ \\\\\", " BASE_OK "}", VT_TASK_STATUS_PREPARING, NULL, 0),
  OK_CASE ("trailing-whitespace", "{\"task_id\": \"42\", \"status\": \"Preparing\", " BASE_OK "}\n \r\n",
           VT_TASK_STATUS_PREPARING, NULL, 0),
  /* One top-level object and nothing after it (json-glib took the first and leaked the rest). */
  ERR_CASE ("trailing-array", "{\"task_id\": \"42\", \"status\": \"Preparing\", " BASE_OK "}[1, 2, 3]",
            VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("two-objects", "{\"task_id\": \"42\", \"status\": \"Preparing\", " BASE_OK "} {}",
            VT_ERROR_PROTOCOL, 0),
  /* A lone surrogate is U+FFFD, so this is a status nobody knows; raw bytes that are not
   * UTF-8 are a bad field. */
  OK_CASE ("lone-surrogate-status", "{\"task_id\": \"42\", \"status\": \"\\udddd Pre\", " BASE_OK "}",
           VT_TASK_STATUS_UNKNOWN, NULL, 0),
  ERR_CASE ("raw-invalid-utf8-status", "{\"task_id\": \"42\", \"status\": \"\xff Pre\", " BASE_OK "}",
            VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("empty", "", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("truncated", "{\"task_id\": \"42\", \"status\": ", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("garbage", "\x01\x02not json", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("html", "<!DOCTYPE html><html></html>", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("array", "[1, 2]", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("string", "\"Success\"", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("null", "null", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("no-base-resp", "{\"task_id\": \"42\", \"status\": \"Success\"}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("base-resp-not-object", "{\"task_id\": \"42\", \"status\": \"Success\", \"base_resp\": 0}",
            VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("status-code-string", "{\"task_id\": \"42\", \"status\": \"Success\", "
            "\"base_resp\": {\"status_code\": \"0\"}}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("status-code-float", "{\"task_id\": \"42\", \"status\": \"Success\", "
            "\"base_resp\": {\"status_code\": 0.5}}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("status-number", "{\"task_id\": \"42\", \"status\": 2, " BASE_OK "}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("status-missing", "{\"task_id\": \"42\", " BASE_OK "}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("task-id-number", "{\"task_id\": 42, \"status\": \"Success\", " BASE_OK "}",
            VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("video-url-number", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": 5, "
            BASE_OK "}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("task-id-mismatch", "{\"task_id\": \"43\", \"status\": \"Success\", \"video_url\": "
            "\"https://cdn.example.com/v.mp4\", " BASE_OK "}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("success-without-link", "{\"task_id\": \"42\", \"status\": \"Success\", " BASE_OK "}",
            VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("success-empty-link", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": \"\", "
            BASE_OK "}", VT_ERROR_PROTOCOL, 0),
  ERR_CASE ("plain-http-link", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
            "\"http://cdn.hailuoai.com/v.mp4\", " BASE_OK "}", VT_ERROR_UNSAFE_LINK, 0),
  ERR_CASE ("file-link", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
            "\"file:///etc/passwd\", " BASE_OK "}", VT_ERROR_UNSAFE_LINK, 0),
  ERR_CASE ("javascript-link", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
            "\"javascript:alert(1)\", " BASE_OK "}", VT_ERROR_UNSAFE_LINK, 0),
  ERR_CASE ("relative-link", "{\"task_id\": \"42\", \"status\": \"Success\", \"video_url\": "
            "\"/video.mp4\", " BASE_OK "}", VT_ERROR_UNSAFE_LINK, 0),
};

typedef struct
{
  int     api_code;
  int     error_code;
} CodeCase;

static const CodeCase code_cases[] = {
  { 1000, VT_ERROR_SERVER },
  { 1001, VT_ERROR_SERVER },
  { 1002, VT_ERROR_RATE_LIMITED },
  { 1004, VT_ERROR_AUTH },
  { 1008, VT_ERROR_INSUFFICIENT_BALANCE },
  { 1024, VT_ERROR_SERVER },
  { 1033, VT_ERROR_SERVER },
  { 1039, VT_ERROR_SERVER },
  { 1041, VT_ERROR_RATE_LIMITED },
  { 2013, VT_ERROR_INVALID_TASK_ID },
  { 2045, VT_ERROR_RATE_LIMITED },
  { 2049, VT_ERROR_AUTH },
  { 2056, VT_ERROR_USAGE_LIMIT },
  { 9999, VT_ERROR_API },
  { -1, VT_ERROR_API },
};

static void
test_parse_case (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(GBytes) body = g_bytes_new_static (c->body, strlen (c->body));
  g_autoptr(VtQueryResult) result = vt_query_result_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = vt_api_parse_query (body, "42", result, &error);

  if (c->ok)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (result->status, ==, c->status);
      g_assert_cmpstr (result->video_url, ==, c->video_url);
      if (c->status == VT_TASK_STATUS_FAIL || c->status == VT_TASK_STATUS_UNKNOWN)
        g_assert_nonnull (result->message);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, VT_ERROR, c->error_code);
      g_assert_null (result->video_url);
      /* The message is for people: never empty, never the raw body. */
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_null (strstr (error->message, "{"));
    }
  g_assert_cmpint (result->api_code, ==, c->api_code);
}

/* json-glib 1.6 recurses without a limit: 100,000 levels overflowed the stack. The answer
 * is refused before json-glib sees it. */
static void
test_deep_nesting (void)
{
  const gsize depth = 100000;
  g_autoptr(GString) text = g_string_sized_new (2 * depth + 2);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(VtQueryResult) result = vt_query_result_new ();
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, i % 2 ? '[' : '{');
  body = g_bytes_new (text->str, text->len);
  g_assert_false (vt_api_parse_query (body, "42", result, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_string_assign (text, "");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_bytes_unref (body);
  body = g_bytes_new (text->str, text->len);
  g_assert_false (vt_api_parse_query (body, "42", result, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_PROTOCOL);
}

/* A lone surrogate in status_msg becomes U+FFFD: never bytes that are not UTF-8 (json-glib
 * 1.6), never a whole answer refused (json-glib 1.10, Debian 13). A pair stays a character;
 * an escaped backslash before "udddd" is text. */
static void
test_lone_surrogate_message (void)
{
  const char *text = "{\"task_id\": \"42\", \"status\": \"Preparing\", \"base_resp\": "
                     "{\"status_code\": 0, \"status_msg\": "
                     "\"\\udddd ok \\ud83d\\ude00 \\\\udddd \\ud800\\u0041\"}}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(VtQueryResult) result = vt_query_result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_api_parse_query (body, "42", result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (result->api_message, ==, "\xef\xbf\xbd ok \xf0\x9f\x98\x80 \\udddd \xef\xbf\xbd" "A");
}

static void
test_api_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"task_id\": \"\", \"status\": \"\", \"base_resp\": "
                                               "{\"status_code\": %d, \"status_msg\": \"raw msg\"}}",
                                               code_cases[i].api_code);
      g_autoptr(GBytes) body = g_bytes_new_take (g_strdup (text), strlen (text));
      g_autoptr(VtQueryResult) result = vt_query_result_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("code %d", code_cases[i].api_code);
      g_assert_false (vt_api_parse_query (body, "42", result, &error));
      g_assert_error (error, VT_ERROR, code_cases[i].error_code);
      g_assert_cmpint (result->api_code, ==, code_cases[i].api_code);
      g_assert_cmpstr (result->api_message, ==, "raw msg");

      if (code_cases[i].error_code == VT_ERROR_API)
        g_assert_nonnull (strstr (error->message, "raw msg"));
      if (code_cases[i].api_code == 1004 || code_cases[i].api_code == 2049)
        g_assert_nonnull (strstr (error->message, "region"));
    }
}

/* Messages are made in the window's words; the terminal's are given where it prints them,
 * and making them for one reader leaves the next message in the window's words. */
static void
test_reword_for_reader (void)
{
  g_autoptr(GError) no_kind = NULL;
  g_autoptr(GError) retry = NULL;
  g_autoptr(GError) after = NULL;
  g_autofree char *hint = NULL;

  vt_error_set_no_kind (&no_kind);
  g_assert_nonnull (strstr (no_kind->message, "in the task’s menu"));
  vt_error_reword_for_reader (no_kind, VT_ERROR_READER_COMMAND_LINE);
  g_assert_nonnull (strstr (no_kind->message, "with --kind"));
  g_assert_null (strstr (no_kind->message, "menu"));

  hint = vt_error_with_hint (VT_ERROR_HINT_RETRY, "MiniMax could not answer.");
  retry = g_error_new_literal (VT_ERROR, VT_ERROR_SERVER, hint);
  vt_error_reword_for_reader (retry, VT_ERROR_READER_COMMAND_LINE);
  g_assert_cmpstr (retry->message, ==, "MiniMax could not answer. Try again later.");
  vt_error_reword_for_reader (retry, VT_ERROR_READER_APP);
  g_assert_cmpstr (retry->message, ==, "MiniMax could not answer. Try again later.");

  vt_error_set_no_kind (&after);
  g_assert_nonnull (strstr (after->message, "in the task’s menu"));
}

static void
test_slow_down (void)
{
  g_autoptr(GError) rate = g_error_new_literal (VT_ERROR, VT_ERROR_RATE_LIMITED, "x");
  g_autoptr(GError) auth = g_error_new_literal (VT_ERROR, VT_ERROR_AUTH, "x");
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_true (vt_error_is_slow_down (rate));
  g_assert_false (vt_error_is_slow_down (auth));
  g_assert_false (vt_error_is_slow_down (io));
}

static void
test_unknown_status_keeps_text (void)
{
  const char *text = "{\"task_id\": \"42\", \"status\": \"Queued\", " BASE_OK "}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(VtQueryResult) result = vt_query_result_new ();

  g_assert_true (vt_api_parse_query (body, "42", result, NULL));
  g_assert_cmpstr (result->status_text, ==, "Queued");
  g_assert_nonnull (strstr (result->message, "Queued"));
}

static void
test_link_safety (void)
{
  g_assert_true (vt_api_link_is_safe ("https://cdn.hailuoai.com/a.mp4"));
  g_assert_true (vt_api_link_is_safe ("HTTPS://cdn.hailuoai.com/a.mp4"));
  g_assert_true (vt_api_link_is_safe ("http://127.0.0.1:1234/a.mp4"));
  g_assert_true (vt_api_link_is_safe ("http://[::1]:1234/a.mp4"));
  g_assert_true (vt_api_link_is_safe ("http://localhost/a.mp4"));
  g_assert_false (vt_api_link_is_safe ("http://127.0.0.1.evil.com/a.mp4"));
  g_assert_false (vt_api_link_is_safe ("http://10.0.0.1/a.mp4"));
  g_assert_false (vt_api_link_is_safe ("ftp://cdn.hailuoai.com/a.mp4"));
  g_assert_false (vt_api_link_is_safe ("https:///a.mp4"));
  g_assert_false (vt_api_link_is_safe (""));
  g_assert_false (vt_api_link_is_safe (NULL));
}

static void
test_status_strings (void)
{
  g_assert_cmpint (vt_task_status_from_string ("Preparing"), ==, VT_TASK_STATUS_PREPARING);
  g_assert_cmpint (vt_task_status_from_string ("Processing"), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_cmpint (vt_task_status_from_string ("Success"), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpint (vt_task_status_from_string ("Fail"), ==, VT_TASK_STATUS_FAIL);
  g_assert_cmpint (vt_task_status_from_string ("Failed"), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_cmpint (vt_task_status_from_string (NULL), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_cmpstr (vt_task_status_to_string (VT_TASK_STATUS_UNKNOWN), ==, "Unknown");
  g_assert_true (vt_task_status_is_final (VT_TASK_STATUS_FAIL));
  g_assert_false (vt_task_status_is_final (VT_TASK_STATUS_UNKNOWN));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_task_apply_result (void)
{
  g_autoptr(VtTask) task = vt_task_new ("42");
  g_autoptr(GDateTime) t1 = g_date_time_new_from_unix_utc (1000);
  g_autoptr(GDateTime) t2 = g_date_time_new_from_unix_utc (2000);
  g_autoptr(VtQueryResult) success = vt_query_result_new ();
  g_autoptr(GError) outage = g_error_new_literal (VT_ERROR, VT_ERROR_NETWORK, "offline");
  guint status_notifies = 0;

  g_signal_connect (task, "notify::status", G_CALLBACK (notify_count_cb), &status_notifies);

  success->status = VT_TASK_STATUS_SUCCESS;
  success->video_url = g_strdup ("https://cdn.example.com/v.mp4");
  vt_task_apply_result (task, success, NULL, t1);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_true (vt_task_is_finished (task));
  g_assert_true (g_date_time_equal (vt_task_get_link_issued (task), t1));
  g_assert_cmpuint (status_notifies, ==, 1);

  /* The same link again keeps the time it was first seen. */
  vt_task_apply_result (task, success, NULL, t2);
  g_assert_true (g_date_time_equal (vt_task_get_link_issued (task), t1));
  g_assert_true (g_date_time_equal (vt_task_get_last_checked (task), t2));
  g_assert_cmpuint (status_notifies, ==, 1);

  /* An outage never takes the finished state away. */
  vt_task_apply_result (task, NULL, outage, t2);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpstr (vt_task_get_video_url (task), ==, "https://cdn.example.com/v.mp4");
  g_assert_cmpstr (vt_task_get_last_error (task), ==, "offline");

  vt_task_set_label (task, "");
  g_assert_null (vt_task_get_label (task));
  vt_task_set_label (task, "Lion");
  g_assert_cmpstr (vt_task_get_label (task), ==, "Lion");

  g_assert_finalize_object (g_steal_pointer (&task));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/parse/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_parse_case);
    }
  g_test_add_func ("/api/codes", test_api_codes);
  g_test_add_func ("/api/deep-nesting", test_deep_nesting);
  g_test_add_func ("/api/lone-surrogate-message", test_lone_surrogate_message);
  g_test_add_func ("/api/unknown-status-keeps-text", test_unknown_status_keeps_text);
  g_test_add_func ("/api/link-safety", test_link_safety);
  g_test_add_func ("/api/status-strings", test_status_strings);
  g_test_add_func ("/error/slow-down", test_slow_down);
  g_test_add_func ("/error/reword-for-reader", test_reword_for_reader);
  g_test_add_func ("/task/apply-result", test_task_apply_result);

  return g_test_run ();
}
