/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which region accepts a key: two loopback "regions" (each a mock server with a key of its
 * own, and a port nothing listens on), the rule of what an answer says of a key, and the
 * region kept by the key's fingerprint. */

#include "config.h"

#include "test-util.h"
#include "vt-balance.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-gate.h"
#include "vt-key-check.h"
#include "vt-mock-server.h"
#include "vt-secret.h"

#define CHINA_KEY "china-key-51f0"
#define INTERNATIONAL_KEY "international-key-9ab2"

typedef struct
{
  VtMockServer *china;
  VtMockServer *international;
  char         *nowhere;      /* a loopback port that refuses connections */
  GSettings    *settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->china = vt_mock_server_new (CHINA_KEY, &error);
  g_assert_no_error (error);
  f->international = vt_mock_server_new (INTERNATIONAL_KEY, &error);
  g_assert_no_error (error);
  f->nowhere = vt_test_closed_port_url ();
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "region");
  g_settings_reset (f->settings, "detected-region");
  g_settings_reset (f->settings, "detected-key");
  g_setenv ("MINIMAX_API_HOST", "", TRUE);
  g_setenv ("MINIMAX_API_KEY", "", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->china);
  g_clear_object (&f->international);
  g_clear_object (&f->settings);
  g_free (f->nowhere);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static VtKeyCheck *
