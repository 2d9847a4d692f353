/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtTaskStore: the list model, and the saved list on a real disk. */

#include "config.h"

#include <locale.h>
#include <unistd.h>
#include <utime.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "vt-api.h"
#include "vt-error.h"
#include "vt-task-file.h"
#include "vt-task-asked.h"
#include "vt-task-store.h"

typedef struct
{
  char  *dir;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vt-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->file = g_file_new_build_filename (f->dir, "tasks.json", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  vt_test_remove_tree (dir);
  g_clear_object (&f->file);
  g_clear_pointer (&f->dir, g_free);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
load_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->ok = vt_task_store_load_finish (VT_TASK_STORE (object), result, &o->error);
  o->done = TRUE;
}

static gboolean
load (VtTaskStore *store,
      GError     **error)
{
  Outcome o = { 0 };

  vt_task_store_load_async (store, NULL, load_cb, &o);
  vt_test_wait_until (o.done);
  g_assert_true (vt_task_store_get_loaded (store));
  if (o.error != NULL)
    g_propagate_error (error, o.error);
  return o.ok;
}

static void
save (VtTaskStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_task_store_flush (store, &error));
  g_assert_no_error (error);
}

static VtTask *
item (VtTaskStore *store,
      guint        position)
{
  VtTask *task = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_object_unref (task);   /* the store keeps it alive */
  return task;
}

static void
write_file (GFile      *file,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE, 0, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
find_aside (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "tasks.json.unreadable-"))
      return g_build_filename (f->dir, name, NULL);
  return NULL;
}

/* What a task made in the app was asked is saved with it and read back; a saved form that
 * is odd keeps the list (the rest of the task too) and reads what it can. */
static void
test_asked (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = NULL;
  const char *ids[] = { "300", NULL };
  const char *images[] = { "cat.jpg", "b\"w.png", NULL };
  g_autoptr(VtTaskAsked) asked = vt_task_asked_new (VT_CREATE_MODE_FIRST_LAST, "MiniMax-Hailuo-02",
                                                    "A cat \"surfing\"\n[Pan left] 猫", 10, "768P", NULL,
                                                    NULL, images);
  const VtTaskAsked *read;

  g_assert_true (load (store, NULL));
  vt_task_store_add_ids (store, ids, NULL);
  vt_task_set_asked (vt_task_store_lookup (store, "300"), asked);
  save (store);
  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  read = vt_task_get_asked (item (again, 0));
  g_assert_nonnull (read);
  g_assert_true (vt_task_asked_equal (read, asked));
  g_assert_cmpstr (read->images[1], ==, "b\"w.png");
  g_clear_object (&again);

  /* Types not as saved, an unknown member, too many images, a mode not known. */
  write_file (f->file,
              "{\"version\": 1, \"tasks\": ["
              "{\"id\": \"1\", \"label\": \"kept\", \"asked\": {\"mode\": \"reference\", \"model\": 7, "
              "\"duration\": \"10\", \"prompt\": \"p\", \"new\": {\"x\": [1]}, \"images\": "
              "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\",3]}},"
              "{\"id\": \"2\", \"asked\": {\"mode\": \"hologram\"}},"
              "{\"id\": \"3\", \"asked\": [\"not an object\"]}]}");
  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  read = vt_task_get_asked (item (again, 0));
  g_assert_cmpstr (vt_task_get_label (item (again, 0)), ==, "kept");
  g_assert_nonnull (read);
  g_assert_cmpint (read->mode, ==, VT_CREATE_MODE_REFERENCE);
  g_assert_null (read->model);
  g_assert_cmpint (read->duration, ==, 0);
  g_assert_cmpstr (read->prompt, ==, "p");
  g_assert_cmpuint (g_strv_length (read->images), ==, VT_TASK_ASKED_MAX_IMAGES);
  g_assert_null (vt_task_get_asked (item (again, 1)));
  g_assert_null (vt_task_get_asked (item (again, 2)));
}

/* What --create tells the running window over D-Bus: the same record back; from anyone on
 * the bus, so members of another type count as absent and an unknown mode gives nothing. */
static void
test_asked_variant (void)
{
  const char *images[] = { "cat.jpg", "dog.png", NULL };
  g_autoptr(VtTaskAsked) asked = vt_task_asked_new (VT_CREATE_MODE_REFERENCE, "MiniMax-H3", "Rain 猫", 6,
                                                    "720P", "9:16", NULL, images);
  g_autoptr(GVariant) dict = g_variant_ref_sink (vt_task_asked_to_variant (asked));
  g_autoptr(VtTaskAsked) back = vt_task_asked_new_from_variant (dict);
  g_autoptr(VtTaskAsked) odd = NULL;
  g_autoptr(GVariant) odd_dict = NULL;
  g_autoptr(GVariant) unknown = NULL;
  GVariantBuilder builder;

  g_assert_nonnull (back);
  g_assert_true (vt_task_asked_equal (back, asked));

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mode", g_variant_new_string ("template"));
  g_variant_builder_add (&builder, "{sv}", "model", g_variant_new_int32 (7));
  g_variant_builder_add (&builder, "{sv}", "duration", g_variant_new_string ("10"));
  g_variant_builder_add (&builder, "{sv}", "template", g_variant_new_string ("392747428568649728"));
  g_variant_builder_add (&builder, "{sv}", "images", g_variant_new_int32 (3));
  odd_dict = g_variant_ref_sink (g_variant_builder_end (&builder));
  odd = vt_task_asked_new_from_variant (odd_dict);
  g_assert_nonnull (odd);
  g_assert_cmpint (odd->mode, ==, VT_CREATE_MODE_TEMPLATE);
  g_assert_null (odd->model);
  g_assert_cmpint (odd->duration, ==, 0);
  g_assert_cmpstr (odd->template_id, ==, "392747428568649728");
  g_assert_cmpuint (g_strv_length (odd->images), ==, 0);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mode", g_variant_new_string ("hologram"));
  unknown = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_assert_null (vt_task_asked_new_from_variant (unknown));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = NULL;
  g_autoptr(GDateTime) issued = g_date_time_new_utc (2025, 7, 14, 14, 12, 32);
  g_autoptr(GDateTime) added = NULL;
  const char *ids[] = { "300", "200", "100", NULL };
  g_autoptr(GPtrArray) existing = NULL;
  VtTask *task;

  g_assert_true (load (store, NULL));
  g_assert_cmpuint (vt_task_store_add_ids (store, ids, &existing), ==, 3);
  g_assert_cmpuint (existing->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (vt_task_get_id (item (store, 0)), ==, "300");
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 3);

  task = vt_task_store_lookup (store, "200");
  vt_task_set_label (task, "Lion «diving» 潜水");
  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (task, "https://cdn.example.com/v.mp4", issued);
  vt_task_set_last_checked (task, issued);
  task = vt_task_store_lookup (store, "100");
  vt_task_set_status (task, VT_TASK_STATUS_FAIL);
  vt_task_set_api_code (task, 1027);
  vt_task_set_last_error (task, "withheld");
  task = vt_task_store_lookup (store, "300");
  vt_task_set_check_failed (task, TRUE);
  added = g_date_time_ref (vt_task_get_added (task));
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 1);

  save (store);

  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  g_assert_cmpstr (vt_task_get_id (item (again, 0)), ==, "300");
  g_assert_cmpstr (vt_task_get_id (item (again, 1)), ==, "200");
  g_assert_cmpstr (vt_task_get_id (item (again, 2)), ==, "100");

  task = item (again, 0);
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_cmpint (g_date_time_to_unix (vt_task_get_added (task)), ==, g_date_time_to_unix (added));
  task = item (again, 1);
  g_assert_cmpstr (vt_task_get_label (task), ==, "Lion «diving» 潜水");
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpstr (vt_task_get_video_url (task), ==, "https://cdn.example.com/v.mp4");
  g_assert_true (g_date_time_equal (vt_task_get_link_issued (task), issued));
  g_assert_true (g_date_time_equal (vt_task_get_last_checked (task), issued));
  task = item (again, 2);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_FAIL);
  g_assert_cmpint (vt_task_get_api_code (task), ==, 1027);
  g_assert_cmpstr (vt_task_get_last_error (task), ==, "withheld");
  g_assert_cmpuint (vt_task_store_get_n_pending (again), ==, 1);
}

