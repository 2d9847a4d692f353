/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api.h"
#include "vt-error.h"

G_DEFINE_QUARK (vt-error-quark, vt_error)

static gboolean
from_environment (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0';
}

static const char *
hint_words (VtErrorReader who,
            VtErrorHint   hint)
{
  gboolean cli = who == VT_ERROR_READER_COMMAND_LINE;

  switch (hint)
    {
    case VT_ERROR_HINT_RETRY:
      return cli ? _("Try again later.") : _("Checking will be retried later.");
    case VT_ERROR_HINT_SLOW_DOWN:
      return cli ? _("Wait a little, then try again.") : _("Checking will resume after a pause.");
    case VT_ERROR_HINT_KEY:
      if (from_environment ("MINIMAX_API_KEY"))
        return _("Check the key in MINIMAX_API_KEY, and that it belongs to the region of the API host.");
      return cli ? _("Check the key saved in Video Tasks’ Preferences, and that it belongs to the "
                     "selected region; or set MINIMAX_API_KEY.")
                 : _("Check the key in Preferences, and that it belongs to the selected region "
                     "(China or International).");
    case VT_ERROR_HINT_HOST:
    default:
      if (from_environment ("MINIMAX_API_HOST"))
        return _("Check the API host in MINIMAX_API_HOST.");
      return cli ? _("Check the region in Video Tasks’ Preferences, or set MINIMAX_API_HOST.")
                 : _("Check the API host in Preferences.");
    }
}

/* Why no endpoint knows a task, and what the reader can do about it. */
static const char *
no_kind_words (VtErrorReader who)
{
  if (who == VT_ERROR_READER_COMMAND_LINE)
    return _("MiniMax knows no Video Agent, Hailuo or H3 task by this ID. Check the task ID, or "
             "give its kind with --kind.");
  return _("MiniMax knows no Video Agent, Hailuo or H3 task by this ID. Check the task ID, or "
           "set its kind in the task’s menu.");
}

/**
 * vt_error_with_hint:
 * @what: what happened, a sentence
 *
 * Returns: (transfer full): what happened, then what to do about it, in the window's words
 *   (vt_error_reword_for_reader() gives them to another reader) and those of where the key
 *   and host come from
 */
char *
vt_error_with_hint (VtErrorHint  hint,
                    const char  *what)
{
  /* Translators: what happened, then what to do; both are whole sentences */
  return g_strdup_printf (_("%s %s"), what, hint_words (VT_ERROR_READER_APP, hint));
}

static void
set_with_hint (GError     **error,
               int          code,
               VtErrorHint  hint,
               char        *what)
{
  g_autofree char *owned = what;
  g_autofree char *message = vt_error_with_hint (hint, owned);

  g_set_error_literal (error, VT_ERROR, code, message);
}

/* Turns a non-zero base_resp.status_code into an error that tells the user what to do.
 * The codes and their meaning come from MiniMax's documentation (see shared/API.md). */
