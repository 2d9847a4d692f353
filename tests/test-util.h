/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long any wait in a test may take before the test fails, saying what it waited for. */
#define VT_TEST_DEADLINE_SECONDS 20

typedef struct
{
  const char *what;
  const char *where;
} VtTestDeadline;

static inline gboolean
vt_test_deadline_cb (gpointer user_data)
{
  VtTestDeadline *deadline = user_data;

  g_error ("%s: timed out after %d s waiting for %s", deadline->where, VT_TEST_DEADLINE_SECONDS,
           deadline->what);
  return G_SOURCE_REMOVE;
}

static inline GSource *
vt_test_deadline_new (VtTestDeadline *deadline)
{
  GSource *source = g_timeout_source_new_seconds (VT_TEST_DEADLINE_SECONDS);

  g_source_set_callback (source, vt_test_deadline_cb, deadline, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static inline void
vt_test_deadline_free (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/*
 * vt_test_step_until:
 * Runs @step (one turn of whatever the test drives: the main context, a clock) until
 * @condition holds; the test fails when that takes longer than the deadline.
 */
#define vt_test_step_until(condition, step) \
  G_STMT_START { \
    VtTestDeadline vt_deadline_ = { #condition, G_STRLOC }; \
    GSource *vt_deadline_source_ = vt_test_deadline_new (&vt_deadline_); \
    while (!(condition)) \
      { step; } \
    vt_test_deadline_free (vt_deadline_source_); \
  } G_STMT_END

/* Iterates the thread-default main context until @condition holds, within the deadline. */
#define vt_test_wait_until(condition) \
  vt_test_step_until (condition, g_main_context_iteration (g_main_context_get_thread_default (), TRUE))

/* Dispatches whatever is ready now, without waiting for anything. */
static inline void
vt_test_drain (void)
{
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
}

/* Returns: (transfer full): a loopback URL nothing listens at (a port that was free a
 * moment ago), for a host that cannot be reached */
static inline char *
vt_test_closed_port_url (void)
{
  GSocketListener *listener = g_socket_listener_new ();
  GError *error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  g_object_unref (listener);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

#ifdef TEST_DATADIR
/* Returns: (transfer full): tests/data/ball.mp4, the short real H.264 video the loopback CDN
 * serves to the thumbnail and preview tests (tests/data/make-test-video). */
static inline GBytes *
vt_test_video (void)
{
  GError *error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (TEST_DATADIR "/ball.mp4", &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}
#endif

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