/* A reason is kept as codes and MiniMax's own words, and worded when read: what another
 * session saved in its language reads in this one. A list from before there were codes
 * keeps its text. */
static void
test_reason_codes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = NULL;
  g_autoptr(VtTaskStore) old = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 7, 14, 14, 12, 32);
  g_autoptr(VtQueryResult) failed = vt_query_result_new ();
  g_autoptr(VtQueryResult) refused = vt_query_result_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *reason = NULL;
  const char *ids[] = { "300", "200", NULL };
  VtTask *task;

  g_assert_true (load (store, NULL));
  g_assert_cmpuint (vt_task_store_add_ids (store, ids, NULL), ==, 2);

  /* An H3 task that failed, with MiniMax's words. */
  failed->kind = VT_TASK_KIND_H3;
  failed->status = VT_TASK_STATUS_FAIL;
  vt_api_set_message (failed, VT_ERROR_TASK_FAILED, "prompt «too short» 太短");
  vt_task_apply_result (vt_task_store_lookup (store, "300"), failed, NULL, now);
  /* A check MiniMax refused with a code of its own. */
  refused->api_code = 2013;
  refused->api_message = g_strdup ("invalid params");
  refused->http.status = 200;
  vt_error_set_from_api_code (&error, 2013, "invalid params");
  vt_task_apply_result (vt_task_store_lookup (store, "200"), refused, error, now);
  save (store);

  /* As another session in another language saved them: only the text differs. */
  g_assert_true (g_file_load_contents (f->file, NULL, &saved, NULL, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"error_code\":\"task-failed\""));
  g_assert_nonnull (strstr (saved, "\"error_code\":\"invalid-task-id\""));
  {
    g_autoptr(GRegex) text = g_regex_new ("\"last_error\":\"[^\"]*\"", 0, 0, NULL);
    g_autofree char *other = g_regex_replace_literal (text, saved, -1, 0,
                                                      "\"last_error\":\"任务失败\"", 0, NULL);

    write_file (f->file, other);
  }

  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  task = vt_task_store_lookup (again, "300");
  g_assert_cmpstr (vt_task_get_last_error (task), ==, "任务失败");
  g_assert_cmpint (vt_task_get_error_code (task), ==, VT_ERROR_TASK_FAILED);
  g_assert_cmpstr (vt_task_get_error_words (task), ==, "prompt «too short» 太短");
  reason = vt_task_dup_reason (task);
  g_assert_cmpstr (reason, ==, "MiniMax reported that the task failed: prompt «too short» 太短");
  g_clear_pointer (&reason, g_free);

  task = vt_task_store_lookup (again, "200");
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_cmpint (vt_task_get_error_code (task), ==, VT_ERROR_INVALID_TASK_ID);
  g_assert_cmpint (vt_task_get_api_code (task), ==, 2013);
  g_assert_cmpuint (vt_task_get_error_http_status (task), ==, 200);
  reason = vt_task_dup_reason (task);
  g_assert_cmpstr (reason, ==, error->message);
  g_clear_pointer (&reason, g_free);

  /* A list from before there were codes, and a code this version does not know. */
  write_file (f->file,
              "{\"version\": 1, \"tasks\": ["
              "{\"id\": \"400\", \"status\": \"Fail\", \"last_error\": \"Old words.\"},"
              "{\"id\": \"500\", \"status\": \"Fail\", \"last_error\": \"Newer words.\", "
              "\"error_code\": \"from-the-future\", \"http_status\": 503}]}");
  old = vt_task_store_new (f->file);
  g_assert_true (load (old, NULL));
  task = vt_task_store_lookup (old, "400");
  g_assert_cmpint (vt_task_get_error_code (task), ==, -1);
  reason = vt_task_dup_reason (task);
  g_assert_cmpstr (reason, ==, "Old words.");
  g_clear_pointer (&reason, g_free);
  task = vt_task_store_lookup (old, "500");
  g_assert_cmpint (vt_task_get_error_code (task), ==, -1);
  reason = vt_task_dup_reason (task);
  g_assert_cmpstr (reason, ==, "Newer words.");
}

