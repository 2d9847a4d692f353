/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Task IDs out of whatever people paste. */

#include "config.h"

#include <locale.h>
#include <gio/gio.h>

#include "test-util.h"
#include "vt-error.h"
#include "vt-task-ids.h"

typedef struct
{
  const char *name;
  const char *text;
  const char *ids;   /* space-separated expectation; NULL: an error */
} Case;

static const Case cases[] = {
  { "one", "401047179385389059", "401047179385389059" },
  { "padded", "  \t401047179385389059\n", "401047179385389059" },
  { "spaces", "111111111111 222222222222", "111111111111 222222222222" },
  { "commas", "111111111111,222222222222, 333333333333", "111111111111 222222222222 333333333333" },
  { "lines", "111111111111\n222222222222\r\n\n333333333333\n", "111111111111 222222222222 333333333333" },
  { "semicolons", "111111111111;222222222222", "111111111111 222222222222" },
  { "repeats", "111111111111 111111111111 222222222222", "111111111111 222222222222" },
  { "short-and-named", "42 fail-1026", "42 fail-1026" },
  { "create-reply", "{\"task_id\": \"401047179385389059\", \"base_resp\": {\"status_code\": 0, "
    "\"status_msg\": \"success\"}}", "401047179385389059" },
  { "create-reply-pretty", "{\n  \"task_id\" : \"401047179385389059\"\n}", "401047179385389059" },
  { "create-reply-number", "{\"task_id\": 401047179385389059}", "401047179385389059" },
  { "several-replies", "{\"task_id\": \"1111111111\"}\n{\"task_id\": \"2222222222\"}",
    "1111111111 2222222222" },
  { "query-reply", "{\"task_id\":\"401047179385389059\",\"status\":\"Success\",\"video_url\":"
    "\"https://cdn.hailuoai.com/prod/video_2025.mp4\"}", "401047179385389059" },
  { "sentence", "Task 401047179385389059 was created at 14:12.", "401047179385389059" },
  { "log-line", "2025-07-14 14:12:32 INFO submitted task_id=401047179385389059 ok",
    "401047179385389059" },
  { "url", "https://api.minimaxi.com/v1/query/video_template_generation?task_id=401047179385389059",
    "401047179385389059" },
  /* A create call's reply with more IDs around it: every ID, in the text's order, and not
   * the other numbers of the reply. */
  { "reply-and-text", "first 3333333333 then {\"task_id\": \"1111111111\", \"file_id\": \"9999999999\"}"
    " and also 2222222222", "3333333333 1111111111 2222222222" },
  { "reply-lines-and-ids", "{\"task_id\": \"1111111111\"}\n2222222222\n3333333333",
    "1111111111 2222222222 3333333333" },
  { "empty", "", NULL },
  { "blank", " \n\t ,, ", NULL },
  { "words", "hello world", NULL },
  { "garbage", "!!! ??? ***", NULL },
  { "short-number-in-text", "call me at 12345, thanks!", NULL },
  { "too-long", "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890", NULL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = vt_task_ids_extract (c->text, &error);

  if (c->ids == NULL)
    {
      g_assert_null (ids);
      g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
  else
    {
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      joined = g_strjoinv (" ", ids);
      g_assert_cmpstr (joined, ==, c->ids);
    }
}

static void
test_huge (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%u\n", 1000000000u + i);
  ids = vt_task_ids_extract (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 5000);
  g_assert_cmpstr (ids[4999], ==, "1000004999");
  g_clear_pointer (&ids, g_strfreev);

  /* Too many at once: refused with a reason, not silently cut. */
  for (guint i = 5000; i < VT_TASK_IDS_MAX_COUNT + 1; i++)
    g_string_append_printf (text, "%u\n", 1000000000u + i);
  ids = vt_task_ids_extract (text->str, &error);
  g_assert_null (ids);
  g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
  g_clear_error (&error);

  /* A pasted file that is far too large. */
  g_string_set_size (text, VT_TASK_IDS_MAX_TEXT + 1);
  memset (text->str, '7', text->len);
  ids = vt_task_ids_extract (text->str, &error);
  g_assert_null (ids);
  g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
}

/* The largest accepted paste, of the kinds that made the old extraction quadratic: the
 * result is checked here; tests/benchmark/bench-task-ids times it. */
static void
test_largest_paste (void)
{
  g_autoptr(GString) text = g_string_sized_new (VT_TASK_IDS_MAX_TEXT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  g_string_append (text, "{\"task_id\": \"1111111111\"} ");
  while (text->len + 64 < VT_TASK_IDS_MAX_TEXT)
    g_string_append (text, "words and more words, none of them IDs; \"task_id\" x ");
  g_string_append (text, " 2222222222");
  ids = vt_task_ids_extract (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, "1111111111");
  g_assert_cmpstr (ids[1], ==, "2222222222");
}

typedef struct
{
  gboolean  done;
  char    **ids;
  GError   *error;
} Extracted;

static void
extracted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Extracted *e = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  e->ids = vt_task_ids_extract_finish (result, &e->error);
  e->done = TRUE;
}

/* A paste's IDs are found in a worker thread: the call returns at once, the main loop keeps
 * turning, and the answer (or the reason there is none) comes back on the main thread. */
static void
test_extract_async (void)
{
  g_autoptr(GString) text = g_string_sized_new (VT_TASK_IDS_MAX_TEXT);
  Extracted e = { 0 };

  g_string_append (text, "task 1111111111 ");
  while (text->len + 64 < VT_TASK_IDS_MAX_TEXT)
    g_string_append (text, "words and more words, none of them IDs; ");
  g_string_append (text, "2222222222");

  vt_task_ids_extract_async (text->str, NULL, extracted_cb, &e);
  g_assert_false (e.done);
  vt_test_wait_until (e.done);
  g_assert_no_error (e.error);
  g_assert_cmpuint (g_strv_length (e.ids), ==, 2);
  g_assert_cmpstr (e.ids[1], ==, "2222222222");
  g_strfreev (e.ids);

  e = (Extracted) { 0 };
  vt_task_ids_extract_async ("no IDs here", NULL, extracted_cb, &e);
  vt_test_wait_until (e.done);
  g_assert_null (e.ids);
  g_assert_error (e.error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
  g_clear_error (&e.error);
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = vt_task_ids_extract ("401047179385389059 \xff\xfe", &error);

  g_assert_null (ids);
  g_assert_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID);
}

static void
test_valid (void)
{
  g_assert_true (vt_task_id_is_valid ("401047179385389059"));
  g_assert_true (vt_task_id_is_valid ("fail-1026"));
  g_assert_false (vt_task_id_is_valid ("fail"));
  g_assert_false (vt_task_id_is_valid ("-123"));
  g_assert_false (vt_task_id_is_valid ("12 3"));
  g_assert_false (vt_task_id_is_valid ("12/3"));
  g_assert_false (vt_task_id_is_valid (""));
  g_assert_false (vt_task_id_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/task-ids/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/task-ids/huge", test_huge);
  g_test_add_func ("/task-ids/largest-paste", test_largest_paste);
  g_test_add_func ("/task-ids/extract-async", test_extract_async);
  g_test_add_func ("/task-ids/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/task-ids/valid", test_valid);

  return g_test_run ();
}
