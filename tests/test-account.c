/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account object: the key's state and where it came from, a host that cannot be used, a
 * key kept in memory, and a new look-up when the settings change. (Finding the region is in
 * test-key-check.c; the keyring itself in test-secret.c.) */

#include "config.h"

#include "test-util.h"
#include "vt-account.h"
#include "vt-error.h"

typedef struct
{
  VtClient  *client;
  GSettings *settings;
  VtAccount *account;
  char      *host;     /* a loopback host no key is saved for */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "region");
  g_settings_reset (f->settings, "custom-host");
  f->client = vt_client_new ();
  f->account = vt_account_new (f->client, f->settings);
  f->host = g_strdup_printf ("http://127.0.0.1:%u", g_random_int_range (20000, 60000));
  g_setenv ("MINIMAX_API_HOST", f->host, TRUE);
  g_setenv ("MINIMAX_API_KEY", "", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vt_test_drain ();
  g_assert_finalize_object (g_steal_pointer (&f->account));
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_clear_object (&f->settings);
  g_free (f->host);
}

static void
load (Fixture *f)
{
  vt_account_reload (f->account);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_LOOKING_UP);
  vt_test_wait_until (vt_account_get_key_state (f->account) != VT_KEY_STATE_LOOKING_UP);
}

/* MINIMAX_API_KEY and MINIMAX_API_HOST: the key is there, both said to come from the
 * environment, the region custom, and the client set up with them. */
static void
test_environment (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key = NULL;

  g_setenv ("MINIMAX_API_KEY", "env-key-8c1d", TRUE);
  load (f);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_PRESENT);
  g_assert_null (vt_account_get_message (f->account));
  g_assert_true (vt_account_get_key_from_environment (f->account));
  g_assert_true (vt_account_get_host_from_environment (f->account));
  g_assert_cmpint (vt_account_get_region (f->account), ==, VT_REGION_CUSTOM);
  g_assert_cmpstr (vt_client_get_host (f->client), ==, f->host);
  key = vt_client_dup_api_key (f->client);
  g_assert_cmpstr (key, ==, "env-key-8c1d");
}

/* No key saved for the host: missing, with no error; a host that cannot be used: an error
 * that says so, as the command line needs it. */
static void
test_missing_and_refused (Fixture       *f,
                          gconstpointer  data)
{
  load (f);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_MISSING);
  g_assert_null (vt_account_get_error (f->account));

  g_setenv ("MINIMAX_API_HOST", "http://evil.example", TRUE);
  load (f);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_ERROR);
  g_assert_error (vt_account_get_error (f->account), VT_ERROR, VT_ERROR_INVALID_HOST);
  g_assert_cmpstr (vt_account_get_message (f->account), ==, vt_account_get_error (f->account)->message);
}

/* A key the keyring could not store is used for its host, and says so; for another host, or
 * dropped, it is not. */
static void
test_unsaved_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key = NULL;

  vt_account_use_unsaved_key (f->account, f->host, "typed-key-5e0f");
  vt_test_wait_until (vt_account_get_key_state (f->account) != VT_KEY_STATE_LOOKING_UP);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_PRESENT);
  g_assert_true (vt_account_get_key_unsaved (f->account));
  g_assert_nonnull (strstr (vt_account_get_message (f->account), "could not be saved"));
  key = vt_client_dup_api_key (f->client);
  g_assert_cmpstr (key, ==, "typed-key-5e0f");

  vt_account_use_unsaved_key (f->account, "http://127.0.0.1:1", "typed-key-5e0f");
  vt_test_wait_until (vt_account_get_key_state (f->account) != VT_KEY_STATE_LOOKING_UP);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_MISSING);
  g_assert_false (vt_account_get_key_unsaved (f->account));

  vt_account_use_unsaved_key (f->account, NULL, NULL);
  vt_test_wait_until (vt_account_get_key_state (f->account) != VT_KEY_STATE_LOOKING_UP);
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_MISSING);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *n)
{
  (*n)++;
}

/* Another region or custom host in the settings is another look-up. */
static void
test_settings_change (Fixture       *f,
                      gconstpointer  data)
{
  guint n_changes = 0;

  g_setenv ("MINIMAX_API_KEY", "env-key-8c1d", TRUE);
  load (f);
  g_signal_connect (f->account, "notify::key-state", G_CALLBACK (count_cb), &n_changes);
  g_settings_set_string (f->settings, "custom-host", "http://127.0.0.1:9");
  g_assert_cmpint (vt_account_get_key_state (f->account), ==, VT_KEY_STATE_LOOKING_UP);
  vt_test_wait_until (vt_account_get_key_state (f->account) == VT_KEY_STATE_PRESENT);
  g_assert_cmpuint (n_changes, ==, 2);
  g_signal_handlers_disconnect_by_func (f->account, count_cb, &n_changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/account/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("environment", test_environment);
  ADD ("missing-and-refused", test_missing_and_refused);
  ADD ("unsaved-key", test_unsaved_key);
  ADD ("settings-change", test_settings_change);
#undef ADD

  return g_test_run ();
}