static void
test_duplicates_and_undo (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (NULL);
  const char *first[] = { "1111111111", "2222222222", NULL };
  const char *second[] = { "3333333333", "1111111111", NULL };
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GArray) removed = NULL;
  g_autoptr(VtTask) task = NULL;
  guint position = 99;

  g_assert_cmpuint (vt_task_store_add_ids (store, first, NULL), ==, 2);
  g_assert_cmpuint (vt_task_store_add_ids (store, second, &existing), ==, 1);
  g_assert_cmpuint (existing->len, ==, 1);
  g_assert_cmpstr (vt_task_get_id (existing->pdata[0]), ==, "1111111111");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (vt_task_get_id (item (store, 0)), ==, "3333333333");

  task = g_object_ref (vt_task_store_lookup (store, "1111111111"));
  g_assert_true (vt_task_store_remove (store, task, &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (vt_task_store_lookup (store, "1111111111"));
  g_assert_false (vt_task_store_remove (store, task, NULL));
  vt_task_store_insert (store, position, task);
  g_assert_cmpstr (vt_task_get_id (item (store, 1)), ==, "1111111111");

  vt_task_set_status (item (store, 0), VT_TASK_STATUS_SUCCESS);
  vt_task_set_status (item (store, 2), VT_TASK_STATUS_FAIL);
  removed = vt_task_store_remove_finished (store);
  g_assert_cmpuint (removed->len, ==, 2);
  g_assert_cmpuint (g_array_index (removed, VtTaskStoreRemoval, 0).position, ==, 0);
  g_assert_cmpuint (g_array_index (removed, VtTaskStoreRemoval, 1).position, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 1);

  /* Undo puts them back where they were. */
  vt_task_store_restore (store, removed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (vt_task_get_id (item (store, 0)), ==, "3333333333");
  g_assert_cmpstr (vt_task_get_id (item (store, 1)), ==, "1111111111");
  g_assert_cmpstr (vt_task_get_id (item (store, 2)), ==, "2222222222");
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 1);

  /* A video that succeeded and was never saved can be kept; a saved one goes. */
  {
    g_autoptr(GArray) others = NULL;
    guint n_unsaved = 99;

    g_assert_cmpuint (vt_task_store_count_finished (store, &n_unsaved), ==, 2);
    g_assert_cmpuint (n_unsaved, ==, 1);
    others = vt_task_store_remove_finished_but_unsaved (store);
    g_assert_cmpuint (others->len, ==, 1);
    g_assert_cmpstr (vt_task_get_id (g_array_index (others, VtTaskStoreRemoval, 0).task), ==, "2222222222");
    g_assert_nonnull (vt_task_store_lookup (store, "3333333333"));
    vt_task_store_restore (store, others);

    vt_task_set_file_path (item (store, 0), "/videos/3333333333.mp4");
    g_assert_cmpuint (vt_task_store_count_finished (store, &n_unsaved), ==, 2);
    g_assert_cmpuint (n_unsaved, ==, 0);
    g_clear_pointer (&others, g_array_unref);
    others = vt_task_store_remove_finished_but_unsaved (store);
    g_assert_cmpuint (others->len, ==, 2);
  }
}

static void
test_corrupt_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fresh = NULL;
  const char *ids[] = { "5555555555", NULL };
  const char *garbage = "{\"version\": 1, \"tasks\": [ {\"id\": \"1\"}, trunc";

  write_file (f->file, garbage);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Nothing is lost: the damaged file is kept aside, and the message says where. */
  aside = find_aside (f);
  g_assert_nonnull (aside);
  g_assert_nonnull (strstr (error->message, aside));
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);

  vt_task_store_add_ids (store, ids, NULL);
  save (store);
  g_assert_true (g_file_get_contents (g_file_peek_path (f->file), &fresh, NULL, NULL));
  g_assert_nonnull (strstr (fresh, "5555555555"));
}

static void
test_partly_readable (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  write_file (f->file, "{\"version\": 1, \"tasks\": [{\"id\": \"1111111111\", \"status\": \"Processing\"}, "
                       "{\"label\": \"no id\"}, 42, {\"id\": \"2222222222\", \"status\": \"Bogus\", "
                       "\"added\": \"not a date\", \"api_code\": \"x\"}, {\"id\": \"1111111111\"}]}");
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpint (vt_task_get_status (item (store, 0)), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_cmpint (vt_task_get_status (item (store, 1)), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_null (vt_task_get_added (item (store, 1)));
  aside = find_aside (f);
  g_assert_nonnull (aside);
}

static void
test_newer_format_kept (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  g_autofree char *kept = NULL;
  const char *newer = "{\"version\": 2, \"tasks\": [{\"id\": \"1111111111\", \"v2\": {}}]}";

  write_file (f->file, newer);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  aside = find_aside (f);
  g_assert_nonnull (aside);

  /* Kept untouched, and said to be a newer version's, not damaged. */
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, newer);
  g_assert_nonnull (strstr (error->message, "newer version of Video Tasks"));
  g_assert_nonnull (strstr (error->message, aside));
  g_assert_null (strstr (error->message, "damaged"));
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) deep = g_file_new_build_filename (f->dir, "a", "b", "c", "tasks.json", NULL);
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (deep, clock);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "6666666666", NULL };

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Saved by itself shortly after the change (not at once: changes come in bursts), folders
   * and all. */
  vt_task_store_add_ids (store, ids, NULL);
  vt_clock_advance (clock, 400 * 1000);
  vt_test_drain ();
  g_assert_false (g_file_query_exists (deep, NULL));
  vt_clock_advance (clock, 100 * 1000);
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (store));
  g_assert_true (g_file_query_exists (deep, NULL));
}

static void
save_failed_cb (VtTaskStore *store,
                GError      *error,
                GError     **out)
{
  *out = g_error_copy (error);
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) save_error = NULL;
  const char *ids[] = { "7777777777", NULL };

  g_autofree char *lock = g_strconcat (g_file_peek_path (f->file), ".lock", NULL);

  /* The list can be read, but not saved: its lock is a folder (running as root, no
   * permission would stop a write). */
  write_file (f->file, "{\"version\": 1, \"tasks\": []}");
  g_assert_cmpint (g_mkdir (lock, 0700), ==, 0);
  store = vt_task_store_new (f->file);
  g_assert_true (load (store, &error));
  g_assert_no_error (error);

  g_signal_connect (store, "save-failed", G_CALLBACK (save_failed_cb), &save_error);
  vt_task_store_add_ids (store, ids, NULL);
  vt_test_wait_until (save_error != NULL);
  g_assert_error (save_error, VT_ERROR, VT_ERROR_TASK_LIST);

  /* The task is still listed. */
  g_assert_nonnull (vt_task_store_lookup (store, "7777777777"));
}

