/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* MiniMax's video links are valid for 9 hours from when they are issued. */
#define VT_LINK_LIFETIME (9 * G_TIME_SPAN_HOUR)

typedef enum
{
  VT_TASK_STATUS_UNKNOWN,
  VT_TASK_STATUS_PREPARING,
  VT_TASK_STATUS_PROCESSING,
  VT_TASK_STATUS_SUCCESS,
  VT_TASK_STATUS_FAIL,
} VtTaskStatus;

#define VT_TYPE_TASK (vt_task_get_type ())

G_DECLARE_FINAL_TYPE (VtTask, vt_task, VT, TASK, GObject)

typedef struct _VtQueryResult VtQueryResult;

VtTaskStatus  vt_task_status_from_string (const char    *text);
const char   *vt_task_status_to_string   (VtTaskStatus   status);
gboolean      vt_task_status_is_final    (VtTaskStatus   status);

VtTask       *vt_task_new                (const char    *id);
const char   *vt_task_get_id             (VtTask        *self);
const char   *vt_task_get_label          (VtTask        *self);
void          vt_task_set_label          (VtTask        *self,
                                          const char    *label);
VtTaskStatus  vt_task_get_status         (VtTask        *self);
void          vt_task_set_status         (VtTask        *self,
                                          VtTaskStatus   status);
const char   *vt_task_get_video_url      (VtTask        *self);
GDateTime    *vt_task_get_link_issued    (VtTask        *self);
void          vt_task_set_video_url      (VtTask        *self,
                                          const char    *video_url,
                                          GDateTime     *issued);
GDateTime    *vt_task_get_added          (VtTask        *self);
void          vt_task_set_added          (VtTask        *self,
                                          GDateTime     *added);
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
int           vt_task_get_api_code       (VtTask        *self);
void          vt_task_set_api_code       (VtTask        *self,
                                          int            api_code);
const char   *vt_task_get_file_path      (VtTask        *self);
void          vt_task_set_file_path      (VtTask        *self,
                                          const char    *file_path);
GDateTime    *vt_task_dup_link_expiry    (VtTask        *self);
gboolean      vt_task_link_is_expired    (VtTask        *self,
                                          GDateTime     *now);
gboolean      vt_task_is_finished        (VtTask        *self);
gboolean      vt_task_is_in_progress     (VtTask        *self);
void          vt_task_apply_result       (VtTask        *self,
                                          const VtQueryResult *result,
                                          const GError  *error,
                                          GDateTime     *now);

G_END_DECLS