check_key (const char           *api_key,
           const VtKeyCheckHost *hosts,
           guint                 n_hosts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VtKeyCheck *check;

  vt_key_check_async (api_key, hosts, n_hosts, NULL, NULL, store_result_cb, &result);
  vt_test_wait_until (result != NULL);
  check = vt_key_check_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

/* The rule, answer by answer. */
static void
test_judge (void)
{
  static const struct
  {
    guint        http_status;
    const char  *body;
    VtKeyVerdict verdict;
  } answers[] = {
    /* A task MiniMax found, or did not: either way it took the key. */
    { 200, "{\"task_id\":\"0\",\"status\":\"Fail\",\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}",
      VT_KEY_VERDICT_ACCEPTED },
    { 200, "{\"base_resp\":{\"status_code\":2013,\"status_msg\":\"invalid params\"}}", VT_KEY_VERDICT_ACCEPTED },
    { 200, "{\"base_resp\":{\"status_code\":1008,\"status_msg\":\"insufficient balance\"}}", VT_KEY_VERDICT_ACCEPTED },
    /* The key's own codes, and the HTTP ones. */
    { 200, "{\"base_resp\":{\"status_code\":2049,\"status_msg\":\"invalid api key\"}}", VT_KEY_VERDICT_REFUSED },
    { 200, "{\"base_resp\":{\"status_code\":1004,\"status_msg\":\"login fail\"}}", VT_KEY_VERDICT_REFUSED },
    { 401, "{\"error\":{\"type\":\"authentication_error\"}}", VT_KEY_VERDICT_REFUSED },
    { 403, "", VT_KEY_VERDICT_REFUSED },
    /* Nothing either way: busy, broken, or not MiniMax. */
    { 200, "{\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit\"}}", VT_KEY_VERDICT_NO_ANSWER },
    { 200, "{\"base_resp\":{\"status_code\":1000,\"status_msg\":\"unknown error\"}}", VT_KEY_VERDICT_NO_ANSWER },
    { 200, "{\"base_resp\":", VT_KEY_VERDICT_NO_ANSWER },
    { 200, "<html>proxy</html>", VT_KEY_VERDICT_NO_ANSWER },
    { 200, "{}", VT_KEY_VERDICT_NO_ANSWER },
    { 429, "", VT_KEY_VERDICT_NO_ANSWER },
    { 503, "", VT_KEY_VERDICT_NO_ANSWER },
    { 404, "<html>404</html>", VT_KEY_VERDICT_NO_ANSWER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (answers[i].body, strlen (answers[i].body));
      g_autoptr(GError) error = NULL;
      VtKeyVerdict verdict = vt_key_check_judge (answers[i].http_status, body, &error);

      g_test_message ("%u %s", answers[i].http_status, answers[i].body);
      g_assert_cmpint (verdict, ==, answers[i].verdict);
      if (verdict == VT_KEY_VERDICT_ACCEPTED)
        g_assert_no_error (error);
      else
        g_assert_nonnull (error);
      if (verdict == VT_KEY_VERDICT_REFUSED)
        g_assert_error (error, VT_ERROR, VT_ERROR_AUTH);
    }
}

/* Each key is taken by its own region's host, whichever order they are asked in. */
static void
test_picks_accepting (Fixture       *f,
                      gconstpointer  data)
{
  VtKeyCheckHost hosts[] = {
    { VT_REGION_CHINA, vt_mock_server_get_api_url (f->china) },
    { VT_REGION_INTERNATIONAL, vt_mock_server_get_api_url (f->international) },
  };
  g_autoptr(VtKeyCheck) international = check_key (INTERNATIONAL_KEY, hosts, 2);
  g_autoptr(VtKeyCheck) china = check_key (CHINA_KEY, hosts, 2);

  g_assert_cmpint (international->verdict, ==, VT_KEY_VERDICT_ACCEPTED);
  g_assert_cmpint (international->region, ==, VT_REGION_INTERNATIONAL);
  g_assert_cmpstr (international->host, ==, vt_mock_server_get_api_url (f->international));
  g_assert_null (international->error);

  g_assert_cmpint (china->verdict, ==, VT_KEY_VERDICT_ACCEPTED);
  g_assert_cmpint (china->region, ==, VT_REGION_CHINA);
  g_assert_cmpstr (china->host, ==, vt_mock_server_get_api_url (f->china));

  /* One request to each host for each key, and only the documented, harmless one. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->china, "api"), <=, 2);
  g_assert_cmpuint (vt_mock_server_count_requests (f->international, "api"), <=, 2);
  {
    GPtrArray *requests = vt_mock_server_get_requests (f->china);

    g_assert_cmpuint (requests->len, >=, 1);
    for (guint i = 0; i < requests->len; i++)
      {
        VtMockRequest *request = requests->pdata[i];

        g_assert_cmpstr (request->path, ==, "/v1/query/video_generation");
        g_assert_cmpstr (request->query, ==, "task_id=0");
      }
  }
}

static void
test_neither (Fixture       *f,
              gconstpointer  data)
{
  VtKeyCheckHost hosts[] = {
    { VT_REGION_CHINA, vt_mock_server_get_api_url (f->china) },
    { VT_REGION_INTERNATIONAL, vt_mock_server_get_api_url (f->international) },
  };
  g_autoptr(VtKeyCheck) check = check_key ("nobody-s-key", hosts, 2);

  g_assert_cmpint (check->verdict, ==, VT_KEY_VERDICT_REFUSED);
  g_assert_null (check->host);
  g_assert_error (check->error, VT_ERROR, VT_ERROR_AUTH);
  g_assert_cmpstr (check->error->message, ==, "Neither MiniMax region accepts this key.");
}

/* A region that cannot be reached does not hide the other's answer; with no acceptance,
 * the key is not called wrong when one host never said. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  VtKeyCheckHost hosts[] = {
    { VT_REGION_CHINA, f->nowhere },
    { VT_REGION_INTERNATIONAL, vt_mock_server_get_api_url (f->international) },
  };
  g_autoptr(VtKeyCheck) accepted = check_key (INTERNATIONAL_KEY, hosts, 2);
  g_autoptr(VtKeyCheck) unsure = check_key (CHINA_KEY, hosts, 2);
  g_autoptr(VtKeyCheck) nobody = check_key (CHINA_KEY, hosts, 1);

  g_assert_cmpint (accepted->verdict, ==, VT_KEY_VERDICT_ACCEPTED);
  g_assert_cmpint (accepted->region, ==, VT_REGION_INTERNATIONAL);

  g_assert_cmpint (unsure->verdict, ==, VT_KEY_VERDICT_NO_ANSWER);
  g_assert_error (unsure->error, VT_ERROR, VT_ERROR_NETWORK);

  g_assert_cmpint (nobody->verdict, ==, VT_KEY_VERDICT_NO_ANSWER);
  g_assert_nonnull (nobody->error);
}

/* The account in use is asked through its own client, so within its gate; while MiniMax
 * has the account wait, its host is not asked and says so, at once, and the other region
 * is asked as usual. */
static void
test_through_account_gate (Fixture       *f,
                           gconstpointer  data)
{
  VtKeyCheckHost hosts[] = {
    { VT_REGION_CHINA, vt_mock_server_get_api_url (f->china) },
    { VT_REGION_INTERNATIONAL, vt_mock_server_get_api_url (f->international) },
  };
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  g_autoptr(VtClient) account = vt_client_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) later = NULL;
  g_autoptr(VtKeyCheck) held = NULL;
  g_autoptr(VtKeyCheck) check = NULL;

  vt_client_set_clock (account, clock);
  g_assert_true (vt_client_set_host (account, vt_mock_server_get_api_url (f->international), NULL));
  vt_client_set_api_key (account, INTERNATIONAL_KEY);
  vt_gate_hold (vt_client_get_gate (account), 30);

  vt_key_check_async (INTERNATIONAL_KEY, hosts, 2, account, NULL, store_result_cb, &result);
  vt_test_wait_until (result != NULL);
  held = vt_key_check_finish (result, NULL);
  g_assert_cmpint (held->verdict, ==, VT_KEY_VERDICT_NO_ANSWER);
  g_assert_error (held->error, VT_ERROR, VT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (vt_mock_server_count_requests (f->china, "api"), ==, 1);
  g_assert_cmpuint (vt_mock_server_count_requests (f->international, "api"), ==, 0);

  /* The wait over, the account's host is asked, through the account's client. */
  vt_clock_advance (clock, 30 * G_TIME_SPAN_SECOND);
  vt_key_check_async (INTERNATIONAL_KEY, hosts, 2, account, NULL, store_result_cb, &later);
  vt_test_wait_until (later != NULL);
  check = vt_key_check_finish (later, NULL);
  g_assert_cmpint (check->verdict, ==, VT_KEY_VERDICT_ACCEPTED);
  g_assert_cmpint (check->region, ==, VT_REGION_INTERNATIONAL);
  g_assert_cmpuint (vt_mock_server_count_requests (f->international, "api"), ==, 1);
}

/* A busy region (rate limited) says nothing of the key either. */
static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  VtKeyCheckHost hosts[] = {
    { VT_REGION_INTERNATIONAL, vt_mock_server_get_api_url (f->international) },
  };
  g_autoptr(VtKeyCheck) busy = NULL;
  g_autoptr(VtKeyCheck) refused = NULL;

  vt_mock_server_fail_next (f->international, 1, "error-1002");
  busy = check_key (INTERNATIONAL_KEY, hosts, 1);
  g_assert_cmpint (busy->verdict, ==, VT_KEY_VERDICT_NO_ANSWER);
  g_assert_error (busy->error, VT_ERROR, VT_ERROR_RATE_LIMITED);

  refused = check_key (CHINA_KEY, hosts, 1);
  g_assert_cmpint (refused->verdict, ==, VT_KEY_VERDICT_REFUSED);
  g_assert_error (refused->error, VT_ERROR, VT_ERROR_AUTH);
}

/* The region is kept by a fingerprint of the key: never the key, and a new key is not
 * taken for the old one. */
static void
test_fingerprint (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *kept = NULL;
  g_autofree char *fingerprint = vt_key_fingerprint (CHINA_KEY);
  g_autofree char *plain_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CHINA_KEY, -1);
  VtRegion region = VT_REGION_CUSTOM;

  g_assert_false (vt_key_check_recall (f->settings, CHINA_KEY, &region));
  vt_key_check_remember (f->settings, CHINA_KEY, VT_REGION_CHINA);
  g_assert_true (vt_key_check_recall (f->settings, CHINA_KEY, &region));
  g_assert_cmpint (region, ==, VT_REGION_CHINA);
  g_assert_false (vt_key_check_recall (f->settings, INTERNATIONAL_KEY, &region));
  g_assert_false (vt_key_check_recall (NULL, CHINA_KEY, &region));

  kept = g_settings_get_string (f->settings, "detected-key");
  g_assert_cmpstr (kept, ==, fingerprint);
  g_assert_null (strstr (kept, CHINA_KEY));
  g_assert_cmpuint (strlen (fingerprint), ==, 64);
  /* Salted: a table of common keys' plain hashes does not find it. */
  g_assert_cmpstr (fingerprint, !=, plain_hash);
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VtBalance **balance = user_data;

  *balance = vt_balance_fetch_finish (result);
  /* Told apart from "not yet" by a pointer that is never a balance. */
  if (*balance == NULL)
    *balance = (VtBalance *) balance;
}

/* What the account has left, from the endpoint for the key's kind, else the other; nothing
 * when neither answers as known. */
static VtBalance *
fetch_balance (const char *api_key,
               const char *account,
               guint      *n_requests)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMockServer) server = vt_mock_server_new (api_key, &error);
  g_autoptr(VtClient) client = vt_client_new ();
  VtBalance *balance = NULL;

  g_assert_no_error (error);
  vt_mock_server_set_account (server, account);
  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (server), NULL));
  vt_client_set_api_key (client, api_key);
  vt_balance_fetch_async (client, NULL, balance_cb, &balance);
  vt_test_wait_until (balance != NULL);
  *n_requests = vt_mock_server_count_requests (server, "api");
  return balance == (VtBalance *) &balance ? NULL : balance;
}

