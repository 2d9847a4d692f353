/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task"

#include "config.h"

#include "vt-api.h"
#include "vt-enums.h"
#include "vt-error.h"
#include "vt-task-private.h"
#include "vt-task-asked.h"

/* The saved strings are GRefStrings: a save's snapshot of a task takes a reference to each
 * (vt_task_get_fields()) instead of a copy. */
struct _VtTask
{
  GObject       parent_instance;

  char         *id;
  char         *label;
  VtTaskKind    kind;
  VtTaskStatus  status;
  char         *video_url;
  char         *backup_url;     /* Hailuo's backup_download_url, tried when the link fails */
  GDateTime    *link_issued;
  GDateTime    *added;
  GDateTime    *created;        /* H3: when MiniMax made it (created_at), or NULL */
  GDateTime    *last_checked;
  char         *last_error;
  /* What last_error says, as codes, to word it in the language of the day (vt-task-words.c) */
  int           error_code;     /* a VtError code, or -1: only the text is known */
  guint         error_http_status;
  char         *error_words;    /* MiniMax's own words in it, never translated */
  char         *error_details;  /* for "Copy Details"; not saved */
  int           api_code;
  gboolean      check_failed;
  char         *file_path;
  VtTaskAsked  *asked;          /* made in this app: what was asked; else NULL */
  VtTaskWatchFunc watch;        /* the list that holds the task */
  gpointer      watch_data;
};

G_DEFINE_FINAL_TYPE (VtTask, vt_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_KIND,
  PROP_STATUS,
  PROP_VIDEO_URL,
  PROP_BACKUP_URL,
  PROP_LINK_ISSUED,
  PROP_ADDED,
  PROP_LAST_CHECKED,
  PROP_LAST_ERROR,
  PROP_ERROR_DETAILS,
  PROP_API_CODE,
  PROP_CHECK_FAILED,
  PROP_FILE_PATH,
  PROP_CREATED,
  PROP_ASKED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* g_set_str() arrived in GLib 2.76, above our floor. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* As set_str(), for a saved string: kept as a GRefString. */
static gboolean
set_ref_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_clear_pointer (field, g_ref_string_release);
  *field = value != NULL ? g_ref_string_new (value) : NULL;
  return TRUE;
}

/* A change: told to the list that holds the task, then as ::notify. The watcher is called
 * directly, not from a ::notify class handler: with one, GLib emits every notification even
 * with nobody connected, and reading 10,000 tasks (a dozen setters each) took twice as long. */
