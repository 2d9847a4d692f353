/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-create-rules"

/*
 * MiniMax's published rules for creating a video, as data in one place: the models of each
 * kind and mode, the durations and resolutions each makes, the prompt limits, the image
 * limits and the Video Agent templates of each region. The window offers only what this
 * table allows, the command line refuses the rest before anything is sent, and the loopback
 * server answers 2013 for it. Sources: ../shared/CREATE-API.md (section numbers below).
 *
 * Where the published rules contradict each other, the reading chosen:
 *  - 01-series models make 6 s at 720P only (§2.2's resolution table; its duration table's
 *    "6 under 1080P" is the doc's own slip), and are sent neither duration nor resolution
 *    (practitioners report both refused): the table says 720P/6 and sends_size is FALSE.
 *  - First and last frame (FL2V, and H3's last frame) needs the first frame as well: the
 *    schema marks only the last one required and H3's doc is unsure of a last frame alone;
 *    a video that starts nowhere is not what anyone asks for.
 *  - MiniMax-H3 takes 768P and 2K as its schema says (MiniMax's CLI allows 2K alone); 2K is
 *    the default, which both readings take.
 *  - "<20MB" and "≤30 MB" are decimal megabytes, the smaller reading.
 *  - A ratio given with frames is refused: H3 ignores it and takes the first frame's.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vt-create.h"
#include "vt-error.h"
#include "vt-task-ids.h"

#define MODE(m) (1u << (m))
#define HAILUO_FRAMES (MODE (VT_CREATE_MODE_TEXT) | MODE (VT_CREATE_MODE_FIRST_FRAME))
#define H3_MODES (MODE (VT_CREATE_MODE_TEXT) | MODE (VT_CREATE_MODE_FIRST_FRAME) | \
                  MODE (VT_CREATE_MODE_FIRST_LAST) | MODE (VT_CREATE_MODE_REFERENCE))

/* Durations a model makes at one resolution, in some modes: a list, or a range. */
typedef struct
{
  guint       modes;
  const char *resolution;
  int         durations[3];   /* 0-terminated; empty: from min to max */
  int         min;
  int         max;
} Combo;

typedef struct
{
  const char  *name;
  VtTaskKind   kind;
  guint        modes;
  Combo        combos[4];      /* the first with no resolution ends them */
  const char  *default_resolution;
  int          default_duration;
  gboolean     sends_size;     /* FALSE: fixed, and neither is sent (the 01 series) */
  guint        fast_pretreatment_modes;
  guint        camera_modes;   /* §2.4: where [Pan left]… are understood */
} Model;

#define HAILUO_23_COMBOS \
  { { HAILUO_FRAMES, "768P", { 6, 10 } }, { HAILUO_FRAMES, "1080P", { 6 } } }
#define FIXED_720P(modes) { { (modes), "720P", { 6 } } }

/* §2.1, §2.2, §2.4 (Hailuo); §3.2 (H3). */
static const Model models[] = {
  { "MiniMax-Hailuo-2.3", VT_TASK_KIND_VIDEO, HAILUO_FRAMES, HAILUO_23_COMBOS, "768P", 6, TRUE,
    HAILUO_FRAMES, HAILUO_FRAMES },
  { "MiniMax-Hailuo-2.3-Fast", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_FIRST_FRAME),
    HAILUO_23_COMBOS, "768P", 6, TRUE, HAILUO_FRAMES, HAILUO_FRAMES },
  { "MiniMax-Hailuo-02", VT_TASK_KIND_VIDEO, HAILUO_FRAMES | MODE (VT_CREATE_MODE_FIRST_LAST),
    { { MODE (VT_CREATE_MODE_FIRST_FRAME), "512P", { 6, 10 } },
      { HAILUO_FRAMES | MODE (VT_CREATE_MODE_FIRST_LAST), "768P", { 6, 10 } },
      { HAILUO_FRAMES | MODE (VT_CREATE_MODE_FIRST_LAST), "1080P", { 6 } } },
    "768P", 6, TRUE, HAILUO_FRAMES, HAILUO_FRAMES | MODE (VT_CREATE_MODE_FIRST_LAST) },
  { "T2V-01-Director", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_TEXT),
    FIXED_720P (MODE (VT_CREATE_MODE_TEXT)), "720P", 6, FALSE, 0, MODE (VT_CREATE_MODE_TEXT) },
  { "T2V-01", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_TEXT),
    FIXED_720P (MODE (VT_CREATE_MODE_TEXT)), "720P", 6, FALSE, 0, 0 },
  { "I2V-01-Director", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_FIRST_FRAME),
    FIXED_720P (MODE (VT_CREATE_MODE_FIRST_FRAME)), "720P", 6, FALSE, 0,
    MODE (VT_CREATE_MODE_FIRST_FRAME) },
  { "I2V-01-live", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_FIRST_FRAME),
    FIXED_720P (MODE (VT_CREATE_MODE_FIRST_FRAME)), "720P", 6, FALSE, 0, 0 },
  { "I2V-01", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_FIRST_FRAME),
    FIXED_720P (MODE (VT_CREATE_MODE_FIRST_FRAME)), "720P", 6, FALSE, 0, 0 },
  { "S2V-01", VT_TASK_KIND_VIDEO, MODE (VT_CREATE_MODE_SUBJECT),
    FIXED_720P (MODE (VT_CREATE_MODE_SUBJECT)), "720P", 6, FALSE, 0, 0 },
  { "MiniMax-H3", VT_TASK_KIND_H3, H3_MODES,
    { { H3_MODES, "768P", { 0 }, 4, 15 }, { H3_MODES, "2K", { 0 }, 4, 15 } },
    "2K", 5, TRUE, 0, 0 },
  { "MiniMax-H3-Max", VT_TASK_KIND_H3, H3_MODES,
    { { H3_MODES, "480P", { 0 }, 5, 15 }, { H3_MODES, "768P", { 0 }, 5, 15 } },
    "768P", 5, TRUE, 0, 0 },
};