static void
test_balance (void)
{
  g_autoptr(VtBalance) money = NULL;
  g_autoptr(VtBalance) videos = NULL;
  g_autoptr(VtBalance) fallback = NULL;
  g_autoptr(VtBalance) none = NULL;
  g_autoptr(VtBalance) malformed = NULL;
  g_autofree char *money_text = NULL;
  g_autofree char *videos_text = NULL;
  guint n = 0;

  money = fetch_balance ("sk-api-7d1e", "payg", &n);
  g_assert_nonnull (money);
  g_assert_cmpint (money->kind, ==, VT_BALANCE_MONEY);
  g_assert_cmpstr (money->available, ==, "25.50");
  g_assert_cmpuint (n, ==, 1);
  money_text = vt_balance_describe (money, "$");
  g_assert_cmpstr (money_text, ==, "Available balance: $25.50");

  /* A Token Plan key: its video models' quota (20 in all, 8 used), not the text model's. */
  videos = fetch_balance ("sk-cp-40aa", "token-plan", &n);
  g_assert_nonnull (videos);
  g_assert_cmpint (videos->kind, ==, VT_BALANCE_VIDEOS);
  g_assert_cmpint (videos->videos_left, ==, 12);
  g_assert_cmpint (videos->videos_total, ==, 20);
  g_assert_cmpuint (n, ==, 1);
  videos_text = vt_balance_describe (videos, NULL);
  g_assert_cmpstr (videos_text, ==, "12 of 20 videos left this period");

  /* The key's prefix guessed wrong: the other endpoint answers. */
  fallback = fetch_balance ("sk-api-7d1e", "token-plan", &n);
  g_assert_nonnull (fallback);
  g_assert_cmpint (fallback->kind, ==, VT_BALANCE_VIDEOS);
  g_assert_cmpuint (n, ==, 2);

  /* Neither endpoint, or a balance that is not a number: nothing, after two requests. */
  none = fetch_balance ("sk-api-7d1e", "none", &n);
  g_assert_null (none);
  g_assert_cmpuint (n, ==, 2);
  malformed = fetch_balance ("sk-api-7d1e", "malformed", &n);
  g_assert_null (malformed);
  g_assert_cmpuint (n, ==, 2);
}