static void
changed (VtTask     *self,
         GParamSpec *pspec)
{
  if (self->watch != NULL)
    self->watch (self, pspec, self->watch_data);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static void
set_date_time (VtTask     *self,
               GDateTime **field,
               GDateTime  *value,
               GParamSpec *pspec)
{
  if (date_time_equal0 (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  changed (self, pspec);
}

static void
vt_task_finalize (GObject *object)
{
  VtTask *self = (VtTask *)object;

  g_clear_pointer (&self->id, g_ref_string_release);
  g_clear_pointer (&self->label, g_ref_string_release);
  g_clear_pointer (&self->video_url, g_ref_string_release);
  g_clear_pointer (&self->backup_url, g_ref_string_release);
  g_clear_pointer (&self->link_issued, g_date_time_unref);
  g_clear_pointer (&self->added, g_date_time_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_ref_string_release);
  g_clear_pointer (&self->error_words, g_ref_string_release);
  g_clear_pointer (&self->error_details, g_free);
  g_clear_pointer (&self->asked, vt_task_asked_unref);
  g_clear_pointer (&self->file_path, g_ref_string_release);

  G_OBJECT_CLASS (vt_task_parent_class)->finalize (object);
}

static void
vt_task_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VtTask *self = VT_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_VIDEO_URL:
      g_value_set_string (value, self->video_url);
      break;
    case PROP_BACKUP_URL:
      g_value_set_string (value, self->backup_url);
      break;
    case PROP_LINK_ISSUED:
      g_value_set_boxed (value, self->link_issued);
      break;
    case PROP_ADDED:
      g_value_set_boxed (value, self->added);
      break;
    case PROP_LAST_CHECKED:
      g_value_set_boxed (value, self->last_checked);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_ERROR_DETAILS:
      g_value_set_string (value, self->error_details);
      break;
    case PROP_API_CODE:
      g_value_set_int (value, self->api_code);
      break;
    case PROP_CHECK_FAILED:
      g_value_set_boolean (value, self->check_failed);
      break;
    case PROP_FILE_PATH:
      g_value_set_string (value, self->file_path);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_ASKED:
      g_value_set_boxed (value, self->asked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_task_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  VtTask *self = VT_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_ref_string_new (g_value_get_string (value));
      break;
    case PROP_LABEL:
      vt_task_set_label (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      vt_task_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_STATUS:
      vt_task_set_status (self, g_value_get_enum (value));
      break;
    case PROP_ADDED:
      vt_task_set_added (self, g_value_get_boxed (value));
      break;
    case PROP_LAST_CHECKED:
      vt_task_set_last_checked (self, g_value_get_boxed (value));
      break;
    case PROP_LAST_ERROR:
      vt_task_set_last_error (self, g_value_get_string (value));
      break;
    case PROP_API_CODE:
      vt_task_set_api_code (self, g_value_get_int (value));
      break;
    case PROP_CHECK_FAILED:
      vt_task_set_check_failed (self, g_value_get_boolean (value));
      break;
    case PROP_FILE_PATH:
      vt_task_set_file_path (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      vt_task_set_created (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_task_class_init (VtTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_task_finalize;
  object_class->get_property = vt_task_get_property;
  object_class->set_property = vt_task_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ASKED] =
    g_param_spec_boxed ("asked", NULL, NULL, VT_TYPE_TASK_ASKED,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       VT_TYPE_TASK_STATUS, VT_TASK_STATUS_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       VT_TYPE_TASK_KIND, VT_TASK_KIND_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_VIDEO_URL] =
    g_param_spec_string ("video-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_BACKUP_URL] =
    g_param_spec_string ("backup-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_LINK_ISSUED] =
    g_param_spec_boxed ("link-issued", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_ADDED] =
    g_param_spec_boxed ("added", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAST_CHECKED] =
    g_param_spec_boxed ("last-checked", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* What MiniMax's support asks about the last failed check: Trace-Id, HTTP status, codes,
   * and what the network library said; never shown as is, only copied on request. */
  properties [PROP_ERROR_DETAILS] =
    g_param_spec_string ("error-details", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_API_CODE] =
    g_param_spec_int ("api-code", NULL, NULL, G_MININT, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The last query failed (network, server, key…); last-error says why. */
  properties [PROP_CHECK_FAILED] =
    g_param_spec_boolean ("check-failed", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Where the video was saved, once downloaded. */
  properties [PROP_FILE_PATH] =
    g_param_spec_string ("file-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* When MiniMax made the task, as it says (H3's created_at): what its 7 days count from. */
  properties [PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_task_init (VtTask *self)
{
  self->status = VT_TASK_STATUS_UNKNOWN;
  self->error_code = -1;
}

VtTask *
vt_task_new (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (VT_TYPE_TASK, "id", id, NULL);
}

/**
 * vt_task_set_watch:
 * @func: (nullable): called on each change of @self; %NULL to stop
 *
 * The one watcher of a task: the list that holds it. A list of 10,000 tasks connecting a
 * ::notify handler to each spent milliseconds on that alone before its first frame; this is
 * a pointer.
 */
void
vt_task_set_watch (VtTask          *self,
                   VtTaskWatchFunc  func,
                   gpointer         user_data)
{
  g_return_if_fail (VT_IS_TASK (self));
  g_return_if_fail (func == NULL || self->watch == NULL);

  self->watch = func;
  self->watch_data = func != NULL ? user_data : NULL;
}

const char *
vt_task_get_id (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->id;
}

const char *
vt_task_get_label (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->label;
}

/* Every label comes through here (the rename dialog, the saved list, anything that sets
 * one), so this is where it is capped: a row sized for megabytes of text crashed the app
 * at start (X BadAlloc). */
void
vt_task_set_label (VtTask     *self,
                   const char *label)
{
  g_autofree char *capped = NULL;

  g_return_if_fail (VT_IS_TASK (self));

  if (label != NULL && *label == '\0')
    label = NULL;

  if (label != NULL)
    {
      const char *end = label;

      /* Whole characters only; g_utf8_find_next_char() stops at the end even in bytes
       * that are not UTF-8. */
      for (guint n = 0; n < VT_MAX_LABEL_CHARS && *end != '\0'; n++)
        end = g_utf8_find_next_char (end, NULL);
      if (*end != '\0')
        label = capped = g_strndup (label, end - label);
    }

  if (set_ref_str (&self->label, label))
    changed (self, properties [PROP_LABEL]);
}

VtTaskKind
vt_task_get_kind (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), VT_TASK_KIND_UNKNOWN);
  return self->kind;
}

void
vt_task_set_kind (VtTask     *self,
                  VtTaskKind  kind)
{
  g_return_if_fail (VT_IS_TASK (self));
  g_return_if_fail (kind <= VT_TASK_KIND_H3);

  if (self->kind != kind)
    {
      self->kind = kind;
      changed (self, properties [PROP_KIND]);
    }
}

/**
 * vt_task_set_kind_by_hand:
 *
 * The user says what the task is. What was learned of it at another endpoint (its status,
 * link, MiniMax's creation time, the last check and its error) is not the new kind's: it is
 * forgotten, so that nothing is judged by it (a status of Video Agent's taken for an H3
 * task MiniMax once knew, say) until the new kind's endpoint answers.
 */
void
vt_task_set_kind_by_hand (VtTask     *self,
                          VtTaskKind  kind)
{
  g_return_if_fail (VT_IS_TASK (self));
  g_return_if_fail (kind <= VT_TASK_KIND_H3);

  if (self->kind == kind)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  vt_task_set_kind (self, kind);
  vt_task_set_status (self, VT_TASK_STATUS_UNKNOWN);
  vt_task_set_video_url (self, NULL, NULL);
  vt_task_set_backup_url (self, NULL);
  vt_task_set_created (self, NULL);
  vt_task_set_last_checked (self, NULL);
  vt_task_set_last_error (self, NULL);
  vt_task_set_error_code (self, -1, 0, NULL);
  vt_task_set_check_failed (self, FALSE);
  vt_task_set_api_code (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

VtTaskStatus
vt_task_get_status (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), VT_TASK_STATUS_UNKNOWN);
  return self->status;
}

void
vt_task_set_status (VtTask       *self,
                    VtTaskStatus  status)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (self->status != status)
    {
      self->status = status;
      changed (self, properties [PROP_STATUS]);
    }
}

const char *
vt_task_get_video_url (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->video_url;
}

GDateTime *
vt_task_get_link_issued (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->link_issued;
}

/* The link and the moment it was issued travel together: the link expires some time after
 * (vt_task_kind_link_lifetime(): 9 hours for Video Agent, about an hour for Hailuo and H3).
 * A link that breaks the one link rule (a saved list's file:// or javascript:) is dropped:
 * the task then has no link, which is asked for again when needed, as an expired one is. */
void
vt_task_set_video_url (VtTask     *self,
                       const char *video_url,
                       GDateTime  *issued)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (video_url != NULL && !vt_api_link_is_safe (video_url))
    video_url = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (set_ref_str (&self->video_url, video_url))
    changed (self, properties [PROP_VIDEO_URL]);
  set_date_time (self, &self->link_issued, video_url != NULL ? issued : NULL,
                 properties [PROP_LINK_ISSUED]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vt_task_get_backup_url (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->backup_url;
}

/* Goes with the link: set after vt_task_set_video_url(), cleared with it. */
void
vt_task_set_backup_url (VtTask     *self,
                        const char *backup_url)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (backup_url != NULL && !vt_api_link_is_safe (backup_url))
    backup_url = NULL;

  if (set_ref_str (&self->backup_url, backup_url))
    changed (self, properties [PROP_BACKUP_URL]);
}

GDateTime *
vt_task_get_added (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->added;
}

void
vt_task_set_added (VtTask    *self,
                   GDateTime *added)
{
  g_return_if_fail (VT_IS_TASK (self));
  set_date_time (self, &self->added, added, properties [PROP_ADDED]);
}

GDateTime *
vt_task_get_created (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->created;
}

void
vt_task_set_created (VtTask    *self,
                     GDateTime *created)
{
  g_return_if_fail (VT_IS_TASK (self));
  set_date_time (self, &self->created, created, properties [PROP_CREATED]);
}

GDateTime *
vt_task_get_last_checked (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->last_checked;
}

void
vt_task_set_last_checked (VtTask    *self,
                          GDateTime *last_checked)
{
  g_return_if_fail (VT_IS_TASK (self));
  set_date_time (self, &self->last_checked, last_checked, properties [PROP_LAST_CHECKED]);
}

const char *
vt_task_get_last_error (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->last_error;
}

void
vt_task_set_last_error (VtTask     *self,
                        const char *last_error)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (set_ref_str (&self->last_error, last_error))
    changed (self, properties [PROP_LAST_ERROR]);
}

int
vt_task_get_error_code (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), -1);
  return self->error_code;
}

guint
vt_task_get_error_http_status (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), 0);
  return self->error_http_status;
}

const char *
vt_task_get_error_words (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->error_words;
}

/**
 * vt_task_set_error_code:
 * @code: the VtError code of what last-error says, or -1 when there is none
 * @http_status: the HTTP status of the answer it came from, or 0
 * @words: (nullable): MiniMax's own words in it
 *
 * Keeps what last-error says as codes, with api-code: the reason is worded from them when
 * shown (vt_task_dup_reason()). Told as a change of last-error.
 */
void
vt_task_set_error_code (VtTask     *self,
                        int         code,
                        guint       http_status,
                        const char *words)
{
  gboolean words_changed;

  g_return_if_fail (VT_IS_TASK (self));

  code = MAX (code, -1);
  words_changed = set_ref_str (&self->error_words, words);
  if (words_changed || self->error_code != code || self->error_http_status != http_status)
    {
      self->error_code = code;
      self->error_http_status = http_status;
      changed (self, properties [PROP_LAST_ERROR]);
    }
}

int
vt_task_get_api_code (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), 0);
  return self->api_code;
}

void
vt_task_set_api_code (VtTask *self,
                      int     api_code)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (self->api_code != api_code)
    {
      self->api_code = api_code;
      changed (self, properties [PROP_API_CODE]);
    }
}

gboolean
vt_task_get_check_failed (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), FALSE);
  return self->check_failed;
}

void
vt_task_set_check_failed (VtTask   *self,
                          gboolean  check_failed)
{
  g_return_if_fail (VT_IS_TASK (self));

  check_failed = !!check_failed;
  if (self->check_failed != check_failed)
    {
      self->check_failed = check_failed;
      changed (self, properties [PROP_CHECK_FAILED]);
    }
}

const char *
vt_task_get_file_path (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->file_path;
}

/* What a downloaded video may be called: what the app names its files (.mp4, for downloads
 * and as Save As suggests) and the names a user may give a video in Save As. Each opens in a
 * video player; none is a launcher, script or program the desktop would run. */
static const char * const video_extensions[] = { ".mp4", ".m4v", ".mov", ".mkv", ".webm" };

/**
 * vt_task_file_path_is_safe:
 * @file_path: (nullable): where a task's video was saved, from a download, Save As or the
 *   saved list
 *
 * The one rule for saved file paths, as vt_api_link_is_safe() is for links: the task holds
 * only paths that pass it (vt_task_set_file_path()), and the window checks it once more
 * before Open hands the file to the launcher. An edited or hostile list could otherwise
 * point Open at a .desktop launcher or a script.
 *
 * Returns: whether @file_path is absolute, valid UTF-8 without control characters, and names
 *   a video by its extension (case aside)
 */
gboolean
vt_task_file_path_is_safe (const char *file_path)
{
  size_t length;

  if (file_path == NULL || !g_path_is_absolute (file_path) ||
      !g_utf8_validate (file_path, -1, NULL))
    return FALSE;

  for (const char *p = file_path; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  length = strlen (file_path);
  for (guint i = 0; i < G_N_ELEMENTS (video_extensions); i++)
    {
      size_t extension = strlen (video_extensions[i]);

      /* Something before the extension that is not the folder's slash: "/x/.mp4" is no name. */
      if (length > extension + 1 && file_path[length - extension - 1] != '/' &&
          g_ascii_strcasecmp (file_path + length - extension, video_extensions[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A path that breaks the rule (a saved list's "/tmp/x/evil.desktop" or "relative.mp4") is
 * dropped: the task then has no saved file, and Open uses its link. */
void
vt_task_set_file_path (VtTask     *self,
                       const char *file_path)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (file_path != NULL && !vt_task_file_path_is_safe (file_path))
    {
      g_debug ("Task %s: dropped a saved file path that is not a video's", self->id);
      file_path = NULL;
    }

  if (set_ref_str (&self->file_path, file_path))
    changed (self, properties [PROP_FILE_PATH]);
}

/**
 * vt_task_dup_link_expiry:
 *
 * Returns: (transfer full) (nullable): when the video link stops working
 */
GDateTime *
vt_task_dup_link_expiry (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);

  if (self->video_url == NULL || self->link_issued == NULL)
    return NULL;
  return g_date_time_add (self->link_issued, vt_task_kind_link_lifetime (self->kind));
}

/* Expired, or about to: a link with less than a minute left is not worth starting with. */
gboolean
vt_task_link_is_expired (VtTask    *self,
                         GDateTime *now)
{
  g_autoptr(GDateTime) expiry = NULL;

  g_return_val_if_fail (VT_IS_TASK (self), TRUE);

  expiry = vt_task_dup_link_expiry (self);
  return expiry == NULL || g_date_time_difference (expiry, now) < G_TIME_SPAN_MINUTE;
}

/**
 * vt_task_get_fields:
 * @fields: (out caller-allocates): a reference to each saved field; free with
 *   vt_task_fields_clear()
 *
 * What the task list saves of @self, as it is now, without copying a string: the strings
 * and dates are immutable, so that another thread may read them.
 */
void
vt_task_get_fields (VtTask       *self,
                    VtTaskFields *fields)
{
  g_return_if_fail (VT_IS_TASK (self));

#define REF_STR(s) ((s) != NULL ? g_ref_string_acquire (s) : NULL)
#define REF_DATE(d) ((d) != NULL ? g_date_time_ref (d) : NULL)
  fields->id = g_ref_string_acquire (self->id);
  fields->label = REF_STR (self->label);
  fields->video_url = REF_STR (self->video_url);
  fields->backup_url = REF_STR (self->backup_url);
  fields->last_error = REF_STR (self->last_error);
  fields->error_words = REF_STR (self->error_words);
  fields->file_path = REF_STR (self->file_path);
  fields->link_issued = REF_DATE (self->link_issued);
  fields->added = REF_DATE (self->added);
  fields->created = REF_DATE (self->created);
  fields->last_checked = REF_DATE (self->last_checked);
#undef REF_STR
#undef REF_DATE
  fields->kind = self->kind;
  fields->status = self->status;
  fields->error_code = self->error_code;
  fields->error_http_status = self->error_http_status;
  fields->api_code = self->api_code;
  fields->check_failed = self->check_failed;
  fields->asked = self->asked != NULL ? vt_task_asked_ref (self->asked) : NULL;
}

void
vt_task_fields_clear (VtTaskFields *fields)
{
  g_clear_pointer (&fields->id, g_ref_string_release);
  g_clear_pointer (&fields->label, g_ref_string_release);
  g_clear_pointer (&fields->video_url, g_ref_string_release);
  g_clear_pointer (&fields->backup_url, g_ref_string_release);
  g_clear_pointer (&fields->last_error, g_ref_string_release);
  g_clear_pointer (&fields->error_words, g_ref_string_release);
  g_clear_pointer (&fields->file_path, g_ref_string_release);
  g_clear_pointer (&fields->link_issued, g_date_time_unref);
  g_clear_pointer (&fields->added, g_date_time_unref);
  g_clear_pointer (&fields->created, g_date_time_unref);
  g_clear_pointer (&fields->last_checked, g_date_time_unref);
  g_clear_pointer (&fields->asked, vt_task_asked_unref);
}

/**
 * vt_task_get_asked:
 *
 * Returns: (transfer none) (nullable): what the task was asked to be, when it was made in
 *   this app (New Video); %NULL for a task added by its ID
 */
const VtTaskAsked *
vt_task_get_asked (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);

  return self->asked;
}

/**
 * vt_task_set_asked:
 * @asked: (nullable): what it was asked to be
 */
void
vt_task_set_asked (VtTask      *self,
                   VtTaskAsked *asked)
{
  g_return_if_fail (VT_IS_TASK (self));

  if (vt_task_asked_equal (self->asked, asked))
    return;
  g_clear_pointer (&self->asked, vt_task_asked_unref);
  self->asked = asked != NULL ? vt_task_asked_ref (asked) : NULL;
  changed (self, properties [PROP_ASKED]);
}

gboolean
vt_task_is_finished (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), FALSE);
  return vt_task_status_is_final (self->status);
}

/* Known to be being made: MiniMax said Preparing or Processing. A task not checked yet, or
 * in a status the app does not know, is unfinished but not known to be in progress. */
gboolean
vt_task_is_in_progress (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), FALSE);
  return self->status == VT_TASK_STATUS_PREPARING || self->status == VT_TASK_STATUS_QUEUEING ||
         self->status == VT_TASK_STATUS_PROCESSING;
}

const char *
vt_task_get_error_details (VtTask *self)
{
  g_return_val_if_fail (VT_IS_TASK (self), NULL);
  return self->error_details;
}

/* "Trace-Id: …", "HTTP 503", "API code 1000 (…)", "Network: …", a line each. */
static void
set_error_details (VtTask              *self,
                   const VtQueryResult *result)
{
  g_autoptr(GString) details = g_string_new (NULL);

  if (result != NULL && result->http.trace_id != NULL)
    g_string_append_printf (details, "Trace-Id: %s\n", result->http.trace_id);
  if (result != NULL && result->http.status != 0)
    g_string_append_printf (details, "HTTP %u\n", result->http.status);
  if (result != NULL && result->api_code != 0)
    g_string_append_printf (details, "API code %d (%s)\n", result->api_code,
                            result->api_message != NULL ? result->api_message : "");
  if (result != NULL && result->http.detail != NULL)
    g_string_append_printf (details, "Network: %s\n", result->http.detail);

  if (set_str (&self->error_details, details->len > 0 ? details->str : NULL))
    changed (self, properties [PROP_ERROR_DETAILS]);
}

/**
 * vt_task_apply_result:
 * @result: (nullable): what the API answered, if it answered at all
 * @error: (nullable): why the check failed
 *
 * Records the outcome of one query. A failed check keeps the last known status and link,
 * so an outage never makes a finished task look unfinished.
 */
void
vt_task_apply_result (VtTask              *self,
                      const VtQueryResult *result,
                      const GError        *error,
                      GDateTime           *now)
{
  g_return_if_fail (VT_IS_TASK (self));
  g_return_if_fail (now != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  vt_task_set_last_checked (self, now);
  vt_task_set_api_code (self, result != NULL ? result->api_code : 0);

  if (error != NULL)
    {
      vt_task_set_check_failed (self, TRUE);
      vt_task_set_last_error (self, error->message);
      vt_task_set_error_code (self, error->domain == VT_ERROR ? error->code : -1,
                              result != NULL ? result->http.status : 0,
                              result != NULL ? result->api_message : NULL);
      set_error_details (self, result);
    }
  else if (result != NULL)
    {
      vt_task_set_check_failed (self, FALSE);
      vt_task_set_status (self, result->status);
      vt_task_set_last_error (self, result->message);
      if (result->message != NULL)
        vt_task_set_error_code (self, result->message_code, 0, result->message_words);
      else
        vt_task_set_error_code (self, -1, 0, NULL);
      set_error_details (self, NULL);

      if (result->video_url == NULL)
        vt_task_set_video_url (self, NULL, NULL);
      else if (g_strcmp0 (result->video_url, self->video_url) != 0)
        vt_task_set_video_url (self, result->video_url, now);
      vt_task_set_backup_url (self, result->backup_url);
      if (result->created != NULL)
        vt_task_set_created (self, result->created);
    }

  /* What detection found out is kept, whatever else the answer said. */
  if (result != NULL && result->kind != VT_TASK_KIND_UNKNOWN)
    vt_task_set_kind (self, result->kind);

  g_object_thaw_notify (G_OBJECT (self));
}