static void
test_no_temp_files_left (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GDir) dir = NULL;
  const char *ids[] = { "8888888888", NULL };
  const char *name;
  guint n = 0;
  GStatBuf st;

  load (store, NULL);
  vt_task_store_add_ids (store, ids, NULL);
  for (guint i = 0; i < 5; i++)
    save (store);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* and the lock that another instance's writes wait for */
      if (g_str_equal (name, "tasks.json.lock"))
        continue;
      g_assert_cmpstr (name, ==, "tasks.json");
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (g_stat (g_file_peek_path (f->file), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
}

/* kill -9 during a save leaves a .goutputstream-* temporary; the next start removes the old
 * ones (not a recent one, which may be a save still going on, nor anything else). */
static void
test_stale_temporaries (Fixture       *f,
                        gconstpointer  data)
{
  const char *ids[] = { "8888888888", NULL };
  const char *names[] = { ".goutputstream-OLD123", ".goutputstream-NEW456", "notes.txt" };
  struct utimbuf an_hour_ago = { time (NULL) - 3600, time (NULL) - 3600 };
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = NULL;

  load (store, NULL);
  vt_task_store_add_ids (store, ids, NULL);
  save (store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);

      g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"tas", -1, NULL));
      if (i != 1)
        g_assert_cmpint (utime (path, &an_hour_ago), ==, 0);
    }

  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, i != 0);
    }
}

static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = vt_task_store_new (f->file);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%u", 4000000000u + i));
  g_ptr_array_add (ids, NULL);

  load (store, NULL);
  g_assert_cmpuint (vt_task_store_add_ids (store, (const char * const *) ids->pdata, NULL), ==, 10000);
  save (store);
  g_assert_true (load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 10000);
  g_assert_cmpstr (vt_task_get_id (item (again, 9999)), ==, "4000009999");
}

/* Two stores saving at the same moment, one in a thread and one blocking: each list lands
 * in its own file. (The counts that order saves are per file now; which write wins the race
 * here is up to the threads, so rounds make an overlap likely rather than certain.) */
static void
test_two_stores (Fixture       *f,
                 gconstpointer  data)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *name_a = g_strdup_printf ("a-%u.json", round);
      g_autofree char *name_b = g_strdup_printf ("b-%u.json", round);
      g_autoptr(GFile) file_a = g_file_new_build_filename (f->dir, name_a, NULL);
      g_autoptr(GFile) file_b = g_file_new_build_filename (f->dir, name_b, NULL);
      g_autoptr(VtClock) clock = vt_clock_new_manual ();
      g_autoptr(VtTaskStore) a = vt_task_store_new (file_a);
      g_autoptr(VtTaskStore) b = vt_task_store_new_full (file_b, clock);
      g_autoptr(VtTaskStore) b_again = vt_task_store_new (file_b);
      g_autoptr(GError) error = NULL;
      const char *ids_a[] = { "7000000001", NULL };
      const char *ids_b[] = { "7000000002", NULL };

      g_assert_true (load (a, NULL));
      g_assert_true (load (b, NULL));
      vt_task_store_add_ids (a, ids_a, NULL);
      vt_task_store_add_ids (b, ids_b, NULL);

      /* b's own save starts in its thread; a writes at the same moment. */
      vt_clock_advance (clock, G_USEC_PER_SEC);
      vt_test_drain ();
      g_assert_true (vt_task_store_flush (a, &error));
      g_assert_no_error (error);
      vt_test_wait_until (!vt_task_store_has_unsaved_changes (b));

      g_assert_true (load (b_again, NULL));
      g_assert_nonnull (vt_task_store_lookup (b_again, "7000000002"));
    }
}

/* The last save as the program ends is written before flush returns. */
static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "7100000001", NULL };

  g_assert_true (load (store, NULL));
  vt_task_store_add_ids (store, ids, NULL);
  g_assert_true (vt_task_store_has_unsaved_changes (store));
  g_assert_true (vt_task_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_false (vt_task_store_has_unsaved_changes (store));
  g_assert_true (load (again, NULL));
  g_assert_nonnull (vt_task_store_lookup (again, "7100000001"));
}

static char *
contents_of (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
file_has (GFile      *file,
          const char *text)
{
  g_autofree char *contents = contents_of (file);

  return strstr (contents, text) != NULL;
}

static void
flush_ok (VtTaskStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_task_store_flush (store, &error));
  g_assert_no_error (error);
}

/* A flush while the store's own save is still being written leaves nothing unsaved: a second
 * flush (a signal's, then the shutdown's) does not write the list again. */
static void
test_flush_during_save (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (f->file, clock);
  const char *ids[] = { "7100000011", NULL };

  g_assert_true (load (store, NULL));
  vt_task_store_add_ids (store, ids, NULL);
  /* The save starts in its thread (one turn of the loop: its result, which comes in a later
   * turn, is not dispatched before the flush). */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  g_main_context_iteration (NULL, FALSE);
  flush_ok (store);
  g_assert_false (vt_task_store_has_unsaved_changes (store));
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (store));
  g_assert_true (file_has (f->file, ids[0]));
}

typedef struct
{
  VtTaskFile *file;
  GPtrArray  *tasks;
  GError     *error;
  gboolean    ok;
  int         done;
} FlushCall;