/* The parsers take only what is known of the answers. */
static void
test_balance_parsers (void)
{
  static const struct
  {
    const char *body;
    gboolean    money;      /* which parser */
    gboolean    ok;
  } answers[] = {
    { "{\"available_amount\":\"12.5\",\"base_resp\":{\"status_code\":0}}", TRUE, TRUE },
    { "{\"available_amount\":\"-3.10\",\"base_resp\":{\"status_code\":0}}", TRUE, TRUE },
    { "{\"available_amount\":12.5,\"base_resp\":{\"status_code\":0}}", TRUE, FALSE },
    { "{\"available_amount\":\"1e9\",\"base_resp\":{\"status_code\":0}}", TRUE, FALSE },
    { "{\"available_amount\":\"12.\",\"base_resp\":{\"status_code\":0}}", TRUE, FALSE },
    { "{\"available_amount\":\"<b>9</b>\",\"base_resp\":{\"status_code\":0}}", TRUE, FALSE },
    { "{\"available_amount\":\"1234567890123456\",\"base_resp\":{\"status_code\":0}}", TRUE, FALSE },
    { "{\"available_amount\":\"5\",\"base_resp\":{\"status_code\":1004}}", TRUE, FALSE },
    { "{\"available_amount\":\"5\"}", TRUE, FALSE },
    { "{\"model_remains\":[{\"model_name\":\"Hailuo\",\"current_interval_total_count\":3,"
      "\"current_interval_usage_count\":9}],\"base_resp\":{\"status_code\":0}}", FALSE, TRUE },
    { "{\"model_remains\":[{\"model_name\":\"MiniMax-M2\",\"current_interval_total_count\":3,"
      "\"current_interval_usage_count\":1}],\"base_resp\":{\"status_code\":0}}", FALSE, FALSE },
    { "{\"model_remains\":[{\"model_name\":\"video-01\",\"current_interval_total_count\":-3,"
      "\"current_interval_usage_count\":1}],\"base_resp\":{\"status_code\":0}}", FALSE, FALSE },
    { "{\"model_remains\":{},\"base_resp\":{\"status_code\":0}}", FALSE, FALSE },
    { "{\"model_remains\":[7],\"base_resp\":{\"status_code\":0}}", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (answers[i].body, strlen (answers[i].body));
      g_autoptr(VtBalance) balance = g_new0 (VtBalance, 1);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s", answers[i].body);
      ok = answers[i].money ? vt_balance_parse_money (body, balance, &error)
                            : vt_balance_parse_videos (body, balance, &error);
      g_assert_cmpint (ok, ==, answers[i].ok);
      g_assert_true (ok == (error == NULL));
      /* More used than there was is none left, not a negative count. */
      if (ok && !answers[i].money)
        g_assert_cmpint (balance->videos_left, ==, 0);
    }

  {
    /* 65 models is not an answer this app knows. */
    g_autoptr(GString) many = g_string_new ("{\"model_remains\":[");
    g_autoptr(GBytes) body = NULL;
    g_autoptr(VtBalance) balance = g_new0 (VtBalance, 1);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 65; i++)
      g_string_append_printf (many, "%s{\"model_name\":\"video-%u\",\"current_interval_total_count\":1,"
                              "\"current_interval_usage_count\":0}", i > 0 ? "," : "", i);
    g_string_append (many, "],\"base_resp\":{\"status_code\":0}}");
    body = g_bytes_new (many->str, many->len);
    g_assert_false (vt_balance_parse_videos (body, balance, &error));
    g_assert_nonnull (error);
  }
}

