/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

static inline gboolean
vt_test_timed_out_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default main context until *done is set; fails after @seconds. */
static inline void
vt_test_wait (const gboolean *done,
              guint           seconds,
              const char     *what)
{
  GSource *timeout = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (timeout, vt_test_timed_out_cb, (gpointer) what, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  while (!*done)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

static inline gboolean
vt_test_set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main context run for @ms milliseconds. */
static inline void
vt_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, vt_test_set_true_cb, &done);
  vt_test_wait (&done, ms / 1000 + 5, "a pause");
}

/* Removes @dir and everything below it (tests' temporary folders). */
static inline void
vt_test_remove_tree (GFile *dir)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        vt_test_remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}

G_END_DECLS
