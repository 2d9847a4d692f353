/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-task.h"
#include "vt-task-asked.h"

G_BEGIN_DECLS

/* What the task list saves of a task, for VtTaskFile only: a reference to each string
 * (GRefString) and date, so that a snapshot costs no copy and the writer thread reads it. */
typedef struct
{
  char         *id;
  char         *label;
  char         *video_url;
  char         *backup_url;
  char         *last_error;
  char         *error_words;
  char         *file_path;
  GDateTime    *link_issued;
  GDateTime    *added;
  GDateTime    *created;
  GDateTime    *last_checked;
  VtTaskKind    kind;
  VtTaskStatus  status;
  int           error_code;
  guint         error_http_status;
  int           api_code;
  gboolean      check_failed;
  VtTaskAsked  *asked;
} VtTaskFields;

void vt_task_get_fields   (VtTask       *self,
                           VtTaskFields *fields);
void vt_task_fields_clear (VtTaskFields *fields);

G_END_DECLS