/* §1.3 and §1.4: the two regions' published lists; rows 11–16 of the international one have
 * their inputs from third-party catalogues. */
static const VtCreateTemplate templates[] = {
  { "392747428568649728", "global", N_("Diving"), TRUE, FALSE },
  { "393769180141805569", "global", N_("Run for Life"), TRUE, TRUE },
  { "397087679467597833", "global", N_("Transformers"), TRUE, FALSE },
  { "393881433990066176", "global", N_("Still Rings Routine"), TRUE, FALSE },
  { "393498001241890824", "global", N_("Weightlifting"), TRUE, FALSE },
  { "393488336655310850", "global", N_("Climbing"), TRUE, FALSE },
  { "394514820878671878", "global", N_("Anime Life Sim"), FALSE, TRUE },
  { "393879757702918151", "global", N_("McDonald's Delivery Pet"), TRUE, FALSE },
  { "397017167949312007", "global", N_("Pet Pilot"), TRUE, FALSE },
  { "394176968202485769", "global", N_("Miniature Set Ad"), TRUE, FALSE },
  { "393876118804459526", "global", N_("Male Model Try-On Ad"), TRUE, FALSE },
  { "393866076583718914", "global", N_("Female Model Try-On Ad"), TRUE, FALSE },
  { "394875727173492739", "global", N_("Art Fonts"), FALSE, TRUE },
  { "394220989629177861", "global", N_("Drinkfall"), TRUE, FALSE },
  { "393853165953970178", "global", N_("E-commerce Display Ad"), FALSE, TRUE },
  { "401431836934868999", "global", N_("3D Character Product Presentation"), TRUE, TRUE },
  { "392753057216684038", "cn", N_("Diving"), TRUE, FALSE },
  { "393881433990066176", "cn", N_("Still Rings Routine"), TRUE, FALSE },
  { "393769180141805569", "cn", N_("Run for Life"), TRUE, TRUE },
  { "394246956137422856", "cn", N_("Everything Labubu"), TRUE, FALSE },
  { "393879757702918151", "cn", N_("McDonald's Delivery Pet"), TRUE, FALSE },
  { "393766210733957121", "cn", N_("Tibetan-Style Portrait"), TRUE, FALSE },
  { "394125185182695432", "cn", N_("Done With Life"), FALSE, TRUE },
  { "393857704283172864", "cn", N_("Love Letter Portrait"), TRUE, FALSE },
  { "398574688191234048", "cn", N_("Four Seasons Portrait"), TRUE, FALSE },
  { "393866076583718914", "cn", N_("Female Model Try-On Ad"), TRUE, FALSE },
  { "393876118804459526", "cn", N_("Male Model Try-On Ad"), TRUE, FALSE },
};

/* §2.2 and §3.3. */
#define HAILUO_PROMPT_LIMIT 2000
#define H3_PROMPT_LIMIT     7000
#define H3_MAX_REFERENCES   9