static gpointer
flush_thread (gpointer data)
{
  FlushCall *call = data;

  call->ok = vt_task_file_save (call->file, call->tasks, &call->error);
  g_atomic_int_set (&call->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* The last save as the program ends does not hang on another instance that holds the list's
 * lock and never lets go: it gives up, and says why. */
static void
test_flush_lock_held (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtTaskFile) file = vt_task_file_new (f->file);
  g_autofree char *lock_path = g_strconcat (g_file_peek_path (f->file), ".lock", NULL);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GThread) thread = NULL;
  FlushCall call = { file, tasks, NULL, FALSE, 0 };
  int fd;

  g_ptr_array_add (tasks, vt_task_new ("7100000021"));
  g_assert_true (vt_task_file_save (file, tasks, NULL));
  fd = g_open (lock_path, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  thread = g_thread_new ("flush", flush_thread, &call);
  vt_test_wait_until (g_atomic_int_get (&call.done));
  g_thread_join (g_steal_pointer (&thread));
  g_assert_false (call.ok);
  g_assert_error (call.error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_test_message ("%s", call.error->message);
  g_clear_error (&call.error);

  /* Once it is free, the next save goes through. */
  close (fd);
  g_assert_true (vt_task_file_save (file, tasks, NULL));
}

/* "In progress" means MiniMax said it is making the task; not checked yet, or a status the
 * app does not know, is unfinished but not in progress. */
static void
test_in_progress_count (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (NULL);
  const char *ids[] = { "7200000001", "7200000002", "7200000003", "7200000004", "7200000005", NULL };

  vt_task_store_add_ids (store, ids, NULL);
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 5);
  g_assert_cmpuint (vt_task_store_get_n_in_progress (store), ==, 0);

  vt_task_set_status (vt_task_store_lookup (store, "7200000001"), VT_TASK_STATUS_PREPARING);
  vt_task_set_status (vt_task_store_lookup (store, "7200000002"), VT_TASK_STATUS_PROCESSING);
  vt_task_set_status (vt_task_store_lookup (store, "7200000003"), VT_TASK_STATUS_SUCCESS);
  g_assert_cmpuint (vt_task_store_get_n_pending (store), ==, 4);
  g_assert_cmpuint (vt_task_store_get_n_in_progress (store), ==, 2);
}

/* The list follows its tasks' changes, those made while their notifications are held back
 * too, and lets go of a task it no longer holds: another list may take it, and it may
 * outlive the list. */
static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (NULL);
  g_autoptr(VtTaskStore) other = vt_task_store_new (NULL);
  const char *ids[] = { "7300000001", "7300000002", NULL };
  g_autoptr(VtTask) removed = NULL;
  g_autoptr(VtTask) outliving = NULL;

  vt_task_store_add_ids (store, ids, NULL);
  removed = g_object_ref (vt_task_store_lookup (store, "7300000001"));
  outliving = g_object_ref (vt_task_store_lookup (store, "7300000002"));

  g_object_freeze_notify (G_OBJECT (removed));
  vt_task_set_status (removed, VT_TASK_STATUS_PROCESSING);
  g_assert_cmpuint (vt_task_store_get_n_in_progress (store), ==, 1);
  g_object_thaw_notify (G_OBJECT (removed));

  g_assert_true (vt_task_store_remove (store, removed, NULL));
  vt_task_store_insert (other, 0, removed);
  vt_task_set_status (removed, VT_TASK_STATUS_PREPARING);
  g_assert_cmpuint (vt_task_store_get_n_in_progress (store), ==, 0);
  g_assert_cmpuint (vt_task_store_get_n_in_progress (other), ==, 1);

  g_clear_object (&store);
  vt_task_set_status (outliving, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpuint (vt_task_get_status (outliving), ==, VT_TASK_STATUS_SUCCESS);
}

/* A file nested deeper than json-glib can take is damaged, not a crash at every start: it
 * is set aside and a new list begins. */
static void
test_deep_file (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("{\"version\": 1, \"tasks\": ");
  g_autofree char *aside = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  write_file (f->file, text->str);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  aside = find_aside (f);
  g_assert_nonnull (aside);
}

/* One field that is not UTF-8 (a lone surrogate escape) costs that field, not the list. */
static void
test_bad_field_kept_list (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;

  write_file (f->file, "{\"version\": 1, \"tasks\": [{\"id\": \"1111111111\", \"status\": \"Processing\", "
                       "\"last_error\": \"\\udddd broken\"}, {\"id\": \"2222222222\", \"label\": \"fine\"}]}");
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpstr (vt_task_get_last_error (item (store, 0)), ==, "\xef\xbf\xbd broken");
  g_assert_cmpint (vt_task_get_status (item (store, 0)), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_cmpstr (vt_task_get_label (item (store, 1)), ==, "fine");
}

/* Found by tests/fuzz/fuzz-task-file: an entry whose ID the window would refuse ("=" in it,
 * or a path) is left out like any unreadable entry; the others stay. */
static void
test_invalid_id_left_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  write_file (f->file, "{\"version\": 1, \"tasks\": [{\"id\": \"10691611=212032\"}, "
                       "{\"id\": \"../../etc/1\"}, {\"id\": \"2222222222\"}]}");
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpstr (vt_task_get_id (item (store, 0)), ==, "2222222222");
  aside = find_aside (f);
  g_assert_nonnull (aside);
}

/* A list saved before there were kinds holds Video Agent tasks; kinds, the backup link and
 * the new statuses are kept across a save; a kind this version does not know is found out
 * again. */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = vt_task_store_new (f->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *ids[] = { "h3-7200000004", NULL };
  VtTask *video;

  write_file (f->file, "{\"version\": 1, \"tasks\": ["
                       "{\"id\": \"7200000001\", \"status\": \"Success\"}, "
                       "{\"id\": \"7200000002\", \"kind\": \"video\", \"status\": \"Queueing\"}, "
                       "{\"id\": \"7200000003\", \"kind\": \"sora\", \"status\": \"Cancelled\"}]}");
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vt_task_get_kind (item (store, 0)), ==, VT_TASK_KIND_AGENT);
  g_assert_cmpint (vt_task_get_kind (item (store, 1)), ==, VT_TASK_KIND_VIDEO);
  g_assert_cmpint (vt_task_get_status (item (store, 1)), ==, VT_TASK_STATUS_QUEUEING);
  g_assert_cmpint (vt_task_get_kind (item (store, 2)), ==, VT_TASK_KIND_UNKNOWN);
  g_assert_cmpint (vt_task_get_status (item (store, 2)), ==, VT_TASK_STATUS_CANCELLED);

  video = item (store, 1);
  vt_task_set_status (video, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (video, "https://cdn.example.com/v.mp4", now);
  vt_task_set_backup_url (video, "https://backup.example.com/v.mp4");
  vt_task_store_add_ids_of_kind (store, ids, VT_TASK_KIND_H3, NULL);
  g_assert_true (vt_task_store_flush (store, &error));
  g_assert_no_error (error);

  g_assert_true (load (again, &error));
  g_assert_cmpint (vt_task_get_kind (vt_task_store_lookup (again, "h3-7200000004")), ==, VT_TASK_KIND_H3);
  video = vt_task_store_lookup (again, "7200000002");
  g_assert_cmpint (vt_task_get_kind (video), ==, VT_TASK_KIND_VIDEO);
  g_assert_cmpstr (vt_task_get_backup_url (video), ==, "https://backup.example.com/v.mp4");
  g_assert_cmpint (vt_task_get_kind (vt_task_store_lookup (again, "7200000001")), ==, VT_TASK_KIND_AGENT);
  g_assert_cmpint (vt_task_get_kind (vt_task_store_lookup (again, "7200000003")), ==, VT_TASK_KIND_UNKNOWN);
}

/* Takes the names the loader would keep a list aside under in the next seconds, so that
 * neither moving it aside nor copying it can work (no permission stops root). */
static void
block_aside (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (int i = -1; i < VT_TEST_DEADLINE_SECONDS; i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, i);
      g_autofree char *stamp = g_date_time_format (then, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("tasks.json.unreadable-%s", stamp);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *inside = g_build_filename (path, "taken", NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_assert_true (g_file_set_contents (inside, "", 0, NULL));
    }
}

/* Adds a task and gives the store every chance to save it. */
static void
add_and_save (VtTaskStore *store,
              VtClock     *clock,
              const char  *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GError) error = NULL;

  vt_task_store_add_ids (store, ids, NULL);
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_test_drain ();
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (store) ||
                      !vt_task_store_get_loaded (store) ||
                      g_list_model_get_n_items (G_LIST_MODEL (store)) > 0);
  g_assert_true (vt_task_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vt_task_store_lookup (store, id));
}

