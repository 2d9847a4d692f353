/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vt-client.h"
#include "vt-task.h"

G_BEGIN_DECLS

/* What is made from what: the modes of CREATE-API.md §2.1 (Hailuo) and §3.3 (H3), and a Video
 * Agent template (§1). The mode follows from the images given (vt_create_request_get_mode()). */
typedef enum
{
  VT_CREATE_MODE_TEXT,          /* Hailuo T2V; H3 text alone */
  VT_CREATE_MODE_FIRST_FRAME,   /* Hailuo I2V; H3 first frame */
  VT_CREATE_MODE_FIRST_LAST,    /* Hailuo FL2V; H3 first and last frame */
  VT_CREATE_MODE_SUBJECT,       /* Hailuo S2V: a person's face */
  VT_CREATE_MODE_REFERENCE,     /* H3: up to 9 reference images */
  VT_CREATE_MODE_TEMPLATE,      /* Video Agent */
} VtCreateMode;

/* An image as it was given: a local file (read, its type and size found from its bytes) or
 * an https URL (sent as it is). */
typedef struct
{
  char   *source;     /* the path or URL as given; its file name is what the task remembers */
  GBytes *bytes;      /* a file's contents; NULL for a URL */
  char   *mime_type;  /* from the contents: image/jpeg, image/png, image/webp, image/heic */
  int     width;      /* pixels; 0 when unknown (a URL) */
  int     height;
} VtCreateImage;

/* Everything a creation can say. Unset: NULL, 0 or -1 as noted. */
typedef struct
{
  VtTaskKind     kind;               /* VIDEO (Hailuo), H3 or AGENT */
  char          *model;              /* NULL: the kind's default */
  char          *prompt;
  int            duration;           /* seconds; 0: the model's default */
  char          *resolution;         /* NULL: the model's default */
  char          *ratio;              /* H3 */
  int            prompt_optimizer;   /* Hailuo; -1: MiniMax's default (on) */
  gboolean       fast_pretreatment;  /* Hailuo */
  VtCreateImage *first_frame;
  VtCreateImage *last_frame;
  VtCreateImage *subject;            /* Hailuo S2V */
  GPtrArray     *references;         /* H3: VtCreateImage */
  char          *template_id;        /* Video Agent */
  GPtrArray     *texts;              /* Video Agent: char *, in order */
  GPtrArray     *media;              /* Video Agent: VtCreateImage, in order */
  char          *label;
} VtCreateRequest;

VtCreateRequest *vt_create_request_new        (VtTaskKind              kind);
void             vt_create_request_free       (VtCreateRequest        *request);
VtCreateMode     vt_create_request_get_mode   (const VtCreateRequest  *request);
const char      *vt_create_request_get_model  (const VtCreateRequest  *request);
gboolean         vt_create_request_check      (const VtCreateRequest  *request,
                                               GError                **error);
char            *vt_create_request_to_json    (const VtCreateRequest  *request);
GBytes          *vt_create_request_to_body    (const VtCreateRequest  *request);
const char      *vt_create_request_get_path   (const VtCreateRequest  *request);
char            *vt_create_request_make_label (const VtCreateRequest  *request);
VtCreateRequest *vt_create_request_from_json  (VtTaskKind              kind,
                                               JsonObject             *object);

VtCreateImage   *vt_create_image_new_for_url  (const char             *url,
                                               GError                **error);
VtCreateImage   *vt_create_image_new_for_bytes (const char            *source,
                                               GBytes                 *bytes,
                                               GError                **error);
VtCreateImage   *vt_create_image_load         (const char             *path_or_url,
                                               GCancellable           *cancellable,
                                               GError                **error);
void             vt_create_image_free         (VtCreateImage          *image);

/* A published Video Agent template (CREATE-API.md §1.3, §1.4). */
typedef struct
{
  const char *id;
  const char *region;   /* "global" (api.minimax.io) or "cn" (api.minimaxi.com) */
  const char *name;     /* untranslated; translate with _() */
  gboolean    media;    /* needs a picture */
  gboolean    text;     /* needs a text */
} VtCreateTemplate;

/* A whole request, data URLs and all, is at most this large (H3, §3.3). */
#define VT_CREATE_H3_MAX_BODY (64 * 1000 * 1000)

/* The rule table, for a form that offers only what MiniMax takes. */
const char     **vt_create_models             (VtTaskKind              kind,
                                               VtCreateMode            mode);
const char      *vt_create_default_model      (VtTaskKind              kind,
                                               VtCreateMode            mode);
gboolean         vt_create_model_takes        (const char             *model,
                                               VtCreateMode            mode,
                                               const char             *resolution,
                                               int                     duration);
int              vt_create_prompt_limit       (VtTaskKind              kind);
const char      *vt_create_default_resolution (const char             *model);
int              vt_create_default_duration   (const char             *model);
gboolean         vt_create_model_sends_size   (const char             *model);
gboolean         vt_create_model_takes_camera (const char             *model,
                                               VtCreateMode            mode);
const VtCreateTemplate *vt_create_templates   (guint                  *n_templates);
const VtCreateTemplate *vt_create_template_lookup (const char         *id);
const char      *vt_create_mode_describe      (VtCreateMode            mode);

/* Sending (vt-create-submit.c) */
char            *vt_create_parse_answer       (gboolean                v2,
                                               guint                   http_status,
                                               GBytes                 *body,
                                               GError                **error);
void             vt_create_submit_async       (VtClient               *client,
                                               VtTaskKind              kind,
                                               GBytes                 *body,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
char            *vt_create_submit_finish      (GAsyncResult           *result,
                                               GError                **error);
void             vt_create_cancel_async       (VtClient               *client,
                                               const char             *task_id,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean         vt_create_cancel_finish      (GAsyncResult           *result,
                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtCreateRequest, vt_create_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtCreateImage, vt_create_image_free)

G_END_DECLS
