/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtSecret against a real gnome-keyring-daemon (build-aux/test starts one), and the
 * errors when there is no Secret Service at all. */

#include "config.h"

#include <locale.h>

#include "test-util.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-secret.h"

#include <libsecret/secret.h>

#define HOST_A "https://api.minimaxi.com"
#define HOST_B "https://api.minimax.io"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *key;
  GError   *error;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->key, g_free);
  g_clear_error (&o->error);
  o->done = FALSE;
  o->ok = FALSE;
}

static void
store_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->ok = vt_secret_store_finish (result, &o->error);
  o->done = TRUE;
}

static void
lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  char *key = vt_secret_lookup_finish (result, &o->error);

  o->key = g_strdup (key);
  vt_secret_free (key);
  o->ok = o->error == NULL;
  o->done = TRUE;
}

static void
clear_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->ok = vt_secret_clear_finish (result, &o->error);
  o->done = TRUE;
}

static void
config_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->key = vt_config_lookup_api_key_finish (result, &o->error);
  o->ok = o->error == NULL;
  o->done = TRUE;
}

static void
store (const char *host, const char *key, Outcome *o)
{
  outcome_clear (o);
  vt_secret_store_async (host, key, NULL, store_cb, o);
  vt_test_wait_until (o->done);
}

static void
lookup (const char *host, Outcome *o)
{
  outcome_clear (o);
  vt_secret_lookup_async (host, NULL, lookup_cb, o);
  vt_test_wait_until (o->done);
}

static void
clear (const char *host, Outcome *o)
{
  outcome_clear (o);
  vt_secret_clear_async (host, NULL, clear_cb, o);
  vt_test_wait_until (o->done);
}

/* What another program sees in the keyring: proof the key is really stored there. */
static char *
secret_tool_lookup (const char *host)
{
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "secret-tool", "lookup", "xdg:schema", APP_ID, "host", host, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL && *out == '\0')
    g_clear_pointer (&out, g_free);
  return out;
}

static gboolean
have_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session; run through build-aux/test, which starts a keyring");
      return FALSE;
    }
  return TRUE;
}

static void
test_store_lookup_overwrite_clear (void)
{
  Outcome o = { 0 };
  g_autofree char *seen = NULL;

  if (!have_session_bus ())
    return;

  clear (HOST_A, &o);
  clear (HOST_B, &o);

  lookup (HOST_A, &o);
  g_assert_no_error (o.error);
  g_assert_null (o.key);

  store (HOST_A, "key-china-1", &o);
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  lookup (HOST_A, &o);
  g_assert_cmpstr (o.key, ==, "key-china-1");
  seen = secret_tool_lookup (HOST_A);
  g_assert_cmpstr (seen, ==, "key-china-1");

  /* One key per host: the other region has none. */
  lookup (HOST_B, &o);
  g_assert_no_error (o.error);
  g_assert_null (o.key);

  store (HOST_B, "key-intl", &o);
  g_assert_true (o.ok);
  store (HOST_A, "key-china-2", &o);
  g_assert_true (o.ok);
  lookup (HOST_A, &o);
  g_assert_cmpstr (o.key, ==, "key-china-2");
  lookup (HOST_B, &o);
  g_assert_cmpstr (o.key, ==, "key-intl");

  clear (HOST_A, &o);
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  lookup (HOST_A, &o);
  g_assert_no_error (o.error);
  g_assert_null (o.key);
  g_clear_pointer (&seen, g_free);
  seen = secret_tool_lookup (HOST_A);
  g_assert_null (seen);

  /* Clearing what is not there is not an error. */
  clear (HOST_A, &o);
  g_assert_no_error (o.error);

  lookup (HOST_B, &o);
  g_assert_cmpstr (o.key, ==, "key-intl");
  clear (HOST_B, &o);
  outcome_clear (&o);
}

