/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-body-stream.h"
#include "vt-client.h"
#include "vt-clock.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-secret.h"

#define READ_CHUNK (64 * 1024)

struct _VtClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *host;
  char        *api_key;
  guint        timeout;
  VtClock     *clock;
  VtGate      *gate;               /* the account's: a new one for another host or key */
  guint        per_minute;         /* the account's cap on queries */
};

G_DEFINE_FINAL_TYPE (VtClient, vt_client, G_TYPE_OBJECT)

static void new_account (VtClient *self);
static void gate_held_cb (VtClient *self);
static void send_request (VtClient *self, const char *method, const char *path, GBytes *body,
                          const char *content_type, VtGateBudget budget, guint deadline_seconds,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data);

enum {
  PROP_0,
  PROP_HOST,
  PROP_TIMEOUT,
  PROP_HELD_UNTIL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* One authorized request to the API host. */
typedef struct
{
  VtHttpRecord  *info;             /* HTTP status, Trace-Id, Retry-After, what GIO said */
  const char    *method;           /* interned */
  char          *path;
  VtGateBudget   budget;
  guint          deadline_seconds;
  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *body;
  GCancellable  *cancellable;      /* ours: cancelled by the caller's or by the deadline */
  GCancellable  *caller_cancellable;
  gulong         caller_cancelled_id;
  GSource       *deadline;
  gboolean       timed_out;
  VtGate        *gate;             /* the one it entered, to leave when done */
} GetData;

static void
get_data_free (GetData *data)
{
  if (data->gate != NULL)
    vt_gate_leave (data->gate, data->budget);
  g_clear_object (&data->gate);
  if (data->deadline != NULL)
    g_source_destroy (data->deadline);
  g_clear_pointer (&data->deadline, g_source_unref);
  if (data->caller_cancelled_id != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->stream);
  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_byte_array_unref);
  if (data->info != NULL)
    vt_http_record_clear (data->info);
  g_clear_pointer (&data->info, g_free);
  g_clear_pointer (&data->path, g_free);
  g_free (data);
}

/* No spaces, controls or raw non-ASCII anywhere (an internationalized name is typed in its
 * xn-- form). */
static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* A DNS name or an address: letters, digits, "-", "_" and "."; an IPv6 literal (GLib gives
 * it without brackets) hex digits, ":" and ".". */