static void
setup_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VtKeyState *state = user_data;
  g_autoptr(GError) error = NULL;

  *state = vt_config_setup_client_finish (result, NULL, &error);
  g_assert_no_error (error);
}

static VtClient *
set_up_client (Fixture *f)
{
  VtRegionInfo regions[] = {
    { VT_REGION_CHINA, "china", vt_mock_server_get_api_url (f->china), NULL, NULL },
    { VT_REGION_INTERNATIONAL, "international", vt_mock_server_get_api_url (f->international), NULL, NULL },
  };
  VtClient *client = vt_client_new ();
  VtKeyState state = VT_KEY_STATE_LOOKING_UP;

  vt_config_setup_client_with_regions_async (client, f->settings, regions, G_N_ELEMENTS (regions),
                                             NULL, setup_cb, &state);
  vt_test_wait_until (state != VT_KEY_STATE_LOOKING_UP);
  g_assert_cmpint (state, ==, VT_KEY_STATE_PRESENT);
  return client;
}

static guint
n_asked (Fixture *f)
{
  return vt_mock_server_count_requests (f->china, "api") +
         vt_mock_server_count_requests (f->international, "api");
}

/* MINIMAX_API_KEY without MINIMAX_API_HOST: the regions are asked once for a key, the
 * finding kept; the same key later asks nothing, and another key asks again. */
