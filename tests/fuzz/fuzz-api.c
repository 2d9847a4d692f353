/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The answer parsers of every kind (Video Agent, Hailuo query and file, H3 query, error and
 * list), a creation's answer (v1 and v2), the key check's rule and the balance endpoints'
 * parsers on any bytes a server could send. */

#include "config.h"

#include "fuzz-common.h"
#include "vt-api.h"
#include "vt-balance.h"
#include "vt-create.h"
#include "vt-task-ids.h"
#include "vt-key-check.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  vt_fuzz_init ();
  return 0;
}

/* Whatever a parser made of the bytes, what it kept is safe to show and to fetch. */
static void
check (gboolean       ok,
       VtQueryResult *result,
       GError        *error)
{
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_true (result->video_url == NULL || vt_api_link_is_safe (result->video_url));
      g_assert_true (result->backup_url == NULL || vt_api_link_is_safe (result->backup_url));
      g_assert_true (result->message == NULL || g_utf8_validate (result->message, -1, NULL));
      g_assert_true (result->status_text == NULL || g_utf8_validate (result->status_text, -1, NULL));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  g_assert_true (result->api_message == NULL || g_utf8_validate (result->api_message, -1, NULL));
  vt_query_result_free (result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file_id = NULL;
  VtQueryResult *result;
  GError *error = NULL;
  guint n_items = 0;
  guint total = 0;
  gboolean ok;

  result = vt_query_result_new ();
  ok = vt_api_parse_query (body, "106916112212032", result, &error);
  check (ok, result, error);
  g_clear_error (&error);

  result = vt_query_result_new ();
  ok = vt_api_parse_video_query (body, "106916112212032", result, &file_id, &error);
  g_assert_true (file_id == NULL || (ok && g_utf8_validate (file_id, -1, NULL)));
  check (ok, result, error);
  g_clear_error (&error);

  result = vt_query_result_new ();
  ok = vt_api_parse_file (body, "176844028768320", result, &error);
  check (ok, result, error);
  g_clear_error (&error);

  for (guint i = 0; i < 3; i++)
    {
      static const guint statuses[] = { 200, 400, 503 };

      result = vt_query_result_new ();
      ok = vt_api_parse_h3_query (statuses[i], body, "424010985738629", result, &error);
      g_assert_true (statuses[i] == 200 || !ok);
      check (ok, result, error);
      g_clear_error (&error);
    }

  if (vt_api_parse_h3_list (body, 10, ids, &n_items, &total, &error))
    {
      /* Never more than the page size asked for, whatever the page holds. */
      g_assert_cmpuint (n_items, <=, 10);
      g_assert_cmpuint (ids->len, <=, n_items);
      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_utf8_validate (ids->pdata[i], -1, NULL));
    }
  g_clear_error (&error);

  /* A creation's answer: a task ID fit to keep, or why not, in text fit to show. */
  for (guint i = 0; i < 6; i++)
    {
      static const guint statuses[] = { 200, 400, 402, 429, 500, 529 };
      g_autofree char *task_id = vt_create_parse_answer (i % 2 == 0, statuses[i], body, &error);

      g_assert_true (task_id == NULL ? error != NULL && g_utf8_validate (error->message, -1, NULL)
                                     : error == NULL && vt_task_id_is_valid (task_id));
      g_clear_error (&error);
    }

  /* What a key check and the balance endpoints make of the same bytes. */
  for (guint i = 0; i < 3; i++)
    {
      static const guint statuses[] = { 200, 401, 503 };
      VtKeyVerdict verdict = vt_key_check_judge (statuses[i], body, &error);

      g_assert_true (verdict == VT_KEY_VERDICT_ACCEPTED ? error == NULL
                                                        : error != NULL && g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  {
    g_autoptr(VtBalance) money = g_new0 (VtBalance, 1);
    g_autoptr(VtBalance) videos = g_new0 (VtBalance, 1);

    if (vt_balance_parse_money (body, money, &error))
      {
        g_autofree char *text = vt_balance_describe (money, "$");

        g_assert_nonnull (money->available);
        g_assert_cmpuint (strlen (money->available), <=, 25);
        g_assert_true (g_utf8_validate (text, -1, NULL));
      }
    g_clear_error (&error);
    if (vt_balance_parse_videos (body, videos, &error))
      {
        g_assert_cmpint (videos->videos_left, >=, 0);
        g_assert_cmpint (videos->videos_left, <=, videos->videos_total);
      }
    g_clear_error (&error);
  }
  return 0;
}