static void
test_config_prefers_keyring_then_environment (void)
{
  Outcome o = { 0 };

  if (!have_session_bus ())
    return;

  store (HOST_A, "from-keyring", &o);
  g_assert_true (o.ok);

  outcome_clear (&o);
  vt_config_lookup_api_key_async (HOST_A, NULL, config_lookup_cb, &o);
  vt_test_wait_until (o.done);
  g_assert_cmpstr (o.key, ==, "from-keyring");

  g_setenv ("MINIMAX_API_KEY", "from-environment", TRUE);
  outcome_clear (&o);
  vt_config_lookup_api_key_async (HOST_A, NULL, config_lookup_cb, &o);
  vt_test_wait_until (o.done);
  g_assert_cmpstr (o.key, ==, "from-environment");
  g_unsetenv ("MINIMAX_API_KEY");

  clear (HOST_A, &o);
  outcome_clear (&o);
}

typedef struct
{
  gboolean    done;
  VtKeyState  state;
  gboolean    from_environment;
  GError     *error;
} SetupOutcome;

static void
setup_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SetupOutcome *o = user_data;

  o->state = vt_config_setup_client_finish (result, &o->from_environment, &o->error);
  o->done = TRUE;
}

static void
setup_client (VtClient     *client,
              SetupOutcome *o)
{
  g_clear_error (&o->error);
  o->done = FALSE;
  vt_config_setup_client_async (client, NULL, NULL, setup_cb, o);
  vt_test_wait_until (o->done);
}

/* The one way the app, the CLI and Preferences get a working client. */
static void
test_setup_client (void)
{
  g_autoptr(VtClient) client = vt_client_new ();
  SetupOutcome so = { 0 };
  Outcome o = { 0 };

  if (!have_session_bus ())
    return;

  /* The host from the environment, its key from the keyring. */
  g_setenv ("MINIMAX_API_HOST", HOST_A, TRUE);
  store (HOST_A, "setup-key", &o);
  g_assert_true (o.ok);
  setup_client (client, &so);
  g_assert_no_error (so.error);
  g_assert_cmpint (so.state, ==, VT_KEY_STATE_PRESENT);
  g_assert_true (so.from_environment);
  g_assert_true (vt_client_has_api_key (client));

  /* No key for that host: the client loses the one it had. */
  clear (HOST_A, &o);
  setup_client (client, &so);
  g_assert_no_error (so.error);
  g_assert_cmpint (so.state, ==, VT_KEY_STATE_MISSING);
  g_assert_false (vt_client_has_api_key (client));

  /* A host that cannot be used is an error that names it, and no key is looked up. */
  g_setenv ("MINIMAX_API_KEY", "never-used", TRUE);
  g_setenv ("MINIMAX_API_HOST", "http://example.com", TRUE);
  setup_client (client, &so);
  g_assert_cmpint (so.state, ==, VT_KEY_STATE_ERROR);
  g_assert_error (so.error, VT_ERROR, VT_ERROR_INVALID_HOST);
  g_assert_false (vt_client_has_api_key (client));
  g_assert_null (strstr (so.error->message, "never-used"));

  g_unsetenv ("MINIMAX_API_KEY");
  g_unsetenv ("MINIMAX_API_HOST");
  g_clear_error (&so.error);
  outcome_clear (&o);
}

static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      Outcome o = { 0 };

      /* A session bus that does not exist: no Secret Service can answer. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vt-test-bus", TRUE);

      store (HOST_A, "secret-never-shown", &o);
      g_assert_error (o.error, VT_ERROR, VT_ERROR_KEYRING);
      g_assert_null (strstr (o.error->message, "secret-never-shown"));

      lookup (HOST_A, &o);
      g_assert_error (o.error, VT_ERROR, VT_ERROR_KEYRING);
      g_assert_null (o.key);

      clear (HOST_A, &o);
      g_assert_error (o.error, VT_ERROR, VT_ERROR_KEYRING);

      /* The environment still works without a keyring, and does not touch it. */
      g_setenv ("MINIMAX_API_KEY", "env-key", TRUE);
      outcome_clear (&o);
      vt_config_lookup_api_key_async (HOST_A, NULL, config_lookup_cb, &o);
      vt_test_wait_until (o.done);
      g_assert_no_error (o.error);
      g_assert_cmpstr (o.key, ==, "env-key");

      outcome_clear (&o);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Inside the Flatpak sandbox libsecret keeps secrets in a file of its own, unlocked through
 * the Secret portal; there is no Secret Service to talk to. libsecret's test switches pick
 * the same file backend with a password instead of the portal. */