static gboolean
is_host_name (const char *host)
{
  gboolean ipv6 = strchr (host, ':') != NULL;

  if (*host == '\0')
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    {
      if (ipv6 ? !(g_ascii_isxdigit (*p) || *p == ':' || *p == '.')
               : !(g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'))
        return FALSE;
    }
  return TRUE;
}

/**
 * vt_client_normalize_host:
 * @host: what the user or the environment gave, such as `api.minimax.io/`
 *
 * The host is parsed once, by GLib, and every rule runs on what that parse found: the host
 * plain http is allowed for is the one requests go to.
 *
 * Returns: (transfer full): the host as `scheme://authority[/prefix]` without a trailing
 *   slash, or %NULL when it is not a safe place to send the API key to.
 */
char *
vt_client_normalize_host (const char  *host,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *lower_scheme = NULL;
  g_autofree char *lower_host = NULL;
  const char *scheme;
  const char *authority;
  const char *hostname;
  const char *path;
  gsize authority_length;
  gsize len;

  if (host == NULL)
    host = "";

  stripped = g_strstrip (g_strdup (host));
  if (*stripped != '\0' && strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("https://", stripped, NULL);
  else
    with_scheme = g_strdup (stripped);

  /* GLib and browsers disagree about these: in "http://evil.example\@127.0.0.2/" GLib
   * finds the user "evil.example\" and the loopback host 127.0.0.2, a browser the host
   * evil.example (it reads a backslash as a slash). An API host never needs either. Neither
   * message repeats the host: what stands before an "@" may be a password. */
  if (strchr (with_scheme, '\\') != NULL)
    {
      g_set_error_literal (error, VT_ERROR, VT_ERROR_INVALID_HOST,
                           _("The API host is not valid: it has a backslash (\\). "
                             "Use an address such as https://api.minimax.io."));
      return NULL;
    }

  /* Nothing is decoded: "a%2fb" is not a host (GLib would decode it to "a/b", and a host
   * name never needs a %), and a path keeps its escapes, so that normalizing twice gives
   * the same address. */
  authority = strstr (with_scheme, "://");
  authority = authority != NULL ? authority + 3 : with_scheme;
  authority_length = strcspn (authority, "/?#");
  /* Looked for before anything is parsed: the messages below repeat the host, and a value
   * GLib is not even asked to parse (with a % or non-ASCII) may still hold a password. */
  if (memchr (authority, '@', authority_length) != NULL)
    {
      g_set_error_literal (error, VT_ERROR, VT_ERROR_INVALID_HOST,
                           _("The API host is not valid: it has a user name or password "
                             "(before an “@”). Use an address such as https://api.minimax.io."));
      return NULL;
    }
  if (memchr (authority, '%', authority_length) == NULL && is_plain_ascii (with_scheme))
    uri = g_uri_parse (with_scheme, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL ||
      (hostname = g_uri_get_host (uri)) == NULL || !is_host_name (hostname) ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_HOST,
                   _("“%s” is not a valid API host. Use an address such as https://api.minimax.io."),
                   stripped);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (!(g_ascii_strcasecmp (scheme, "https") == 0 ||
        (g_ascii_strcasecmp (scheme, "http") == 0 && vt_api_host_is_loopback (hostname))))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_HOST,
                   _("“%s” is not a secure API host. Use an https:// address "
                     "(plain http:// is allowed only for this computer)."),
                   stripped);
      return NULL;
    }

  path = g_uri_get_path (uri);
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    len--;

  /* Scheme and host name are case-insensitive: one spelling keeps one keyring entry. */
  lower_scheme = g_ascii_strdown (scheme, -1);
  if (strchr (hostname, ':') != NULL)
    lower_host = g_strdup_printf ("[%s]", hostname);   /* an IPv6 literal */
  else
    lower_host = g_ascii_strdown (hostname, -1);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s://%s:%d%.*s", lower_scheme, lower_host, g_uri_get_port (uri),
                            (int) len, path);
  return g_strdup_printf ("%s://%s%.*s", lower_scheme, lower_host, (int) len, path);
}

static void
vt_client_finalize (GObject *object)
{
  VtClient *self = (VtClient *)object;

  g_clear_object (&self->session);
  g_signal_handlers_disconnect_by_func (self->gate, gate_held_cb, self);
  g_clear_object (&self->gate);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->api_key, vt_secret_free);

  G_OBJECT_CLASS (vt_client_parent_class)->finalize (object);
}

static void
vt_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VtClient *self = VT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_HELD_UNTIL:
      g_value_set_int64 (value, vt_gate_get_held_until (self->gate));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VtClient *self = VT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      vt_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_client_class_init (VtClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_client_finalize;
  object_class->get_property = vt_client_get_property;
  object_class->set_property = vt_client_set_property;

  properties [PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, VT_QUERY_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The account's gate's: until when MiniMax asked every request of the account to wait. */
  properties [PROP_HELD_UNTIL] =
    g_param_spec_int64 ("held-until", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_client_init (VtClient *self)
{
  self->timeout = VT_QUERY_TIMEOUT;
  self->clock = g_object_ref (vt_clock_get_system ());
  self->per_minute = VT_DEFAULT_PER_MINUTE;
  new_account (self);
  /* One session for everything: connections to the API host are kept alive and reused. */
  self->session = soup_session_new_with_options ("user-agent", "video-tasks/" PACKAGE_VERSION,
                                                 "timeout", self->timeout,
                                                 "idle-timeout", VT_HTTP_IDLE_TIMEOUT,
                                                 "max-conns-per-host", VT_MAX_IN_FLIGHT,
                                                 NULL);
}

VtClient *
vt_client_new (void)
{
  return g_object_new (VT_TYPE_CLIENT, NULL);
}

SoupSession *
vt_client_get_session (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  return self->session;
}

/* What "now" is for the answers (a Retry-After date) and for those who use them. */
VtClock *
vt_client_get_clock (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  return self->clock;
}

void
vt_client_set_clock (VtClient *self,
                     VtClock  *clock)
{
  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (VT_IS_CLOCK (clock));

  g_set_object (&self->clock, clock);
  vt_gate_set_clock (self->gate, clock);
}

gboolean
vt_client_set_host (VtClient    *self,
                    const char  *host,
                    GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VT_IS_CLIENT (self), FALSE);

  normalized = vt_client_normalize_host (host, error);
  if (normalized == NULL)
    return FALSE;

  if (g_strcmp0 (normalized, self->host) != 0)
    {
      g_free (self->host);
      self->host = g_steal_pointer (&normalized);
      new_account (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HOST]);
    }

  return TRUE;
}

gboolean
vt_client_has_api_key (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), FALSE);
  return self->api_key != NULL;
}

