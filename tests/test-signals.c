/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SIGTERM and SIGINT: the real executable saves its list and ends cleanly, even when a task
 * was added a moment before (the list is saved half a second after a change). */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "vt-mock-server.h"

#define KEY "signals-test-key"

static VtMockServer *server;

typedef struct
{
  char        *data_home;
  char        *app_id;
  GSubprocess *primary;
} Instance;

static GSubprocessLauncher *
launcher_new (Instance *instance)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_subprocess_launcher_setenv (launcher, "MINIMAX_API_HOST", vt_mock_server_get_api_url (server),
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "MINIMAX_API_KEY", KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", instance->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  return launcher;
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Starts `video-tasks` (its window) under an app ID of its own, and waits until it owns it:
 * a second launch then hands its task IDs to it. */
static void
instance_start (Instance *instance)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id_arg = NULL;
  gboolean appeared = FALSE;
  guint watch;

  instance->data_home = g_dir_make_tmp ("vt-signals-XXXXXX", &error);
  g_assert_no_error (error);
  instance->app_id = g_strdup_printf ("io.github.videotasks.VideoTasks.Test%d_%u", getpid (),
                                      g_random_int ());
  app_id_arg = g_strdup_printf ("--gapplication-app-id=%s", instance->app_id);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, instance->app_id, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            name_appeared_cb, NULL, &appeared, NULL);
  launcher = launcher_new (instance);
  instance->primary = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIDEO_TASKS"),
                                                   app_id_arg, NULL);
  g_assert_no_error (error);
  vt_test_wait_until (appeared);
  g_bus_unwatch_name (watch);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, out, NULL, &error);
  g_assert_no_error (error);
}

/* `video-tasks TASK_ID`: returns once the running instance has the task. */
static void
instance_add (Instance   *instance,
              const char *id)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (instance);
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id_arg = g_strdup_printf ("--gapplication-app-id=%s", instance->app_id);
  g_autofree char *out = NULL;

  second = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIDEO_TASKS"), app_id_arg,
                                        id, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (second, NULL, NULL, communicate_cb, &out);
  vt_test_wait_until (out != NULL);
  g_assert_cmpstr (out, ==, "Added 1 task to the open window\n");
  g_assert_true (g_subprocess_get_successful (second));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
instance_clear (Instance *instance)
{
  g_autoptr(GFile) dir = g_file_new_for_path (instance->data_home);

  vt_test_remove_tree (dir);
  g_clear_pointer (&instance->data_home, g_free);
  g_clear_pointer (&instance->app_id, g_free);
  g_clear_object (&instance->primary);
}

static gboolean
file_has (const char *path,
          const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_signal_saves (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  Instance instance = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gboolean exited = FALSE;
  guint wake;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("the app's window needs a display");
      return;
    }

  instance_start (&instance);
  path = g_build_filename (instance.data_home, "video-tasks", "tasks.json", NULL);
  /* The list is read in a thread after the window shows, and nothing is saved before it
   * was: a first task on disk (saved half a second after it came) says it was. */
  instance_add (&instance, "7800000002");
  /* The other process writes it: the loop is woken now and then to look. */
  wake = g_timeout_add (20, wake_cb, NULL);
  vt_test_wait_until (file_has (path, "\"7800000002\""));
  g_source_remove (wake);
  instance_add (&instance, "7800000001");

  /* At once: well before the save that follows a change. */
  g_subprocess_send_signal (instance.primary, signum);
  g_subprocess_wait_async (instance.primary, NULL, wait_cb, &exited);
  vt_test_wait_until (exited);

  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, "\"7800000001\""));
  /* Ended as Quit ends it, not killed. */
  g_assert_true (g_subprocess_get_if_exited (instance.primary));
  g_assert_cmpint (g_subprocess_get_exit_status (instance.primary), ==, 0);

  instance_clear (&instance);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/signals/sigterm-saves", GINT_TO_POINTER (SIGTERM), test_signal_saves);
  g_test_add_data_func ("/signals/sigint-saves", GINT_TO_POINTER (SIGINT), test_signal_saves);

  status = g_test_run ();
  g_clear_object (&server);
  return status;
}