void
vt_error_set_from_api_code (GError     **error,
                            int          api_code,
                            const char  *status_msg)
{
  g_return_if_fail (api_code != 0);

  switch (api_code)
    {
    case 1000:
    case 1001:
    case 1024:
    case 1033:
    case 1039:
      set_with_hint (error, VT_ERROR_SERVER, VT_ERROR_HINT_RETRY,
                     g_strdup_printf (_("MiniMax could not answer right now (error %d)."), api_code));
      break;

    case 1002:
    case 1041:
    case 2045:
      set_with_hint (error, VT_ERROR_RATE_LIMITED, VT_ERROR_HINT_SLOW_DOWN,
                     g_strdup_printf (_("MiniMax asked to slow down (error %d)."), api_code));
      break;

    case 1004:
    case 2049:
      set_with_hint (error, VT_ERROR_AUTH, VT_ERROR_HINT_KEY,
                     g_strdup_printf (_("MiniMax did not accept the API key (error %d)."), api_code));
      break;

    case 1008:
      g_set_error (error, VT_ERROR, VT_ERROR_INSUFFICIENT_BALANCE,
                   _("The MiniMax account has insufficient balance (error %d). Check the account balance."),
                   api_code);
      break;

    case 1026:
      g_set_error (error, VT_ERROR, VT_ERROR_SENSITIVE_INPUT,
                   _("MiniMax refused the task because its input contains sensitive content."));
      break;

    case 1027:
      g_set_error (error, VT_ERROR, VT_ERROR_SENSITIVE_OUTPUT,
                   _("MiniMax withheld the video because it contains sensitive content."));
      break;

    case 2013:
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   _("MiniMax did not accept the request (error %d). Check the task ID."),
                   api_code);
      break;

    case 2056:
      set_with_hint (error, VT_ERROR_USAGE_LIMIT, VT_ERROR_HINT_RETRY,
                     g_strdup_printf (_("The account's usage limit for now is reached (error %d)."),
                                      api_code));
      break;

    default:
      if (status_msg != NULL && *status_msg != '\0')
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax reported error %d: %s"), api_code, status_msg);
      else
        g_set_error (error, VT_ERROR, VT_ERROR_API,
                     _("MiniMax reported error %d."), api_code);
      break;
    }
}

/* No endpoint knows the task: an ID of none of the kinds, or one they answer for in a way
 * the app does not take for "known". Held, with what the user can do. */
void
vt_error_set_no_kind (GError **error)
{
  g_set_error_literal (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                       no_kind_words (VT_ERROR_READER_APP));
}

/* A Hailuo task that succeeded, whose file MiniMax did not give this time (/v1/files/retrieve
 * failed): the task is not at fault, and the file is asked for again later. */
void
vt_error_set_file_not_ready (GError **error)
{
  set_with_hint (error, VT_ERROR_FILE_NOT_READY, VT_ERROR_HINT_RETRY,
                 g_strdup (_("MiniMax says the task succeeded, but the video’s file could not be "
                             "fetched yet.")));
}

/* The H3 endpoint does not know the task: its ID or its kind is wrong. */
void
vt_error_set_unknown_h3_task (GError **error)
{
  g_set_error_literal (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK,
                       _("MiniMax does not know this task as an H3 task. Check the task ID, "
                         "or set the task's kind."));
}

/* An H3 task within its 7 days that MiniMax did not find this time (see the poller's
 * is_missing_for_now): asked about again later. @http_status: 0 when not known */
void
vt_error_set_missing_for_now (GError **error,
                              guint    http_status)
{
  if (http_status != 0)
    set_with_hint (error, VT_ERROR_SERVER, VT_ERROR_HINT_RETRY,
                   g_strdup_printf (_("MiniMax did not find this task just now (HTTP %u)."),
                                    http_status));
  else
    set_with_hint (error, VT_ERROR_SERVER, VT_ERROR_HINT_RETRY,
                   g_strdup (_("MiniMax did not find this task just now.")));
}

/* The list of recent H3 tasks answered 404 (or a 400 about a task ID): no task was asked
 * about, so it is the list that is not there, on this host. */
void
vt_error_set_list_unavailable (GError **error,
                               guint    http_status)
{
  set_with_hint (error, VT_ERROR_API, VT_ERROR_HINT_HOST,
                 g_strdup_printf (_("MiniMax’s list of recent H3 tasks is not available "
                                    "(HTTP %u)."), http_status));
}

/**
 * vt_error_reword_asked_once:
 *
 * For the error of something asked once, that nothing repeats by itself (Import Recent
 * Tasks): its last sentence, a hint that checking will be retried or will resume (see
 * vt_error_with_hint()), becomes one that asks the reader to try again.
 */