static const char * const h3_ratios[] = { "adaptive", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16", NULL };

/* §2.3 (Hailuo and, for want of others, Video Agent) and §3.3 (H3). */
typedef struct
{
  const char * const *types;
  guint64             max_bytes;       /* under this many */
  int                 min_short_edge;  /* more than this many pixels */
  int                 min_side;        /* at least, each side */
  int                 max_side;        /* at most, each side; 0: no limit */
} ImageRule;

static const char * const v1_types[] = { "image/jpeg", "image/png", "image/webp", NULL };
static const char * const h3_types[] = { "image/jpeg", "image/png", "image/webp", "image/heic", NULL };
static const ImageRule v1_images = { v1_types, 20 * 1000 * 1000, 300, 0, 0 };
static const ImageRule h3_images = { h3_types, 30 * 1000 * 1000 + 1, 0, 256, 5760 };

static const Model *
find_model (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (models); i++)
    if (g_str_equal (models[i].name, name))
      return &models[i];
  return NULL;
}

static gboolean
combo_takes (const Combo *combo,
             int          duration)
{
  if (combo->durations[0] == 0)
    return duration >= combo->min && duration <= combo->max;
  for (guint i = 0; i < G_N_ELEMENTS (combo->durations) && combo->durations[i] != 0; i++)
    if (combo->durations[i] == duration)
      return TRUE;
  return FALSE;
}

/**
 * vt_create_model_takes:
 * @resolution: (nullable): any, when %NULL
 * @duration: seconds; any, when 0
 *
 * Returns: whether @model makes videos in @mode at @resolution and of @duration
 */
gboolean
vt_create_model_takes (const char   *model,
                       VtCreateMode  mode,
                       const char   *resolution,
                       int           duration)
{
  const Model *rule = find_model (model);

  if (rule == NULL || !(rule->modes & MODE (mode)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rule->combos) && rule->combos[i].resolution != NULL; i++)
    {
      const Combo *combo = &rule->combos[i];

      if ((combo->modes & MODE (mode)) && (resolution == NULL || g_str_equal (resolution, combo->resolution)) &&
          (duration == 0 || combo_takes (combo, duration)))
        return TRUE;
    }
  return FALSE;
}

/**
 * vt_create_models:
 *
 * Returns: (transfer container) (array zero-terminated=1): the models that make videos of
 *   @kind in @mode, in the table's order (the default first)
 */
const char **
vt_create_models (VtTaskKind   kind,
                  VtCreateMode mode)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (models[i].kind == kind && (models[i].modes & MODE (mode)))
      g_ptr_array_add (names, (gpointer) models[i].name);
  g_ptr_array_add (names, NULL);
  return (const char **) g_ptr_array_free (names, FALSE);
}

/* MiniMax's CLI's choices (§6): Hailuo 2.3, Hailuo-02 for a last frame, S2V-01 for a
 * subject, MiniMax-H3. */
const char *
vt_create_default_model (VtTaskKind   kind,
                         VtCreateMode mode)
{
  if (kind == VT_TASK_KIND_H3)
    return "MiniMax-H3";
  if (kind != VT_TASK_KIND_VIDEO)
    return NULL;
  switch (mode)
    {
    case VT_CREATE_MODE_FIRST_LAST:
      return "MiniMax-Hailuo-02";
    case VT_CREATE_MODE_SUBJECT:
      return "S2V-01";
    case VT_CREATE_MODE_TEXT:
    case VT_CREATE_MODE_FIRST_FRAME:
    case VT_CREATE_MODE_REFERENCE:
    case VT_CREATE_MODE_TEMPLATE:
    default:
      return "MiniMax-Hailuo-2.3";
    }
}

int
vt_create_prompt_limit (VtTaskKind kind)
{
  return kind == VT_TASK_KIND_H3 ? H3_PROMPT_LIMIT : HAILUO_PROMPT_LIMIT;
}

const char *
vt_create_default_resolution (const char *model)
{
  const Model *rule = find_model (model);

  return rule != NULL ? rule->default_resolution : NULL;
}

int
vt_create_default_duration (const char *model)
{
  const Model *rule = find_model (model);

  return rule != NULL ? rule->default_duration : 0;
}

gboolean
vt_create_model_sends_size (const char *model)
{
  const Model *rule = find_model (model);

  return rule != NULL && rule->sends_size;
}

gboolean
vt_create_model_takes_camera (const char   *model,
                              VtCreateMode  mode)
{
  const Model *rule = find_model (model);

  return rule != NULL && (rule->camera_modes & MODE (mode));
}