/* Returns: (nullable): the API host, as set */
const char *
vt_client_get_host (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  return self->host;
}

/**
 * vt_client_is_account:
 *
 * Returns: whether @host with @api_key is the account the client works for (its host and
 *   its key): then asking through the client keeps to the account's gate
 */
gboolean
vt_client_is_account (VtClient   *self,
                      const char *host,
                      const char *api_key)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (VT_IS_CLIENT (self), FALSE);

  if (self->host == NULL || self->api_key == NULL || api_key == NULL)
    return FALSE;
  normalized = vt_client_normalize_host (host, NULL);
  return g_strcmp0 (normalized, self->host) == 0 && g_str_equal (api_key, self->api_key);
}

/* Returns: (transfer full) (nullable): the key, to free with vt_secret_free() */
char *
vt_client_dup_api_key (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  return g_strdup (self->api_key);
}

void
vt_client_set_api_key (VtClient   *self,
                       const char *api_key)
{
  char *old;

  g_return_if_fail (VT_IS_CLIENT (self));

  old = g_steal_pointer (&self->api_key);
  if (api_key != NULL)
    {
      char *stripped = g_strstrip (g_strdup (api_key));

      if (*stripped != '\0')
        self->api_key = stripped;
      else
        vt_secret_free (stripped);
    }
  if (g_strcmp0 (old, self->api_key) != 0)
    new_account (self);
  vt_secret_free (old);
}

/**
 * vt_client_get_gate:
 *
 * Returns: (transfer none): the gate every request of the client's account (its host and
 *   key) passes; another host or key has another gate
 */
VtGate *
vt_client_get_gate (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  return self->gate;
}

/* Returns: the monotonic time (µs, on the client's clock) until which MiniMax asked the
 * account to wait; past or 0 when it did not */
gint64
vt_client_get_held_until (VtClient *self)
{
  g_return_val_if_fail (VT_IS_CLIENT (self), 0);
  return vt_gate_get_held_until (self->gate);
}

/* The account's cap on queries a minute (the setting "max-requests-per-minute"). */
void
vt_client_set_per_minute (VtClient *self,
                          guint     per_minute)
{
  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (per_minute > 0);

  self->per_minute = per_minute;
  vt_gate_set_per_minute (self->gate, VT_GATE_QUERY, per_minute);
}

/**
 * vt_client_hold_after:
 * @result: the answer that asked to wait, as its callback got it
 *
 * MiniMax asked the account to wait (a rate-limit answer in a body, which only the caller
 * reads): no request of the account the answer came from starts for @seconds, even when the
 * client has moved to another account since.
 */
void
vt_client_hold_after (VtClient     *self,
                      GAsyncResult *result,
                      guint         seconds)
{
  GetData *data;

  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (g_task_is_valid (result, self));

  data = g_task_get_task_data (G_TASK (result));
  vt_gate_hold (data != NULL && data->gate != NULL ? data->gate : self->gate,
                MIN (seconds, VT_MAX_RETRY_AFTER));
}

void
vt_client_set_timeout (VtClient *self,
                       guint     seconds)
{
  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout != seconds)
    {
      self->timeout = seconds;
      g_object_set (self->session, "timeout", seconds, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIMEOUT]);
    }
}

/* Another host or key is another account, with a budget and holds of its own. Requests
 * already waiting at the old gate keep their place there. */
static void
gate_held_cb (VtClient *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HELD_UNTIL]);
}

static void
new_account (VtClient *self)
{
  if (self->gate != NULL)
    g_signal_handlers_disconnect_by_func (self->gate, gate_held_cb, self);
  g_clear_object (&self->gate);
  self->gate = vt_gate_new (self->clock);
  vt_gate_set_per_minute (self->gate, VT_GATE_QUERY, self->per_minute);
  g_signal_connect_swapped (self->gate, "notify::held-until", G_CALLBACK (gate_held_cb), self);
  /* The new account is not held: whoever showed the old one's wait is told. */
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HELD_UNTIL]);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GetData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);

  return G_SOURCE_REMOVE;
}

