/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-asked"

#include "config.h"

#include <string.h>

#include "vt-task-asked.h"

G_DEFINE_BOXED_TYPE (VtTaskAsked, vt_task_asked, vt_task_asked_ref, vt_task_asked_unref)

/* The modes by the names the task list saves them under. */
static const char * const mode_names[] = {
  [VT_CREATE_MODE_TEXT] = "text",
  [VT_CREATE_MODE_FIRST_FRAME] = "first-frame",
  [VT_CREATE_MODE_FIRST_LAST] = "first-last",
  [VT_CREATE_MODE_SUBJECT] = "subject",
  [VT_CREATE_MODE_REFERENCE] = "reference",
  [VT_CREATE_MODE_TEMPLATE] = "template",
};

const char *
vt_create_mode_to_string (VtCreateMode mode)
{
  return (guint) mode < G_N_ELEMENTS (mode_names) ? mode_names[mode] : mode_names[VT_CREATE_MODE_TEXT];
}

gboolean
vt_create_mode_from_string (const char   *text,
                            VtCreateMode *mode)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (text, mode_names[i]))
      {
        *mode = (VtCreateMode) i;
        return TRUE;
      }
  return FALSE;
}

static char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
asked_clear (VtTaskAsked *asked)
{
  g_free (asked->model);
  g_free (asked->prompt);
  g_free (asked->resolution);
  g_free (asked->ratio);
  g_free (asked->template_id);
  g_strfreev (asked->images);
}

/**
 * vt_task_asked_new:
 * @images: (nullable): the pictures' file names (only the first VT_TASK_ASKED_MAX_IMAGES
 *   are kept)
 *
 * Returns: (transfer full): a new record; empty strings are taken as not said
 */
VtTaskAsked *
vt_task_asked_new (VtCreateMode        mode,
                   const char         *model,
                   const char         *prompt,
                   int                 duration,
                   const char         *resolution,
                   const char         *ratio,
                   const char         *template_id,
                   const char * const *images)
{
  VtTaskAsked *asked = g_atomic_rc_box_new0 (VtTaskAsked);
  GPtrArray *names = g_ptr_array_new ();

  asked->mode = (guint) mode < G_N_ELEMENTS (mode_names) ? mode : VT_CREATE_MODE_TEXT;
  asked->model = nonempty (model);
  asked->prompt = nonempty (prompt);
  asked->duration = CLAMP (duration, 0, 3600);
  asked->resolution = nonempty (resolution);
  asked->ratio = nonempty (ratio);
  asked->template_id = nonempty (template_id);
  for (guint i = 0; images != NULL && images[i] != NULL && i < VT_TASK_ASKED_MAX_IMAGES; i++)
    g_ptr_array_add (names, g_strdup (images[i]));
  g_ptr_array_add (names, NULL);
  asked->images = (GStrv) g_ptr_array_free (names, FALSE);
  return asked;
}

/* A file's name, or a link's last part: never the whole path (a home folder's name is not
 * the task's business) nor a data URL. */
static void
add_image_name (GPtrArray           *names,
                const VtCreateImage *image)
{
  const char *source;
  const char *slash;

  if (image == NULL || image->source == NULL)
    return;
  source = image->source;
  if (g_str_has_prefix (source, "data:"))
    {
      g_ptr_array_add (names, g_strdup ("data:"));
      return;
    }
  slash = strrchr (source, '/');
  g_ptr_array_add (names, g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : source));
}

/* Returns: (transfer full): what @request asks, its images by file name */
VtTaskAsked *
vt_task_asked_new_for_request (const VtCreateRequest *request)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (request != NULL, NULL);

  add_image_name (names, request->first_frame);
  add_image_name (names, request->last_frame);
  add_image_name (names, request->subject);
  for (guint i = 0; request->references != NULL && i < request->references->len; i++)
    add_image_name (names, request->references->pdata[i]);
  for (guint i = 0; request->media != NULL && i < request->media->len; i++)
    add_image_name (names, request->media->pdata[i]);
  g_ptr_array_add (names, NULL);

  return vt_task_asked_new (vt_create_request_get_mode (request),
                            request->kind == VT_TASK_KIND_AGENT ? NULL : vt_create_request_get_model (request),
                            request->prompt, request->duration, request->resolution, request->ratio,
                            request->template_id, (const char * const *) names->pdata);
}