/**
 * vt_create_templates:
 * @n_templates: (out): how many
 *
 * Returns: (array length=n_templates): the published Video Agent templates, both regions'
 */
const VtCreateTemplate *
vt_create_templates (guint *n_templates)
{
  *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

/* A published template by its ID, in either region's table; NULL when not listed. */
const VtCreateTemplate *
vt_create_template_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (templates); i++)
    if (g_str_equal (templates[i].id, id))
      return &templates[i];
  return NULL;
}

/* "768P: 6 or 10 s; 1080P: 6 s" — what @rule makes in @mode, for a refusal. */
static char *
describe_combos (const Model  *rule,
                 VtCreateMode  mode)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rule->combos) && rule->combos[i].resolution != NULL; i++)
    {
      const Combo *combo = &rule->combos[i];
      g_autofree char *durations = NULL;

      if (!(combo->modes & MODE (mode)))
        continue;
      if (combo->durations[0] == 0)
        /* Translators: durations a model makes: "4–15 s" */
        durations = g_strdup_printf (_("%d–%d s"), combo->min, combo->max);
      else if (combo->durations[1] == 0)
        /* Translators: "6 s" */
        durations = g_strdup_printf (_("%d s"), combo->durations[0]);
      else
        /* Translators: "6 or 10 s" */
        durations = g_strdup_printf (_("%d or %d s"), combo->durations[0], combo->durations[1]);
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: a resolution and the durations made at it: "768P: 6 or 10 s" */
      g_string_append_printf (text, _("%s: %s"), combo->resolution, durations);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VT_ERROR, VT_ERROR_CREATE_RULE, message);
  return FALSE;
}

static const char *
image_name (const VtCreateImage *image)
{
  const char *slash = strrchr (image->source, '/');

  return image->bytes != NULL && slash != NULL ? slash + 1 : image->source;
}

/* An image read from a file, against the rules of where it goes. A URL's image is MiniMax's
 * to check. */
static gboolean
check_image (const VtCreateImage *image,
             const ImageRule     *rule,
             GError             **error)
{
  const char *name = image_name (image);
  gboolean known = FALSE;
  int width = image->width, height = image->height;

  if (image->bytes == NULL)
    return TRUE;
  for (guint i = 0; image->mime_type != NULL && rule->types[i] != NULL; i++)
    known |= g_str_equal (image->mime_type, rule->types[i]);
  if (!known)
    return rule == &h3_images
      ? refuse (error, _("“%s” is not an image MiniMax takes here: JPEG, PNG, WebP or HEIC."), name)
      : refuse (error, _("“%s” is not an image MiniMax takes here: JPEG, PNG or WebP."), name);
  if (g_bytes_get_size (image->bytes) >= rule->max_bytes)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (image->bytes));
      g_autofree char *limit = g_format_size (rule->max_bytes - (rule == &h3_images));

      return rule == &h3_images
        ? refuse (error, _("“%s” is %s; MiniMax takes images of at most %s here."), name, size, limit)
        : refuse (error, _("“%s” is %s; MiniMax takes images under %s here."), name, size, limit);
    }
  if (width <= 0 || height <= 0)
    return refuse (error, _("The size of “%s” could not be read from the file."), name);
  if (rule->min_short_edge > 0 && MIN (width, height) <= rule->min_short_edge)
    return refuse (error, _("“%s” is %d×%d pixels; its shorter side must be more than %d pixels."),
                   name, width, height, rule->min_short_edge);
  if (rule->min_side > 0 && (MIN (width, height) < rule->min_side || MAX (width, height) > rule->max_side))
    return refuse (error, _("“%s” is %d×%d pixels; each side must be %d to %d pixels."),
                   name, width, height, rule->min_side, rule->max_side);
  /* 2:5 to 5:2, both. */
  if ((gint64) width * 5 < (gint64) height * 2 || (gint64) width * 2 > (gint64) height * 5)
    return refuse (error, _("“%s” is %d×%d pixels; its sides must be between 2:5 and 5:2 of each other."),
                   name, width, height);
  return TRUE;
}

static gboolean
check_images (const VtCreateRequest *request,
              const ImageRule       *rule,
              GError               **error)
{
  const VtCreateImage *single[] = { request->first_frame, request->last_frame, request->subject };
  GPtrArray *lists[] = { request->references, request->media };

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (single[i] != NULL && !check_image (single[i], rule, error))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; lists[i] != NULL && j < lists[i]->len; j++)
      if (!check_image (lists[i]->pdata[j], rule, error))
        return FALSE;
  return TRUE;
}

