/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-api.h"

G_BEGIN_DECLS

/* Reads one endpoint's answer about @task_id; Hailuo's names the file to ask next. */
typedef gboolean (*VtKindParse) (guint           http_status,
                                 GBytes         *body,
                                 const char     *task_id,
                                 VtQueryResult  *result,
                                 char          **file_id,
                                 GError        **error);

/* What the app knows of one kind of task, in one place (vt-kinds.c). */
typedef struct
{
  VtTaskKind   kind;
  const char  *name;            /* "agent": in the task list, --kind and --json */
  const char  *display;         /* "Hailuo": the row's words (context "task kind"), untranslated */
  const char  *query_path;      /* the ID follows as ?task_id= or, with id_in_path, as /{id} */
  gboolean     id_in_path;
  VtKindParse  parse;
  gboolean   (*is_unknown_task) (const VtQueryResult *result,
                                 const GError        *error);
  GTimeSpan    link_lifetime;   /* how long its video link stays usable after it is issued */
  VtTaskKind   asked_after;     /* finding a task's kind: the endpoint asked next */
} VtKindInfo;

const VtKindInfo *vt_kind_get (VtTaskKind kind);

G_END_DECLS