VtTaskAsked *
vt_task_asked_ref (VtTaskAsked *asked)
{
  return g_atomic_rc_box_acquire (asked);
}

void
vt_task_asked_unref (VtTaskAsked *asked)
{
  g_atomic_rc_box_release_full (asked, (GDestroyNotify) asked_clear);
}

gboolean
vt_task_asked_equal (const VtTaskAsked *a,
                     const VtTaskAsked *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->mode == b->mode && a->duration == b->duration &&
         g_strcmp0 (a->model, b->model) == 0 && g_strcmp0 (a->prompt, b->prompt) == 0 &&
         g_strcmp0 (a->resolution, b->resolution) == 0 && g_strcmp0 (a->ratio, b->ratio) == 0 &&
         g_strcmp0 (a->template_id, b->template_id) == 0 &&
         g_strv_equal ((const char * const *) a->images, (const char * const *) b->images);
}

/* Over D-Bus (--create telling the running window), as a{sv}: "mode", "model", "prompt",
 * "resolution", "ratio", "template" (strings), "duration" (int32), "images" (as). */
static const char * const variant_names[] = { "model", "prompt", "resolution", "ratio", "template" };

/**
 * vt_task_asked_to_variant:
 *
 * Returns: (transfer floating): @asked as an a{sv} dictionary
 */
GVariant *
vt_task_asked_to_variant (const VtTaskAsked *asked)
{
  const char *text[G_N_ELEMENTS (variant_names)];
  GVariantBuilder builder;

  g_return_val_if_fail (asked != NULL, NULL);

  text[0] = asked->model;
  text[1] = asked->prompt;
  text[2] = asked->resolution;
  text[3] = asked->ratio;
  text[4] = asked->template_id;
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mode", g_variant_new_string (vt_create_mode_to_string (asked->mode)));
  for (guint i = 0; i < G_N_ELEMENTS (variant_names); i++)
    if (text[i] != NULL)
      g_variant_builder_add (&builder, "{sv}", variant_names[i], g_variant_new_string (text[i]));
  if (asked->duration > 0)
    g_variant_builder_add (&builder, "{sv}", "duration", g_variant_new_int32 (asked->duration));
  g_variant_builder_add (&builder, "{sv}", "images", g_variant_new_strv ((const char * const *) asked->images, -1));
  return g_variant_builder_end (&builder);
}

/**
 * vt_task_asked_new_from_variant:
 * @dict: an a{sv} dictionary, from anyone on the session bus
 *
 * Members of another type count as absent, as in the saved list.
 *
 * Returns: (transfer full) (nullable): what @dict says, or %NULL when its mode is missing
 *   or one this version does not know
 */
VtTaskAsked *
vt_task_asked_new_from_variant (GVariant *dict)
{
  const char *text[G_N_ELEMENTS (variant_names)] = { NULL };
  g_autofree const char **images = NULL;
  const char *mode_name = NULL;
  VtCreateMode mode;
  gint32 duration = 0;

  g_return_val_if_fail (dict != NULL && g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!g_variant_lookup (dict, "mode", "&s", &mode_name) || !vt_create_mode_from_string (mode_name, &mode))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (variant_names); i++)
    g_variant_lookup (dict, variant_names[i], "&s", &text[i]);
  g_variant_lookup (dict, "duration", "i", &duration);
  g_variant_lookup (dict, "images", "^a&s", &images);
  return vt_task_asked_new (mode, text[0], text[1], duration, text[2], text[3], text[4], images);
}