/* A list that answers an error other than "not found" (here a loop of symbolic links, as
 * "Permission denied" cannot be made for root) is left as it is: the store works in memory
 * and never writes over it; the message says so. */
static void
test_unreadable_kept (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (f->file, clock);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (symlink ("tasks.json", g_file_peek_path (f->file)), ==, 0);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_nonnull (strstr (error->message, g_file_peek_path (f->file)));
  g_assert_nonnull (strstr (error->message, "left as it is"));

  add_and_save (store, clock, "7400000001");
  target = g_file_read_link (g_file_peek_path (f->file), NULL);
  g_assert_cmpstr (target, ==, "tasks.json");
}

/* The same with a real "Permission denied", when not running as root. */
static void
test_permission_denied_kept (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (f->file, clock);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char *list = "{\"version\": 1, \"tasks\": [{\"id\": \"1111111111\"}]}";

  if (geteuid () == 0)
    {
      g_test_skip ("root reads any file");
      return;
    }

  write_file (f->file, list);
  g_assert_cmpint (g_chmod (g_file_peek_path (f->file), 0), ==, 0);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  add_and_save (store, clock, "7400000001");
  g_assert_cmpint (g_chmod (g_file_peek_path (f->file), 0600), ==, 0);
  kept = contents_of (f->file);
  g_assert_cmpstr (kept, ==, list);
}

/* A FIFO (or a folder) where the list should be is refused at once, not waited on for ever,
 * and left as it is. */
static void
test_not_regular_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_build_filename (f->dir, "folder", "tasks.json", NULL);
  const char *paths[] = { g_file_peek_path (f->file), g_file_peek_path (folder) };

  g_assert_cmpint (mkfifo (paths[0], 0600), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (paths[1], 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(VtClock) clock = vt_clock_new_manual ();
      g_autoptr(VtTaskStore) store = vt_task_store_new_full (file, clock);
      g_autoptr(GError) error = NULL;
      GStatBuf st;

      g_assert_false (load (store, &error));
      g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_assert_nonnull (strstr (error->message, "left as it is"));

      add_and_save (store, clock, "7400000002");
      g_assert_cmpint (g_stat (paths[i], &st), ==, 0);
      g_assert_true (i == 0 ? S_ISFIFO (st.st_mode) : S_ISDIR (st.st_mode));
    }
}

/* A damaged list that cannot be moved aside is not truncated by the next save. */
static void
test_damaged_not_moved_kept (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (f->file, clock);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char *garbage = "{\"version\": 1, \"tasks\": [ {\"id\": \"1\"}, trunc";

  write_file (f->file, garbage);
  block_aside (f);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_nonnull (strstr (error->message, "left as it is"));
  g_assert_null (strstr (error->message, "unreadable-"));

  add_and_save (store, clock, "7400000003");
  kept = contents_of (f->file);
  g_assert_cmpstr (kept, ==, garbage);
}

/* A partly readable list whose copy could not be made: the message names no copy, the
 * tasks read are shown, and the list is not written over. */
static void
test_partly_readable_no_copy (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) store = vt_task_store_new_full (f->file, clock);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char *list = "{\"version\": 1, \"tasks\": [{\"id\": \"1111111111\"}, 42]}";

  write_file (f->file, list);
  block_aside (f);
  g_assert_false (load (store, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_TASK_LIST);
  g_assert_null (strstr (error->message, "unreadable-"));
  g_assert_nonnull (strstr (error->message, "left as it is"));
  g_assert_nonnull (vt_task_store_lookup (store, "1111111111"));

  add_and_save (store, clock, "7400000004");
  kept = contents_of (f->file);
  g_assert_cmpstr (kept, ==, list);
}

/* The store's own save, in its thread, after the half second that follows a change. */
static void
save_async (VtTaskStore *store,
            VtClock     *clock)
{
  g_assert_true (vt_task_store_has_unsaved_changes (store));
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_test_drain ();
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (store));
}

/* Two instances (two stores, as in two D-Bus sessions) share one list: saving merges by
 * task ID, so neither drops what the other added; a removal sticks; the later change to a
 * task wins whoever writes last; a list without "updated" loses to this one. */