/* @what: (transfer full): what happened; the hint says what to do, for whoever reads it */
static void
return_with_hint (GTask       *task,
                  int          code,
                  VtErrorHint  hint,
                  char        *what)
{
  g_autofree char *owned = what;
  g_autofree char *message = vt_error_with_hint (hint, owned);

  g_task_return_new_error (task, VT_ERROR, code, "%s", message);
}

/* Returns: (transfer full) (nullable): the API host as people name it ("api.example.com",
 * "127.0.0.1:8080"), or %NULL for MiniMax's own: those are MiniMax, whatever the name. The
 * host never holds a user name or a key (vt_client_normalize_host() refuses them). */
static char *
custom_host_name (VtClient *self)
{
  g_autoptr(GUri) uri = NULL;

  if (vt_config_region_of_host (self->host) != VT_REGION_CUSTOM)
    return NULL;
  uri = g_uri_parse (self->host, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  if (g_uri_get_port (uri) != -1)
    return g_strdup_printf (strchr (g_uri_get_host (uri), ':') != NULL ? "[%s]:%d" : "%s:%d",
                            g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  GetData *data = g_task_get_task_data (task);
  VtClient *self = g_task_get_source_object (task);

  g_debug ("%s %s failed: %s", data->method, data->path, error->message);
  g_free (data->info->detail);
  data->info->detail = g_strdup (error->message);

  if (data->timed_out ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return_with_hint (task, VT_ERROR_TIMEOUT, VT_ERROR_HINT_RETRY,
                      g_strdup_printf (_("MiniMax did not answer within %u seconds."),
                                       data->deadline_seconds));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  /* In words of ours: GIO's own (already in the debug log) mean little to a user. */
  else if (error->domain == G_TLS_ERROR)
    g_task_return_new_error (task, VT_ERROR, VT_ERROR_NETWORK,
                             _("The secure connection to MiniMax failed. Check the API host, "
                               "or whether your network intercepts secure connections."));
  else
    {
      /* A host of the user's own is named: "Check your network connection" sends them to a
       * network that works, when the host is what is wrong. */
      g_autofree char *host = custom_host_name (self);

      if (error->domain == G_RESOLVER_ERROR && host != NULL)
        g_task_return_new_error (task, VT_ERROR, VT_ERROR_NETWORK,
                                 _("The API host %s could not be found. Check the API host, and "
                                   "your network connection."), host);
      else if (error->domain == G_RESOLVER_ERROR)
        g_task_return_new_error (task, VT_ERROR, VT_ERROR_NETWORK,
                                 _("The API host could not be found. Check your network connection "
                                   "and the API host."));
      else if (host != NULL)
        /* Translators: %s is the API host the user set, such as "api.example.com" */
        g_task_return_new_error (task, VT_ERROR, VT_ERROR_NETWORK,
                                 _("%s cannot be reached. Check the API host, and your network "
                                   "connection."), host);
      else
        g_task_return_new_error (task, VT_ERROR, VT_ERROR_NETWORK,
                                 _("MiniMax cannot be reached. Check your network connection."));
    }

  g_error_free (error);
}

static void
return_too_large (GTask *task)
{
  return_with_hint (task, VT_ERROR_PROTOCOL, VT_ERROR_HINT_HOST,
                    g_strdup_printf (_("MiniMax's answer was larger than %u KiB and was not read."),
                                     (guint) (VT_API_MAX_RESPONSE_SIZE / 1024)));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->body->len + g_bytes_get_size (chunk) > VT_API_MAX_RESPONSE_SIZE)
    {
      return_too_large (task);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  goffset length;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  headers = soup_message_get_response_headers (data->message);
  data->info->status = soup_message_get_status (data->message);
  data->info->trace_id = g_strdup (soup_message_headers_get_one (headers, "Trace-Id"));
  {
    VtClient *self = g_task_get_source_object (task);
    g_autoptr(GDateTime) now = vt_clock_dup_now_utc (self->clock);

    data->info->retry_after =
      vt_api_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"), now);
  }

  g_debug ("%s %s: HTTP %u, Trace-Id %s", data->method, data->path, data->info->status,
           data->info->trace_id ? data->info->trace_id : "(none)");

  /* MiniMax asked to wait: the whole account does, not just this caller. */
  if (data->info->retry_after > 0 || data->info->status == 429 /* Too Many Requests */)
    vt_gate_hold (data->gate, data->info->retry_after > 0 ? data->info->retry_after
                                                         : VT_RATE_LIMIT_HOLD);

  length = soup_message_headers_get_content_length (headers);
  if (length > VT_API_MAX_RESPONSE_SIZE)
    {
      return_too_large (task);
      return;
    }

  data->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, read_cb, g_steal_pointer (&task));
}

/* The account's gate let the request in: it goes now. */
static void
entered_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VtClient *self = g_task_get_source_object (task);
  GetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vt_gate_enter_finish (VT_GATE (object), result, &error))
    {
      return_transport_error (task, error);
      return;
    }
  data->gate = g_object_ref (VT_GATE (object));

  g_debug ("%s %s%s", data->method, self->host, data->path);

  /* The session's timeout covers each socket operation; the deadline covers a server that
   * trickles its answer slowly enough to never trip it. Both start now, past the gate. */
  data->deadline = g_timeout_source_new_seconds (data->deadline_seconds);
  g_source_set_callback (data->deadline, deadline_cb, data, NULL);
  g_source_attach (data->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->cancellable, send_cb, g_steal_pointer (&task));
}