void
vt_error_reword_asked_once (GError *error)
{
  static const VtErrorHint hints[] = { VT_ERROR_HINT_RETRY, VT_ERROR_HINT_SLOW_DOWN };

  g_return_if_fail (error != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
    {
      const char *promise = hint_words (VT_ERROR_READER_APP, hints[i]);
      const char *ask = hint_words (VT_ERROR_READER_COMMAND_LINE, hints[i]);
      g_autofree char *message = NULL;

      if (!g_str_has_suffix (error->message, promise))
        continue;
      message = g_steal_pointer (&error->message);
      error->message = g_strdup_printf ("%.*s%s", (int) (strlen (message) - strlen (promise)),
                                        message, ask);
      return;
    }
}

/**
 * vt_error_reword_for_reader:
 *
 * Messages are made for the window. For another reader (the terminal of `video-tasks
 * --status`, which has no Preferences to point to and does not try again by itself), what
 * to do is said in that reader's words.
 */
void
vt_error_reword_for_reader (GError        *error,
                            VtErrorReader  who)
{
  static const VtErrorHint hints[] = {
    VT_ERROR_HINT_RETRY, VT_ERROR_HINT_SLOW_DOWN, VT_ERROR_HINT_KEY, VT_ERROR_HINT_HOST,
  };

  g_return_if_fail (error != NULL);

  if (who == VT_ERROR_READER_APP)
    return;

  if (g_str_equal (error->message, no_kind_words (VT_ERROR_READER_APP)))
    {
      g_free (error->message);
      error->message = g_strdup (no_kind_words (who));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
    {
      const char *app = hint_words (VT_ERROR_READER_APP, hints[i]);
      const char *theirs = hint_words (who, hints[i]);
      g_autofree char *message = NULL;

      if (!g_str_has_suffix (error->message, app))
        continue;
      message = g_steal_pointer (&error->message);
      error->message = g_strdup_printf ("%.*s%s", (int) (strlen (message) - strlen (app)),
                                        message, theirs);
      return;
    }
}

/* Errors that mean every query, not only this one, should pause. */
gboolean
vt_error_is_slow_down (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_RATE_LIMITED) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_USAGE_LIMIT);
}

/* Checking cannot go on until the user fixes the key, the region or the account. */
gboolean
vt_error_needs_user (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_AUTH) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_NO_API_KEY) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_INSUFFICIENT_BALANCE) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_HOST) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_KEYRING);
}

/* The same for every task: the network, the key, the host or the account. It is said once
 * for the window, not on each task. */
gboolean
vt_error_is_shared (const GError *error)
{
  return vt_error_needs_user (error) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_NETWORK) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_TIMEOUT);
}

/* Asking about this task again would get the same answer: a bad ID, an unsafe link. */
gboolean
vt_error_is_final_for_task (const GError *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK) ||
         g_error_matches (error, VT_ERROR, VT_ERROR_UNSAFE_LINK);
}

/* The names a task's reason is saved under: fixed words, so that a list stays readable
 * whatever the order of VtError. */
static const char * const code_names[] = {
  [VT_ERROR_NO_API_KEY] = "no-api-key",
  [VT_ERROR_AUTH] = "auth",
  [VT_ERROR_RATE_LIMITED] = "rate-limited",
  [VT_ERROR_INSUFFICIENT_BALANCE] = "insufficient-balance",
  [VT_ERROR_USAGE_LIMIT] = "usage-limit",
  [VT_ERROR_SENSITIVE_INPUT] = "sensitive-input",
  [VT_ERROR_SENSITIVE_OUTPUT] = "sensitive-output",
  [VT_ERROR_INVALID_TASK_ID] = "invalid-task-id",
  [VT_ERROR_SERVER] = "server",
  [VT_ERROR_API] = "api",
  [VT_ERROR_NETWORK] = "network",
  [VT_ERROR_TIMEOUT] = "timeout",
  [VT_ERROR_PROTOCOL] = "protocol",
  [VT_ERROR_UNSAFE_LINK] = "unsafe-link",
  [VT_ERROR_INVALID_HOST] = "invalid-host",
  [VT_ERROR_KEYRING] = "keyring",
  [VT_ERROR_TASK_LIST] = "task-list",
  [VT_ERROR_LINK_EXPIRED] = "link-expired",
  [VT_ERROR_DISK_FULL] = "disk-full",
  [VT_ERROR_SAVE] = "save",
  [VT_ERROR_UNKNOWN_TASK] = "unknown-task",
  [VT_ERROR_TASK_GONE] = "task-gone",
  [VT_ERROR_FILE_TOO_LARGE] = "file-too-large",
  [VT_ERROR_FILE_NOT_READY] = "file-not-ready",
  [VT_ERROR_TASK_FAILED] = "task-failed",
  [VT_ERROR_UNKNOWN_STATUS] = "unknown-status",
  [VT_ERROR_CREATE_RULE] = "create-rule",
};