static void
test_two_instances (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) a = vt_task_store_new_full (f->file, clock);
  g_autoptr(VtTaskStore) b = vt_task_store_new_full (f->file, clock);
  g_autoptr(VtTaskStore) again = NULL;
  g_autoptr(GString) old_tool = NULL;
  const char *x[] = { "7500000001", NULL };
  const char *y[] = { "7500000002", NULL };
  const char *z[] = { "7500000003", NULL };

  g_assert_true (load (a, NULL));
  vt_task_store_add_ids (a, x, NULL);
  flush_ok (a);
  g_assert_true (load (b, NULL));
  g_assert_nonnull (vt_task_store_lookup (b, x[0]));

  /* Each adds a task; b writes last, in its writer thread, and keeps a's. */
  vt_task_store_add_ids (a, y, NULL);
  flush_ok (a);
  vt_task_store_add_ids (b, z, NULL);
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_test_drain ();
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (b));
  g_assert_true (file_has (f->file, x[0]));
  g_assert_true (file_has (f->file, y[0]));
  g_assert_true (file_has (f->file, z[0]));
  g_assert_true (file_has (f->file, "\"updated\":"));
  /* … and shows it, at the top as new tasks are, without saving again for it. */
  g_assert_nonnull (vt_task_store_lookup (b, y[0]));
  g_assert_cmpstr (vt_task_get_id (item (b, 0)), ==, y[0]);
  g_assert_false (vt_task_store_has_unsaved_changes (b));

  /* a removes x: gone from the file, and z (added by b, never seen by a) stays. */
  g_assert_true (vt_task_store_remove (a, vt_task_store_lookup (a, x[0]), NULL));
  flush_ok (a);
  g_assert_false (file_has (f->file, x[0]));
  g_assert_true (file_has (f->file, z[0]));
  /* b never removed x, but a did after b last wrote: b's next save keeps it removed… */
  vt_task_set_label (vt_task_store_lookup (b, z[0]), "b's change");
  flush_ok (b);
  g_assert_true (file_has (f->file, y[0]));
  g_assert_true (file_has (f->file, "b's change"));
  g_assert_false (file_has (f->file, x[0]));
  /* … and so does its save after that, which also takes it out of b's list… */
  vt_task_set_status (vt_task_store_lookup (b, z[0]), VT_TASK_STATUS_PROCESSING);
  save_async (b, clock);
  g_assert_false (file_has (f->file, x[0]));
  g_assert_null (vt_task_store_lookup (b, x[0]));
  /* … and a's next save does not bring it back as if another instance had added it. */
  vt_task_set_status (vt_task_store_lookup (a, y[0]), VT_TASK_STATUS_PROCESSING);
  save_async (a, clock);
  g_assert_null (vt_task_store_lookup (a, x[0]));
  g_assert_false (file_has (f->file, x[0]));

  /* a renames y first, b later; a writes last, and b's later change stays. */
  vt_task_set_label (vt_task_store_lookup (a, y[0]), "a, earlier");
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_label (vt_task_store_lookup (b, y[0]), "b, later");
  flush_ok (b);
  flush_ok (a);
  g_assert_true (file_has (f->file, "b, later"));
  g_assert_false (file_has (f->file, "a, earlier"));
  /* A change made after that wins in turn. */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_label (vt_task_store_lookup (a, y[0]), "a, latest");
  flush_ok (a);
  g_assert_true (file_has (f->file, "a, latest"));

  /* An older version of the app (no "updated") wrote y with another label: this one wins. */
  old_tool = g_string_new ("{\"version\": 1, \"tasks\": [");
  g_string_append_printf (old_tool, "{\"id\": \"%s\", \"label\": \"old version\"}, ", y[0]);
  g_string_append_printf (old_tool, "{\"id\": \"%s\"}]}", z[0]);
  write_file (f->file, old_tool->str);
  vt_task_set_status (vt_task_store_lookup (a, y[0]), VT_TASK_STATUS_SUCCESS);
  flush_ok (a);
  g_assert_true (file_has (f->file, "a, latest"));
  g_assert_false (file_has (f->file, "old version"));

  /* Read back, everything is there once. */
  again = vt_task_store_new (f->file);
  g_assert_true (load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (vt_task_get_label (vt_task_store_lookup (again, y[0])), ==, "a, latest");
  g_assert_nonnull (vt_task_store_lookup (again, z[0]));
}

/* A task one instance removed stays removed in the other, unless that one changed it after
 * the removal: then the change wins, and the task is back in both. */
static void
test_removed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) a = vt_task_store_new_full (f->file, clock);
  g_autoptr(VtTaskStore) b = vt_task_store_new_full (f->file, clock);
  const char *ids[] = { "7500000011", "7500000012", "7500000013", NULL };

  g_assert_true (load (a, NULL));
  vt_task_store_add_ids (a, ids, NULL);
  flush_ok (a);
  g_assert_true (load (b, NULL));

  g_assert_true (vt_task_store_remove (a, vt_task_store_lookup (a, ids[0]), NULL));
  g_assert_true (vt_task_store_remove (a, vt_task_store_lookup (a, ids[1]), NULL));
  flush_ok (a);
  /* b renames the second after a removed it; the first it leaves alone. */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_label (vt_task_store_lookup (b, ids[1]), "kept by b");
  save_async (b, clock);
  g_assert_false (file_has (f->file, ids[0]));
  g_assert_null (vt_task_store_lookup (b, ids[0]));
  g_assert_true (file_has (f->file, "kept by b"));
  g_assert_nonnull (vt_task_store_lookup (b, ids[1]));
  g_assert_nonnull (vt_task_store_lookup (b, ids[2]));

  vt_task_set_label (vt_task_store_lookup (a, ids[2]), "a's change");
  save_async (a, clock);
  g_assert_null (vt_task_store_lookup (a, ids[0]));
  g_assert_nonnull (vt_task_store_lookup (a, ids[1]));
  g_assert_false (file_has (f->file, ids[0]));
}

/* A check (a poll) is no change of the user's: it does not make a task's copy the newest.
 * When the other instance's copy wins on disk, this instance takes it too, so that its next
 * change does not undo the other's. */
static void
test_check_keeps_rename (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) a = vt_task_store_new_full (f->file, clock);
  g_autoptr(VtTaskStore) b = vt_task_store_new_full (f->file, clock);
  const char *ids[] = { "7500000021", "7500000022", NULL };
  g_autoptr(GDateTime) checked = NULL;
  VtTask *task;

  g_assert_true (load (a, NULL));
  vt_task_store_add_ids (a, ids, NULL);
  flush_ok (a);
  g_assert_true (load (b, NULL));

  /* b renames the first; a checks it later (each poll sets last-checked). */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_label (vt_task_store_lookup (b, ids[0]), "renamed in b");
  flush_ok (b);
  vt_clock_advance (clock, G_USEC_PER_SEC);
  checked = vt_clock_dup_now_utc (clock);
  task = vt_task_store_lookup (a, ids[0]);
  vt_task_set_last_checked (task, checked);
  vt_task_set_check_failed (task, TRUE);
  vt_task_set_last_error (task, "No connection");
  save_async (a, clock);
  g_assert_true (file_has (f->file, "renamed in b"));
  g_assert_cmpstr (vt_task_get_label (task), ==, "renamed in b");
  g_assert_false (vt_task_store_has_unsaved_changes (a));

  /* a renames the second first, b later; a's copy loses on disk and in a's list… */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  task = vt_task_store_lookup (a, ids[1]);
  vt_task_set_label (task, "a, earlier");
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_label (vt_task_store_lookup (b, ids[1]), "b, later");
  flush_ok (b);
  save_async (a, clock);
  g_assert_true (file_has (f->file, "b, later"));
  g_assert_cmpstr (vt_task_get_label (task), ==, "b, later");
  /* … so a's next change to it keeps b's name. */
  vt_clock_advance (clock, G_USEC_PER_SEC);
  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  save_async (a, clock);
  g_assert_true (file_has (f->file, "b, later"));
  g_assert_false (file_has (f->file, "a, earlier"));
}

/* A task saved once and changed afterwards is saved with its change (its saved form is made
 * again), and one left alone as it was. */