static void
test_file_backend (void)
{
  g_autofree char *old_asan = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("vt-secret-file-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "keyring", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GFile) tree = g_file_new_for_path (dir);
      gsize length = 0;
      Outcome o = { 0 };

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vt-test-bus", TRUE);
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-only password", TRUE);

      lookup (HOST_A, &o);
      g_assert_no_error (o.error);
      g_assert_null (o.key);

      store (HOST_A, "file-key-a", &o);
      g_assert_no_error (o.error);
      g_assert_true (o.ok);
      store (HOST_B, "file-key-b", &o);
      g_assert_no_error (o.error);
      store (HOST_A, "file-key-a2", &o);
      g_assert_no_error (o.error);

      lookup (HOST_A, &o);
      g_assert_no_error (o.error);
      g_assert_cmpstr (o.key, ==, "file-key-a2");
      lookup (HOST_B, &o);
      g_assert_cmpstr (o.key, ==, "file-key-b");

      /* The file really holds it, encrypted. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 0);
      for (gsize i = 0; i + strlen ("file-key-a2") <= length; i++)
        g_assert_false (memcmp (contents + i, "file-key-a2", strlen ("file-key-a2")) == 0);

      clear (HOST_A, &o);
      g_assert_no_error (o.error);
      lookup (HOST_A, &o);
      g_assert_no_error (o.error);
      g_assert_null (o.key);
      lookup (HOST_B, &o);
      g_assert_cmpstr (o.key, ==, "file-key-b");

      outcome_clear (&o);
      vt_test_remove_tree (tree);
      return;
    }

  /* libsecret 0.20.5's file backend drops the etag GIO returns for every write (28 bytes
   * allocated inside GIO, nothing of ours on the stack), so LeakSanitizer is off in this
   * one child; the sanitizer's other checks still apply. */
  old_asan = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_setenv ("ASAN_OPTIONS", "detect_leaks=0", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (old_asan != NULL)
    g_setenv ("ASAN_OPTIONS", old_asan, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
}

static void
lock_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  o->ok = secret_service_lock_finish (SECRET_SERVICE (object), result, NULL, &o->error) > 0;
  o->done = TRUE;
}

/* Leaves the keyring locked: meson runs this program last and alone (see meson.build). */
static void
test_locked (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GList *collections;
  Outcome o = { 0 };

  if (!have_session_bus ())
    return;

  store (HOST_A, "locked-away", &o);
  g_assert_true (o.ok);

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  collections = secret_service_get_collections (service);
  outcome_clear (&o);
  secret_service_lock (service, collections, NULL, lock_cb, &o);
  vt_test_wait_until (o.done);
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  g_list_free_full (collections, g_object_unref);

  /* Reported as locked, not as "no key", and without an unlock prompt nobody asked for. */
  lookup (HOST_A, &o);
  g_assert_error (o.error, VT_ERROR, VT_ERROR_KEYRING);
  g_assert_nonnull (strstr (o.error->message, "locked"));
  g_assert_null (o.key);
  /* Storing into a locked keyring makes gnome-keyring ask the user to unlock it, which is
   * what a person saving a key expects; there is nobody to answer that prompt here. */
  outcome_clear (&o);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("MINIMAX_API_KEY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/store-lookup-overwrite-clear", test_store_lookup_overwrite_clear);
  g_test_add_func ("/secret/config-keyring-then-environment", test_config_prefers_keyring_then_environment);
  g_test_add_func ("/secret/setup-client", test_setup_client);
  g_test_add_func ("/secret/no-service", test_no_service);
  g_test_add_func ("/secret/file-backend", test_file_backend);
  g_test_add_func ("/secret/zz-locked", test_locked);

  return g_test_run ();
}
