/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VT_ERROR (vt_error_quark ())

/* Each code names what the user has to know or do, not where it came from. */
typedef enum
{
  VT_ERROR_NO_API_KEY,
  VT_ERROR_AUTH,
  VT_ERROR_RATE_LIMITED,
  VT_ERROR_INSUFFICIENT_BALANCE,
  VT_ERROR_USAGE_LIMIT,
  VT_ERROR_SENSITIVE_INPUT,
  VT_ERROR_SENSITIVE_OUTPUT,
  VT_ERROR_INVALID_TASK_ID,
  VT_ERROR_SERVER,
  VT_ERROR_API,
  VT_ERROR_NETWORK,
  VT_ERROR_TIMEOUT,
  VT_ERROR_PROTOCOL,
  VT_ERROR_UNSAFE_LINK,
  VT_ERROR_INVALID_HOST,
  VT_ERROR_KEYRING,
  VT_ERROR_TASK_LIST,
  VT_ERROR_LINK_EXPIRED,
  VT_ERROR_DISK_FULL,
  VT_ERROR_SAVE,
  VT_ERROR_UNKNOWN_TASK,   /* this endpoint does not know the task (see vt_api_is_unknown_task) */
  VT_ERROR_FILE_NOT_READY, /* a Hailuo task succeeded, but its video's file could not be had */
  VT_ERROR_TASK_FAILED,    /* not an error of the check: MiniMax says the task failed */
  VT_ERROR_UNKNOWN_STATUS, /* not an error of the check: a status this app does not know */
  VT_ERROR_TASK_GONE,      /* not an error of the check: MiniMax no longer keeps the task */
  VT_ERROR_FILE_TOO_LARGE, /* a file larger than MiniMax takes was not sent */
  VT_ERROR_CREATE_RULE,    /* a creation breaks one of MiniMax's published rules: not sent */
} VtError;

/* What a person can do about an error, in the words of where they read it. */
typedef enum
{
  VT_ERROR_HINT_RETRY,      /* it may work later */
  VT_ERROR_HINT_SLOW_DOWN,  /* MiniMax asked to wait */
  VT_ERROR_HINT_KEY,        /* the key, or its region */
  VT_ERROR_HINT_HOST,       /* the API host */
} VtErrorHint;

/* Who reads the messages: the window, or the terminal of `video-tasks --status`. */
typedef enum
{
  VT_ERROR_READER_APP,
  VT_ERROR_READER_COMMAND_LINE,
} VtErrorReader;

GQuark   vt_error_quark            (void);
char    *vt_error_with_hint        (VtErrorHint   hint,
                                    const char   *what);
void     vt_error_set_from_api_code (GError     **error,
                                     int          api_code,
                                     const char  *status_msg);
void     vt_error_set_no_kind      (GError     **error);
void     vt_error_set_file_not_ready (GError   **error);
void     vt_error_set_unknown_h3_task (GError  **error);
void     vt_error_set_missing_for_now (GError  **error,
                                       guint     http_status);
void     vt_error_set_list_unavailable (GError **error,
                                        guint    http_status);
void     vt_error_reword_asked_once (GError    *error);
void     vt_error_reword_for_reader (GError      *error,
                                     VtErrorReader who);
gboolean vt_error_is_slow_down     (const GError *error);
gboolean vt_error_needs_user       (const GError *error);
gboolean vt_error_is_shared        (const GError *error);
gboolean vt_error_is_final_for_task (const GError *error);
const char *vt_error_code_to_string (int          code);
int      vt_error_code_from_string (const char   *text);
char    *vt_error_describe         (int          code,
                                    int          api_code,
                                    guint        http_status,
                                    const char  *api_message);

G_END_DECLS