static void
test_changed_after_save (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) again = vt_task_store_new (f->file);
  g_autoptr(VtTaskStore) third = vt_task_store_new (f->file);
  const char *ids[] = { "7600000001", "7600000002", NULL };

  g_assert_true (load (store, NULL));
  vt_task_store_add_ids (store, ids, NULL);
  vt_task_set_label (vt_task_store_lookup (store, ids[1]), "stays \"quoted\"\t\x01");
  flush_ok (store);
  g_assert_true (load (again, NULL));
  vt_task_set_label (vt_task_store_lookup (again, ids[0]), "renamed");
  vt_task_set_file_path (vt_task_store_lookup (again, ids[0]), "/tmp/長城 \"cut\".mp4");
  flush_ok (again);
  g_assert_true (load (third, NULL));
  g_assert_cmpstr (vt_task_get_label (vt_task_store_lookup (third, ids[0])), ==, "renamed");
  g_assert_cmpstr (vt_task_get_file_path (vt_task_store_lookup (third, ids[0])), ==,
                   "/tmp/長城 \"cut\".mp4");
  g_assert_cmpstr (vt_task_get_label (vt_task_store_lookup (third, ids[1])), ==,
                   "stays \"quoted\"\t\x01");
}

static GPtrArray *
parse (const char *text,
       gboolean   *partial)
{
  return vt_task_file_parse (text, strlen (text), partial);
}

/* The list is read without a JSON tree: strings with every escape, members in any order or
 * twice, values of other types, and anything that is not JSON refused whole. */
static void
test_reader (void)
{
  g_autoptr(GPtrArray) tasks = NULL;
  gboolean partial;
  VtTask *task;
  static const char * const damaged[] = {
    "{\"version\": 1, \"tasks\": [{\"id\": \"7300000001\"},]}",
    "{\"version\": 1, \"tasks\": [{\"id\": \"73000\\u0\"}]}",
    "{\"version\": 1, \"tasks\": [{\"id\": \"7300\x01\"}]}",
    "{\"version\": 1, \"tasks\": [{\"id\" \"7300000001\"}]}",
    "{\"version\": 1, \"tasks\": [{\"id\": tru}]}",
    "{\"version\": 1, \"tasks\": [{\"id\": 01}]}",
    "{\"version\": 1, \"tasks\": [{\"id\": \"a\\q\"}]}",
    "{\"version\": 1.0, \"tasks\": []}",
    "{\"tasks\": []}",
    "{\"version\": 1, \"tasks\": {}}",
    "[{\"version\": 1, \"tasks\": []}]",
  };

  tasks = parse ("{\"tasks\": [{\"id\": \"7300000001\", \"label\": \"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83c\\udfac\", "
                 "\"x\": {\"deep\": [1, 2.5e3, -0, true, null, \"s\"]}, \"api_code\": 1.5, "
                 "\"check_failed\": \"yes\", \"label\": \"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83c\\udfac\"}, "
                 "{\"id\": \"7300000002\", \"last_error\": \"\\ud800x\\udc00\\ud800\\ud800\", "
                 "\"api_code\": -2013, \"check_failed\": true, \"kind\": null}, 7, "
                 "{\"id\": \"7300000001\"}], \"extra\": [[]], \"version\": 1}", &partial);
  g_assert_nonnull (tasks);
  g_assert_true (partial);   /* the 7 and the repeated ID */
  g_assert_cmpuint (tasks->len, ==, 2);
  task = tasks->pdata[0];
  g_assert_cmpstr (vt_task_get_label (task), ==, "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x8e\xac");
  g_assert_cmpint (vt_task_get_api_code (task), ==, 0);
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_cmpint (vt_task_get_kind (task), ==, VT_TASK_KIND_AGENT);
  task = tasks->pdata[1];
  /* Halves of surrogate pairs alone become U+FFFD. */
  g_assert_cmpstr (vt_task_get_last_error (task), ==,
                   "\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpint (vt_task_get_api_code (task), ==, -2013);
  g_assert_true (vt_task_get_check_failed (task));
  /* "kind" there but not a kind: found out again. */
  g_assert_cmpint (vt_task_get_kind (task), ==, VT_TASK_KIND_UNKNOWN);
  g_clear_pointer (&tasks, g_ptr_array_unref);

  tasks = parse (" {\"version\": 1, \"tasks\": [ ] } ", &partial);
  g_assert_nonnull (tasks);
  g_assert_cmpuint (tasks->len, ==, 0);
  g_assert_false (partial);
  g_clear_pointer (&tasks, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_test_message ("%s", damaged[i]);
      g_assert_null (parse (damaged[i], &partial));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/task-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("asked", test_asked);
  g_test_add_func ("/task-store/asked-variant", test_asked_variant);
  ADD ("reason-codes", test_reason_codes);
  ADD ("duplicates-and-undo", test_duplicates_and_undo);
  ADD ("corrupt-file", test_corrupt_file);
  ADD ("partly-readable", test_partly_readable);
  ADD ("newer-format-kept", test_newer_format_kept);
  ADD ("missing-folder", test_missing_folder);
  ADD ("unwritable", test_unwritable);
  ADD ("no-temp-files-left", test_no_temp_files_left);
  ADD ("stale-temporaries", test_stale_temporaries);
  ADD ("many", test_many);
  ADD ("two-stores", test_two_stores);
  ADD ("flush", test_flush);
  ADD ("flush-during-save", test_flush_during_save);
  ADD ("flush-lock-held", test_flush_lock_held);
  ADD ("in-progress-count", test_in_progress_count);
  ADD ("watch", test_watch);
  ADD ("deep-file", test_deep_file);
  ADD ("bad-field-kept-list", test_bad_field_kept_list);
  ADD ("invalid-id-left-out", test_invalid_id_left_out);
  ADD ("kinds", test_kinds);
  ADD ("unreadable-kept", test_unreadable_kept);
  ADD ("permission-denied-kept", test_permission_denied_kept);
  ADD ("not-regular-kept", test_not_regular_kept);
  ADD ("damaged-not-moved-kept", test_damaged_not_moved_kept);
  ADD ("partly-readable-no-copy", test_partly_readable_no_copy);
  ADD ("two-instances", test_two_instances);
  ADD ("changed-after-save", test_changed_after_save);
  ADD ("removed-elsewhere", test_removed_elsewhere);
  ADD ("check-keeps-rename", test_check_keeps_rename);
#undef ADD
  g_test_add_func ("/task-store/reader", test_reader);
#define ADD(path, func) \
  g_test_add ("/task-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#undef ADD

  return g_test_run ();
}
