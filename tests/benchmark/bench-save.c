/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long a save of the task list holds up the main thread, with 10,000 tasks (a list read
 * from disk, as at start-up): from the moment the save falls due until the main loop is free
 * again, after one task changed and after all of them did. Prints the median of several
 * runs in milliseconds (target: about 2 ms for one change): the main thread's CPU time, which
 * other work on a busy machine does not inflate, and the wall time. */

#include "config.h"

#include <locale.h>
#include <time.h>
#include <glib/gstdio.h>

#include "../test-util.h"
#include "vt-task-store.h"

#define N_TASKS 10000
#define RUNS 15

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  vt_task_store_load_finish (VT_TASK_STORE (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
load (VtTaskStore *store)
{
  gboolean done = FALSE;

  vt_task_store_load_async (store, NULL, load_cb, &done);
  vt_test_wait_until (done);
}

static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* The main thread's time from the save falling due to the main loop having nothing to do. */
static void
time_save (VtTaskStore *store,
           VtClock     *clock,
           GArray      *cpu,
           GArray      *wall)
{
  gint64 start, end, cpu_start, cpu_end;

  start = g_get_monotonic_time ();
  cpu_start = thread_cpu_time ();
  vt_clock_advance (clock, G_USEC_PER_SEC);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  cpu_end = thread_cpu_time ();
  end = g_get_monotonic_time ();
  cpu_end -= cpu_start;
  end -= start;
  g_array_append_val (cpu, cpu_end);
  g_array_append_val (wall, end);

  /* The writer thread finishes before the next run. */
  vt_test_wait_until (!vt_task_store_has_unsaved_changes (store));
}

static double
median_ms (GArray *times)
{
  g_array_sort (times, compare_gint64);
  return g_array_index (times, gint64, times->len / 2) / 1000.0;
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vt-bench-save-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_build_filename (dir, "tasks.json", NULL);
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtTaskStore) writer = vt_task_store_new (file);
  g_autoptr(VtTaskStore) store = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) one_wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all_wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *lock = NULL;

  setlocale (LC_ALL, "C.UTF-8");

  /* A list whose tasks have what finished ones have: a label, a link, dates, a file. */
  for (guint i = 0; i < N_TASKS; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%u", 300000000u + i));
  g_ptr_array_add (ids, NULL);
  load (writer);
  vt_task_store_add_ids_of_kind (writer, (const char * const *) ids->pdata, VT_TASK_KIND_VIDEO,
                                 NULL);
  for (guint i = 0; i < N_TASKS; i++)
    {
      VtTask *task = vt_task_store_lookup (writer, ids->pdata[i]);
      g_autofree char *label = g_strdup_printf ("A lion diving into a lake, take %u", i);
      g_autofree char *url = g_strdup_printf ("https://cdn.example.com/videos/%u/output.mp4?"
                                              "Expires=1767000000&Signature=abcdef0123456789",
                                              300000000u + i);
      g_autofree char *path = g_strdup_printf ("/home/user/Videos/Video Tasks/%u.mp4", i);

      vt_task_set_label (task, label);
      vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
      vt_task_set_video_url (task, url, now);
      vt_task_set_last_checked (task, now);
      vt_task_set_file_path (task, path);
    }
  vt_task_store_flush (writer, NULL);

  store = vt_task_store_new_full (file, clock);
  load (store);
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != N_TASKS)
    g_error ("the list was not read back");

  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *label = g_strdup_printf ("Renamed %u", run);

      vt_task_set_label (vt_task_store_lookup (store, ids->pdata[run]), label);
      time_save (store, clock, one, one_wall);
    }

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GDateTime) checked = g_date_time_add_seconds (now, run + 1);

      for (guint i = 0; i < N_TASKS; i++)
        vt_task_set_last_checked (vt_task_store_lookup (store, ids->pdata[i]), checked);
      time_save (store, clock, all, all_wall);
    }

  g_print ("save of %u tasks, main thread, median of %u runs (CPU / wall):\n"
           "  one task changed  %7.2f / %7.2f ms\n"
           "  all tasks changed %7.2f / %7.2f ms\n", N_TASKS, RUNS,
           median_ms (one), median_ms (one_wall), median_ms (all), median_ms (all_wall));

  g_remove (g_file_peek_path (file));
  lock = g_strconcat (g_file_peek_path (file), ".lock", NULL);
  g_remove (lock);
  g_rmdir (dir);
  return 0;
}
