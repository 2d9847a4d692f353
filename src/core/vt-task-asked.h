/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vt-create.h"

G_BEGIN_DECLS

/* What a task made in this app was asked to be: saved with it, shown in its details, and
 * what Create Again fills the New Video form with. Immutable once made (a save's snapshot
 * takes a reference), so that the writer thread may read it. */
typedef struct
{
  VtCreateMode  mode;
  char         *model;        /* NULL: not said */
  char         *prompt;
  int           duration;     /* seconds; 0: not said */
  char         *resolution;
  char         *ratio;
  char         *template_id;
  GStrv         images;       /* the pictures' file names, in order; never NULL */
} VtTaskAsked;

#define VT_TASK_ASKED_MAX_IMAGES 16

#define VT_TYPE_TASK_ASKED (vt_task_asked_get_type ())

GType        vt_task_asked_get_type     (void) G_GNUC_CONST;
VtTaskAsked *vt_task_asked_new          (VtCreateMode           mode,
                                         const char            *model,
                                         const char            *prompt,
                                         int                    duration,
                                         const char            *resolution,
                                         const char            *ratio,
                                         const char            *template_id,
                                         const char * const    *images);
VtTaskAsked *vt_task_asked_new_for_request (const VtCreateRequest *request);
VtTaskAsked *vt_task_asked_new_from_variant (GVariant           *dict);
GVariant    *vt_task_asked_to_variant   (const VtTaskAsked     *asked);
VtTaskAsked *vt_task_asked_ref          (VtTaskAsked           *asked);
void         vt_task_asked_unref        (VtTaskAsked           *asked);
gboolean     vt_task_asked_equal        (const VtTaskAsked     *a,
                                         const VtTaskAsked     *b);
const char  *vt_create_mode_to_string   (VtCreateMode           mode);
const VtTaskAsked *vt_task_get_asked   (VtTask                *task);
void         vt_task_set_asked          (VtTask                *task,
                                         VtTaskAsked           *asked);
gboolean     vt_create_mode_from_string (const char            *text,
                                         VtCreateMode          *mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTaskAsked, vt_task_asked_unref)

G_END_DECLS