static gboolean
check_prompt (const VtCreateRequest *request,
              gboolean               required,
              GError               **error)
{
  int limit = vt_create_prompt_limit (request->kind);
  glong length = request->prompt != NULL ? g_utf8_strlen (request->prompt, -1) : 0;

  if (request->prompt != NULL && !g_utf8_validate (request->prompt, -1, NULL))
    return refuse (error, "%s", _("The prompt is not valid UTF-8 text."));
  if (required && is_blank (request->prompt))
    return refuse (error, "%s", _("A prompt is needed: say what the video shows."));
  if (length > limit)
    return refuse (error, _("The prompt is %ld characters long; MiniMax takes at most %d here."),
                   length, limit);
  return TRUE;
}

/* Model, duration and resolution, against the table. */
static gboolean
check_model (const VtCreateRequest *request,
             VtCreateMode           mode,
             GError               **error)
{
  const char *model = vt_create_request_get_model (request);
  const Model *rule = find_model (model);
  const char *resolution;
  int duration;

  if (rule == NULL || rule->kind != request->kind || !(rule->modes & MODE (mode)))
    {
      g_autofree const char **names = vt_create_models (request->kind, mode);
      g_autofree char *list = g_strjoinv (", ", (char **) names);

      if (rule == NULL || rule->kind != request->kind)
        return refuse (error, _("“%s” is not a model for this kind of video. The models are: %s."),
                       model, list);
      return refuse (error, _("%s does not make this kind of video (%s). The models that do: %s."),
                     model, vt_create_mode_describe (mode), list);
    }

  resolution = request->resolution != NULL ? request->resolution : rule->default_resolution;
  duration = request->duration != 0 ? request->duration : rule->default_duration;
  if (!vt_create_model_takes (model, mode, resolution, duration))
    {
      g_autofree char *made = describe_combos (rule, mode);

      return refuse (error, _("%s does not make %s videos of %d s here. It makes %s."),
                     model, resolution, duration, made);
    }
  if (request->fast_pretreatment && !(rule->fast_pretreatment_modes & MODE (mode)))
    return refuse (error, _("%s does not take fast pretreatment for this kind of video."), model);
  return TRUE;
}

static gboolean
check_hailuo (const VtCreateRequest *request,
              GError               **error)
{
  VtCreateMode mode = vt_create_request_get_mode (request);

  if (request->references != NULL && request->references->len > 0)
    return refuse (error, "%s", _("Reference images are for MiniMax-H3; Hailuo takes a first frame, a last frame or a subject."));
  if (request->ratio != NULL)
    return refuse (error, "%s", _("Hailuo videos take their shape from the resolution (or the first frame); a ratio is for MiniMax-H3."));
  if (request->subject != NULL && (request->first_frame != NULL || request->last_frame != NULL))
    return refuse (error, "%s", _("A subject reference goes alone, without first or last frame."));
  if (request->last_frame != NULL && request->first_frame == NULL)
    return refuse (error, "%s", _("A last frame needs a first frame."));
  return check_model (request, mode, error) &&
         check_prompt (request, mode == VT_CREATE_MODE_TEXT, error) &&
         check_images (request, &v1_images, error);
}

/* The whole body MiniMax would be sent stays under 64 MB (§3.3): base64 is 4/3 of a file. */
static gboolean
check_body_size (const VtCreateRequest *request,
                 GError               **error)
{
  const VtCreateImage *single[] = { request->first_frame, request->last_frame };
  guint64 total = request->prompt != NULL ? strlen (request->prompt) : 0;

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (single[i] != NULL && single[i]->bytes != NULL)
      total += (g_bytes_get_size (single[i]->bytes) + 2) / 3 * 4;
  for (guint i = 0; request->references != NULL && i < request->references->len; i++)
    {
      VtCreateImage *image = request->references->pdata[i];

      if (image->bytes != NULL)
        total += (g_bytes_get_size (image->bytes) + 2) / 3 * 4;
    }
  if (total >= VT_CREATE_H3_MAX_BODY)
    {
      g_autofree char *size = g_format_size (total);
      g_autofree char *limit = g_format_size (VT_CREATE_H3_MAX_BODY);

      return refuse (error, _("The images come to %s once encoded; MiniMax takes requests of at most %s."),
                     size, limit);
    }
  return TRUE;
}