/* Returns: the saved name of a VtError code, or %NULL for none (-1) or one not known */
const char *
vt_error_code_to_string (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (code_names))
    return NULL;
  return code_names[code];
}

/* Returns: the code saved as @text, or -1 when @text names none this version knows */
int
vt_error_code_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (code_names); i++)
    if (code_names[i] != NULL && g_str_equal (text, code_names[i]))
      return (int) i;
  return -1;
}

static char *
message_of (GError *error)
{
  char *message = g_steal_pointer (&error->message);

  g_error_free (error);
  return message;
}

/**
 * vt_error_describe:
 * @code: a VtError code, as a task keeps it
 * @api_code: MiniMax's error code, or 0
 * @http_status: the HTTP status of the answer, or 0
 * @api_message: (nullable): MiniMax's own words (a status_msg, an H3 failure, a status word)
 *
 * Words the reason a task keeps as codes in the language of now, so that a list saved by a
 * session in another language reads in this one. MiniMax's own words are never translated.
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when the code alone does not
 *   say it (the text kept with it says it then)
 */
char *
vt_error_describe (int          code,
                   int          api_code,
                   guint        http_status,
                   const char  *api_message)
{
  GError *error = NULL;
  gboolean has_message = api_message != NULL && *api_message != '\0';

  switch (code)
    {
    case VT_ERROR_TASK_FAILED:
      if (has_message)
        return g_strdup_printf (_("MiniMax reported that the task failed: %s"), api_message);
      return g_strdup (_("MiniMax reported that the task failed."));

    case VT_ERROR_UNKNOWN_STATUS:
      return g_strdup_printf (_("MiniMax reported a status this app does not know: “%s”."),
                              has_message ? api_message : "");

    case VT_ERROR_TASK_GONE:
      return g_strdup (_("MiniMax no longer keeps this task: it keeps H3 tasks for 7 days."));

    case VT_ERROR_UNKNOWN_TASK:
      vt_error_set_unknown_h3_task (&error);
      return message_of (error);

    case VT_ERROR_FILE_NOT_READY:
      vt_error_set_file_not_ready (&error);
      return message_of (error);

    case VT_ERROR_UNSAFE_LINK:
      return g_strdup (_("MiniMax sent a video link that is not a secure (https) address. "
                         "It was not used."));

    default:
      break;
    }

  if (api_code != 0)
    {
      vt_error_set_from_api_code (&error, api_code, api_message);
      return message_of (error);
    }

  switch (code)
    {
    case VT_ERROR_INVALID_TASK_ID:
      vt_error_set_no_kind (&error);
      return message_of (error);

    case VT_ERROR_SERVER:
      if (http_status >= 500)
        break;
      vt_error_set_missing_for_now (&error, http_status);
      return message_of (error);

    case VT_ERROR_API:
      if (http_status >= 400 && http_status < 500 && has_message)
        return g_strdup_printf (_("MiniMax refused the request (HTTP %u): %s"), http_status,
                                api_message);
      break;

    case VT_ERROR_PROTOCOL:
      if (http_status >= 300 && http_status < 400)
        break;
      /* What was wrong in the answer is in the details; the gist is the same. */
      return vt_error_with_hint (VT_ERROR_HINT_RETRY, _("MiniMax's answer could not be read."));

    default:
      break;
    }

  if (http_status >= 300)
    {
      vt_api_set_http_error (&error, http_status);
      return message_of (error);
    }
  return NULL;
}