/**
 * vt_client_send_async:
 * @method: "GET", "POST" or "DELETE"
 * @path: the path on the API host, with its query, already escaped
 * @body: (nullable): what to send, as @content_type
 * @budget: what the request spends at the account's gate
 *
 * One request to the API host, with the API key, once the account's gate lets it in. It
 * follows no redirect (the key must not leave the API host), reads at most 64 KiB of
 * answer, and gives up after the client's timeout (an upload's, or a body over 64 KiB, after
 * VT_UPLOAD_TIMEOUT: a creation's pictures are tens of megabytes to send).
 * Every HTTP status is an answer: the caller decides what it means.
 */
void
vt_client_send_async (VtClient            *self,
                      const char          *method,
                      const char          *path,
                      GBytes              *body,
                      const char          *content_type,
                      VtGateBudget         budget,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (VT_IS_CLIENT (self));
  send_request (self, method, path, body, content_type, budget,
                body != NULL && g_bytes_get_size (body) > VT_API_LARGE_BODY ? MAX (self->timeout, VT_UPLOAD_TIMEOUT)
                                                                          : self->timeout,
                cancellable, callback, user_data);
}

static void
send_request (VtClient            *self,
              const char          *method,
              const char          *path,
              GBytes              *body,
              const char          *content_type,
              VtGateBudget         budget,
              guint                deadline_seconds,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  GetData *data;

  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body == NULL || content_type != NULL);
  g_return_if_fail (budget < VT_GATE_N_BUDGETS);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_client_send_async);

  data = g_new0 (GetData, 1);
  data->method = g_intern_string (method);
  data->budget = budget;
  data->deadline_seconds = deadline_seconds;
  data->path = g_strdup (path);
  data->info = g_new0 (VtHttpRecord, 1);
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) get_data_free);

  if (self->host == NULL)
    {
      return_with_hint (task, VT_ERROR_INVALID_HOST, VT_ERROR_HINT_HOST,
                        g_strdup (_("No API host is set.")));
      return;
    }

  if (self->api_key == NULL)
    {
      return_with_hint (task, VT_ERROR_NO_API_KEY, VT_ERROR_HINT_KEY,
                        g_strdup (_("No MiniMax API key is set.")));
      return;
    }

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (data->cancellable),
                                                         g_object_unref);
    }

  /* Whatever waits at the gate meanwhile, the request goes out as it was asked: to this
   * host, with this key. */
  url = g_strconcat (self->host, path, NULL);
  data->message = soup_message_new (data->method, url);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_INVALID_HOST,
                               _("The API host “%s” cannot be used."), self->host);
      return;
    }

  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (data->message);
  authorization = g_strconcat ("Bearer ", self->api_key, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  g_clear_pointer (&authorization, vt_secret_free);
  /* A body of tens of megabytes (a creation's pictures) goes out between frames
   * (vt-body-stream.c). */
  if (body != NULL && g_bytes_get_size (body) > VT_API_LARGE_BODY)
    {
      g_autoptr(GInputStream) stream = vt_body_stream_new (body);

      soup_message_set_request_body (data->message, content_type, stream, (gssize) g_bytes_get_size (body));
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (data->message, content_type, body);

  vt_gate_enter_async (self->gate, budget, data->cancellable, entered_cb, g_steal_pointer (&task));
}

/**
 * vt_client_send_finish:
 * @info: filled with what the answer's headers said (HTTP status, Trace-Id, Retry-After)
 *   and, on failure, what the network library said
 *
 * Returns: (transfer full): the body, whatever the HTTP status; %NULL when no whole answer
 *   arrived (network, timeout, size cap, cancelled)
 */
GBytes *
vt_client_send_finish (VtClient       *self,
                       GAsyncResult   *result,
                       VtHttpRecord   *info,
                       GError        **error)
{
  GetData *data;

  g_return_val_if_fail (VT_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  /* A request refused before it was made (a file over the cap) has nothing to tell. */
  data = g_task_get_task_data (G_TASK (result));
  if (data != NULL)
    {
      guint n_requests = info->n_requests;

      vt_http_record_set (info, data->info);
      info->n_requests = n_requests;
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vt_client_get_async:
 * @path: the path on the API host, with its query, already escaped
 *
 * One GET to the API host, a query of the account's budget (vt_client_send_async()).
 */
void
vt_client_get_async (VtClient            *self,
                     const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  vt_client_send_async (self, "GET", path, NULL, NULL, VT_GATE_QUERY, cancellable, callback,
                        user_data);
}

/**
 * vt_client_post_json_async:
 * @json: the request's JSON text (not copied: a creation's may be tens of megabytes)
 * @budget: %VT_GATE_CREATE_V1 or %VT_GATE_CREATE_H3 to create a task, else %VT_GATE_QUERY
 */
void
vt_client_post_json_async (VtClient            *self,
                           const char          *path,
                           GBytes              *json,
                           VtGateBudget         budget,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  vt_client_send_async (self, "POST", path, json, "application/json", budget, cancellable,
                        callback, user_data);
}

/* One DELETE to the API host, a query of the account's budget. */
void
vt_client_delete_async (VtClient            *self,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  vt_client_send_async (self, "DELETE", path, NULL, NULL, VT_GATE_QUERY, cancellable, callback,
                        user_data);
}

/**
 * vt_client_upload_async:
 * @purpose: what MiniMax keeps the file for, such as "video_generation_input"
 * @filename: the file's name, as MiniMax will list it
 * @content_type: its MIME type
 * @contents: the file, at most VT_UPLOAD_MAX_SIZE bytes
 *
 * Sends a file to /v1/files/upload (multipart/form-data), with the same guarantees as any
 * request, and VT_UPLOAD_TIMEOUT for the whole of it. A file over the cap is not sent.
 */
void
vt_client_upload_async (VtClient            *self,
                        const char          *purpose,
                        const char          *filename,
                        const char          *content_type,
                        GBytes              *contents,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *multipart_type;

  g_return_if_fail (VT_IS_CLIENT (self));
  g_return_if_fail (purpose != NULL && filename != NULL && content_type != NULL);
  g_return_if_fail (contents != NULL);

  if (g_bytes_get_size (contents) > VT_UPLOAD_MAX_SIZE)
    {
      g_task_report_new_error (self, callback, user_data, vt_client_send_async, VT_ERROR,
                               VT_ERROR_FILE_TOO_LARGE,
                               _("The file is larger than %u MB, the most MiniMax takes."),
                               (guint) (VT_UPLOAD_MAX_SIZE / (1024 * 1024)));
      return;
    }

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "purpose", purpose);
  soup_multipart_append_form_file (multipart, "file", filename, content_type, contents);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &body);
  multipart_type = soup_message_headers_get_one (headers, "Content-Type");
  send_request (self, "POST", VT_API_UPLOAD_PATH, body, multipart_type, VT_GATE_QUERY,
                VT_UPLOAD_TIMEOUT, cancellable, callback, user_data);
}

/* As vt_client_send_finish(), for vt_client_get_async(). */
GBytes *
vt_client_get_finish (VtClient       *self,
                      GAsyncResult   *result,
                      VtHttpRecord   *info,
                      GError        **error)
{
  return vt_client_send_finish (self, result, info, error);
}