static gboolean
check_h3 (const VtCreateRequest *request,
          GError               **error)
{
  VtCreateMode mode = vt_create_request_get_mode (request);
  gboolean frames = request->first_frame != NULL || request->last_frame != NULL;
  guint n_references = request->references != NULL ? request->references->len : 0;

  if (request->subject != NULL)
    return refuse (error, "%s", _("A subject reference is for Hailuo (S2V-01); MiniMax-H3 takes reference images."));
  if (frames && n_references > 0)
    return refuse (error, "%s", _("MiniMax-H3 takes frames or reference images, not both."));
  if (request->last_frame != NULL && request->first_frame == NULL)
    return refuse (error, "%s", _("A last frame needs a first frame."));
  if (n_references > H3_MAX_REFERENCES)
    return refuse (error, _("MiniMax-H3 takes at most %d reference images; %u were given."),
                   H3_MAX_REFERENCES, n_references);
  if (request->prompt_optimizer != -1 || request->fast_pretreatment)
    return refuse (error, "%s", _("The prompt optimizer and fast pretreatment are Hailuo's; MiniMax-H3 has neither."));
  if (request->ratio != NULL && !g_strv_contains (h3_ratios, request->ratio))
    return refuse (error, _("“%s” is not a ratio MiniMax-H3 makes. It makes 21:9, 16:9, 4:3, 1:1, 3:4 and 9:16."),
                   request->ratio);
  if (mode == VT_CREATE_MODE_TEXT && (request->ratio == NULL || g_str_equal (request->ratio, "adaptive")))
    return refuse (error, "%s", _("A MiniMax-H3 video made from text alone needs a ratio: 21:9, 16:9, 4:3, 1:1, 3:4 or 9:16."));
  if (frames && request->ratio != NULL && !g_str_equal (request->ratio, "adaptive"))
    return refuse (error, "%s", _("A MiniMax-H3 video made from frames takes the first frame's shape; leave the ratio out."));
  return check_model (request, mode, error) &&
         check_prompt (request, TRUE, error) &&
         check_images (request, &h3_images, error) &&
         check_body_size (request, error);
}

static gboolean
check_agent (const VtCreateRequest *request,
             GError               **error)
{
  const VtCreateTemplate *template;
  guint n_texts = request->texts != NULL ? request->texts->len : 0;
  guint n_media = request->media != NULL ? request->media->len : 0;

  if (request->model != NULL || request->prompt != NULL || request->duration != 0 ||
      request->resolution != NULL || request->ratio != NULL || request->first_frame != NULL ||
      request->last_frame != NULL || request->subject != NULL ||
      (request->references != NULL && request->references->len > 0) ||
      request->prompt_optimizer != -1 || request->fast_pretreatment)
    return refuse (error, "%s", _("A Video Agent template takes its template ID, texts and media only."));
  if (request->template_id == NULL || !vt_task_id_is_valid (request->template_id))
    return refuse (error, "%s", _("A Video Agent video needs a template ID: the number in MiniMax's list of templates."));
  for (guint i = 0; i < n_texts; i++)
    if (!g_utf8_validate (request->texts->pdata[i], -1, NULL) || is_blank (request->texts->pdata[i]))
      return refuse (error, "%s", _("A template's text cannot be empty."));

  template = vt_create_template_lookup (request->template_id);
  if (template != NULL && template->media && n_media == 0)
    return refuse (error, _("The template “%s” needs a picture."), _(template->name));
  if (template != NULL && template->text && n_texts == 0)
    return refuse (error, _("The template “%s” needs a text."), _(template->name));
  return check_images (request, &v1_images, error);
}

/**
 * vt_create_request_check:
 *
 * Whether @request keeps every published rule of its kind (the table above): when it does not,
 * the error (%VT_ERROR_CREATE_RULE) says what is wrong and what is allowed, and nothing should
 * be sent.
 */
gboolean
vt_create_request_check (const VtCreateRequest  *request,
                         GError                **error)
{
  g_return_val_if_fail (request != NULL, FALSE);

  switch (request->kind)
    {
    case VT_TASK_KIND_VIDEO:
      return check_hailuo (request, error);
    case VT_TASK_KIND_H3:
      return check_h3 (request, error);
    case VT_TASK_KIND_AGENT:
      return check_agent (request, error);
    case VT_TASK_KIND_UNKNOWN:
    default:
      return refuse (error, "%s", _("The kind of video is agent (Video Agent), video (Hailuo) or h3 (MiniMax-H3)."));
    }
}