static void
test_setup_finds_region (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VtClient) first = NULL;
  g_autoptr(VtClient) again = NULL;
  g_autoptr(VtClient) changed = NULL;
  guint asked;

  g_assert_true (vt_config_is_automatic (f->settings));
  g_setenv ("MINIMAX_API_KEY", CHINA_KEY, TRUE);
  first = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (first), ==, vt_mock_server_get_api_url (f->china));
  g_assert_cmpint (vt_config_detected_region (f->settings), ==, VT_REGION_CHINA);
  asked = n_asked (f);
  g_assert_cmpuint (asked, >=, 1);
  g_assert_cmpuint (asked, <=, 2);

  again = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (again), ==, vt_mock_server_get_api_url (f->china));
  g_assert_cmpuint (n_asked (f), ==, asked);

  g_setenv ("MINIMAX_API_KEY", INTERNATIONAL_KEY, TRUE);
  changed = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (changed), ==, vt_mock_server_get_api_url (f->international));
  g_assert_cmpint (vt_config_detected_region (f->settings), ==, VT_REGION_INTERNATIONAL);
  g_assert_cmpuint (n_asked (f), >, asked);
}

/* A key neither region takes keeps the first guess and is not remembered; a region chosen
 * by hand, or MINIMAX_API_HOST, is not second-guessed. */
static void
test_setup_not_found (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtClient) refused = NULL;
  g_autoptr(VtClient) by_hand = NULL;
  g_autofree char *kept = NULL;

  g_setenv ("MINIMAX_API_KEY", "nobody-s-key", TRUE);
  refused = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (refused), ==, vt_mock_server_get_api_url (f->international));
  kept = g_settings_get_string (f->settings, "detected-key");
  g_assert_cmpstr (kept, ==, "");

  /* MINIMAX_API_HOST names the China host: an international key stays there, unchecked,
   * and nothing is remembered. */
  g_setenv ("MINIMAX_API_KEY", INTERNATIONAL_KEY, TRUE);
  g_setenv ("MINIMAX_API_HOST", vt_mock_server_get_api_url (f->china), TRUE);
  g_assert_false (vt_config_is_automatic (f->settings));
  by_hand = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (by_hand), ==, vt_mock_server_get_api_url (f->china));
  g_free (kept);
  kept = g_settings_get_string (f->settings, "detected-key");
  g_assert_cmpstr (kept, ==, "");
  g_assert_cmpuint (vt_mock_server_count_requests (f->international, "api"), ==, 1);

  /* A region chosen by hand is not second-guessed either. */
  g_setenv ("MINIMAX_API_HOST", "", TRUE);
  g_settings_set_enum (f->settings, "region", VT_REGION_CHINA);
  g_assert_false (vt_config_is_automatic (f->settings));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (vt_secret_store_finish (result, NULL));
  *done = TRUE;
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  vt_secret_clear_finish (result, NULL);
  *done = TRUE;
}

/* A key kept in the keyring for the China host, and no region answers the check: the key
 * goes to the China host it was kept for, never to the international one guessed first. */
static void
test_setup_keyring_region (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VtClient) client = NULL;
  gboolean done = FALSE;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus for a keyring: run through build-aux/test");
      return;
    }
  vt_secret_store_async (vt_mock_server_get_api_url (f->china), CHINA_KEY, NULL, stored_cb, &done);
  vt_test_wait_until (done);
  vt_mock_server_fail_next (f->china, 100, "http-503");
  vt_mock_server_fail_next (f->international, 100, "http-503");

  client = set_up_client (f);
  g_assert_cmpstr (vt_client_get_host (client), ==, vt_mock_server_get_api_url (f->china));

  done = FALSE;
  vt_secret_clear_async (vt_mock_server_get_api_url (f->china), NULL, cleared_cb, &done);
  vt_test_wait_until (done);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/key-check/judge", test_judge);
  g_test_add_func ("/key-check/balance", test_balance);
  g_test_add_func ("/key-check/balance-parsers", test_balance_parsers);
#define ADD(path, func) \
  g_test_add ("/key-check/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("picks-accepting", test_picks_accepting);
  ADD ("neither", test_neither);
  ADD ("unreachable", test_unreachable);
  ADD ("busy", test_busy);
  ADD ("through-account-gate", test_through_account_gate);
  ADD ("fingerprint", test_fingerprint);
  ADD ("setup-finds-region", test_setup_finds_region);
  ADD ("setup-not-found", test_setup_not_found);
  ADD ("setup-keyring-region", test_setup_keyring_region);
#undef ADD

  return g_test_run ();
}
