/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Video Agent links are valid for 9 hours from when they are issued. */
#define VT_LINK_LIFETIME (9 * G_TIME_SPAN_HOUR)
/* Hailuo (v1) download links for 1 hour; H3 (v2) says only "time-limited": 1 hour too. */
#define VT_LINK_LIFETIME_SHORT (1 * G_TIME_SPAN_HOUR)
/* MiniMax keeps H3 tasks for 7 days. */
#define VT_H3_KEPT_DAYS 7

/* One vocabulary for every kind; the v2 words (queued, running…) map onto it. */
typedef enum
{
  VT_TASK_STATUS_UNKNOWN,
  VT_TASK_STATUS_PREPARING,
  VT_TASK_STATUS_PROCESSING,
  VT_TASK_STATUS_SUCCESS,
  VT_TASK_STATUS_FAIL,
  VT_TASK_STATUS_QUEUEING,
  VT_TASK_STATUS_CANCELLED,
} VtTaskStatus;

/* Which MiniMax endpoint knows the task. UNKNOWN: not found out yet (asked in turn). */
typedef enum
{
  VT_TASK_KIND_UNKNOWN,
  VT_TASK_KIND_AGENT,   /* Video Agent, /v1/query/video_template_generation */
  VT_TASK_KIND_VIDEO,   /* Hailuo, /v1/query/video_generation */
  VT_TASK_KIND_H3,      /* MiniMax-H3, /v2/query/video_generation/{id} */
} VtTaskKind;

#define VT_TYPE_TASK (vt_task_get_type ())

G_DECLARE_FINAL_TYPE (VtTask, vt_task, VT, TASK, GObject)

/* Told of each change of a task (a property that changed), before its ::notify handlers and
 * even while its notifications are held back (g_object_freeze_notify()). */
typedef void (*VtTaskWatchFunc) (VtTask     *task,
                                 GParamSpec *pspec,
                                 gpointer    user_data);

VtTaskStatus  vt_task_status_from_string (const char    *text);
const char   *vt_task_status_to_string   (VtTaskStatus   status);
gboolean      vt_task_status_is_final    (VtTaskStatus   status);
const char   *vt_task_kind_to_string     (VtTaskKind     kind);
gboolean      vt_task_kind_from_string   (const char    *text,
                                          VtTaskKind    *kind);
GTimeSpan     vt_task_kind_link_lifetime (VtTaskKind     kind);

VtTask       *vt_task_new                (const char    *id);
void          vt_task_set_watch          (VtTask        *self,
                                          VtTaskWatchFunc func,
                                          gpointer       user_data);
const char   *vt_task_get_id             (VtTask        *self);
const char   *vt_task_get_label          (VtTask        *self);
void          vt_task_set_label          (VtTask        *self,
                                          const char    *label);
VtTaskKind    vt_task_get_kind           (VtTask        *self);
void          vt_task_set_kind           (VtTask        *self,
                                          VtTaskKind     kind);
void          vt_task_set_kind_by_hand   (VtTask        *self,
                                          VtTaskKind     kind);
VtTaskStatus  vt_task_get_status         (VtTask        *self);
void          vt_task_set_status         (VtTask        *self,
                                          VtTaskStatus   status);
const char   *vt_task_get_video_url      (VtTask        *self);
GDateTime    *vt_task_get_link_issued    (VtTask        *self);
void          vt_task_set_video_url      (VtTask        *self,
                                          const char    *video_url,
                                          GDateTime     *issued);
const char   *vt_task_get_backup_url     (VtTask        *self);
void          vt_task_set_backup_url     (VtTask        *self,
                                          const char    *backup_url);
GDateTime    *vt_task_get_added          (VtTask        *self);
void          vt_task_set_added          (VtTask        *self,
                                          GDateTime     *added);
GDateTime    *vt_task_get_created        (VtTask        *self);
void          vt_task_set_created        (VtTask        *self,
                                          GDateTime     *created);
GDateTime    *vt_task_get_last_checked   (VtTask        *self);
void          vt_task_set_last_checked   (VtTask        *self,
                                          GDateTime     *last_checked);
const char   *vt_task_get_last_error     (VtTask        *self);
const char   *vt_task_get_error_details  (VtTask        *self);
void          vt_task_set_last_error     (VtTask        *self,
                                          const char    *last_error);
gboolean      vt_task_get_check_failed   (VtTask        *self);
void          vt_task_set_check_failed   (VtTask        *self,
                                          gboolean       check_failed);
int           vt_task_get_error_code     (VtTask        *self);
guint         vt_task_get_error_http_status (VtTask     *self);
const char   *vt_task_get_error_words    (VtTask        *self);
void          vt_task_set_error_code     (VtTask        *self,
                                          int            code,
                                          guint          http_status,
                                          const char    *words);
char         *vt_task_dup_reason         (VtTask        *self);
int           vt_task_get_api_code       (VtTask        *self);
void          vt_task_set_api_code       (VtTask        *self,
                                          int            api_code);
const char   *vt_task_get_file_path      (VtTask        *self);
void          vt_task_set_file_path      (VtTask        *self,
                                          const char    *file_path);
gboolean      vt_task_file_path_is_safe  (const char    *file_path);
GDateTime    *vt_task_dup_link_expiry    (VtTask        *self);
gboolean      vt_task_link_is_expired    (VtTask        *self,
                                          GDateTime     *now);
gboolean      vt_task_is_finished        (VtTask        *self);
gboolean      vt_task_is_in_progress     (VtTask        *self);

G_END_DECLS
