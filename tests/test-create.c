/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Creating videos: the rule table (CREATE-API.md §2.1–2.2, §3.2–3.3) accepted or refused as
 * published, images checked by their contents on real files of each type and edge, each
 * body field by field per mode, MiniMax's answers, and a creation sent through the account's
 * gate to the loopback server, which checks bodies by the same rules. */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gate-steps.h"
#include "test-util.h"
#include "vt-create.h"
#include "vt-price.h"
#include "vt-json.h"
#include "vt-error.h"
#include "vt-image-info.h"
#include "vt-mock-server.h"

#define KEY "create-test-key"

static char *
image_path (const char *name)
{
  return g_build_filename (TEST_DATADIR, "images", name, NULL);
}

static VtCreateImage *
load_image (const char *name)
{
  g_autofree char *path = image_path (name);
  g_autoptr(GError) error = NULL;
  VtCreateImage *image = vt_create_image_load (path, NULL, &error);

  g_assert_no_error (error);
  return image;
}

static VtCreateRequest *
hailuo (const char *model,
        const char *resolution,
        int         duration)
{
  VtCreateRequest *request = vt_create_request_new (VT_TASK_KIND_VIDEO);

  request->model = g_strdup (model);
  request->resolution = g_strdup (resolution);
  request->duration = duration;
  request->prompt = g_strdup ("A cat surfing at dawn");
  return request;
}

static gboolean
accepted (const VtCreateRequest *request)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vt_create_request_check (request, &error);

  if (!ok)
    {
      g_assert_error (error, VT_ERROR, VT_ERROR_CREATE_RULE);
      g_assert_cmpstr (error->message, !=, "");
    }
  return ok;
}

static void
refused_with (const VtCreateRequest *request,
              const char            *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_create_request_check (request, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_CREATE_RULE);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

/* §2.2's table, for every model, mode, resolution and duration: what is published is
 * accepted, nothing else. */
typedef struct
{
  const char *model;
  VtCreateMode mode;
  const char *allowed;   /* "768P:6,768P:10,1080P:6" */
} Published;

static const Published hailuo_table[] = {
  { "MiniMax-Hailuo-2.3", VT_CREATE_MODE_TEXT, "768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-2.3", VT_CREATE_MODE_FIRST_FRAME, "768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-2.3", VT_CREATE_MODE_FIRST_LAST, "" },
  { "MiniMax-Hailuo-2.3", VT_CREATE_MODE_SUBJECT, "" },
  { "MiniMax-Hailuo-2.3-Fast", VT_CREATE_MODE_TEXT, "" },
  { "MiniMax-Hailuo-2.3-Fast", VT_CREATE_MODE_FIRST_FRAME, "768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-02", VT_CREATE_MODE_TEXT, "768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-02", VT_CREATE_MODE_FIRST_FRAME, "512P:6,512P:10,768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-02", VT_CREATE_MODE_FIRST_LAST, "768P:6,768P:10,1080P:6" },
  { "MiniMax-Hailuo-02", VT_CREATE_MODE_SUBJECT, "" },
  { "T2V-01-Director", VT_CREATE_MODE_TEXT, "720P:6" },
  { "T2V-01", VT_CREATE_MODE_TEXT, "720P:6" },
  { "T2V-01", VT_CREATE_MODE_FIRST_FRAME, "" },
  { "I2V-01-Director", VT_CREATE_MODE_FIRST_FRAME, "720P:6" },
  { "I2V-01-live", VT_CREATE_MODE_FIRST_FRAME, "720P:6" },
  { "I2V-01", VT_CREATE_MODE_FIRST_FRAME, "720P:6" },
  { "I2V-01", VT_CREATE_MODE_TEXT, "" },
  { "S2V-01", VT_CREATE_MODE_SUBJECT, "720P:6" },
  { "S2V-01", VT_CREATE_MODE_TEXT, "" },
};

static void
give_mode (VtCreateRequest *request,
           VtCreateMode     mode,
           const char      *image)
{
  switch (mode)
    {
    case VT_CREATE_MODE_FIRST_LAST:
      request->last_frame = load_image (image);
      G_GNUC_FALLTHROUGH;
    case VT_CREATE_MODE_FIRST_FRAME:
      request->first_frame = load_image (image);
      break;
    case VT_CREATE_MODE_SUBJECT:
      request->subject = load_image (image);
      break;
    case VT_CREATE_MODE_REFERENCE:
      g_ptr_array_add (request->references, load_image (image));
      break;
    case VT_CREATE_MODE_TEXT:
    case VT_CREATE_MODE_TEMPLATE:
    default:
      break;
    }
}

static void
test_hailuo_table (void)
{
  static const char *resolutions[] = { "512P", "720P", "768P", "1080P", "2K" };
  static const int durations[] = { 4, 5, 6, 8, 10, 15 };
  guint n_accepted = 0;

  for (guint m = 0; m < G_N_ELEMENTS (hailuo_table); m++)
    for (guint r = 0; r < G_N_ELEMENTS (resolutions); r++)
      for (guint d = 0; d < G_N_ELEMENTS (durations); d++)
        {
          g_autoptr(VtCreateRequest) request = hailuo (hailuo_table[m].model, resolutions[r], durations[d]);
          g_autofree char *pair = g_strdup_printf ("%s:%d", resolutions[r], durations[d]);
          g_auto(GStrv) allowed = g_strsplit (hailuo_table[m].allowed, ",", -1);
          gboolean published = g_strv_contains ((const char * const *) allowed, pair);

          give_mode (request, hailuo_table[m].mode, "photo-640x360.jpg");
          g_assert_cmpint (vt_create_request_get_mode (request), ==, hailuo_table[m].mode);
          if (accepted (request) != published)
            g_error ("%s %s %s: %s, published as %s", hailuo_table[m].model,
                     vt_create_mode_describe (hailuo_table[m].mode), pair,
                     published ? "refused" : "accepted", published ? "allowed" : "not allowed");
          g_assert_cmpint (vt_create_model_takes (hailuo_table[m].model, hailuo_table[m].mode,
                                                  resolutions[r], durations[d]), ==, published);
          n_accepted += published;
        }
  g_assert_cmpuint (n_accepted, ==, 26);

  /* Without a size, each model's own default is what is checked (and sent). */
  {
    g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);

    g_assert_cmpstr (vt_create_request_get_model (request), ==, "MiniMax-Hailuo-2.3");
    g_assert_true (accepted (request));
    request->last_frame = load_image ("photo-640x360.png");
    request->first_frame = load_image ("photo-640x360.png");
    g_assert_cmpstr (vt_create_request_get_model (request), ==, "MiniMax-Hailuo-02");
    g_assert_true (accepted (request));
  }
  /* The refusal says what the model makes. */
  {
    g_autoptr(VtCreateRequest) request = hailuo ("MiniMax-Hailuo-2.3", "1080P", 10);

    refused_with (request, "768P: 6 or 10 s; 1080P: 6 s");
  }
}

/* §3.2: H3 768P/2K for 4–15 s; H3-Max 480P/768P for 5–15 s. */
static void
test_h3_table (void)
{
  static const char *resolutions[] = { "480P", "720P", "768P", "1080P", "2K" };

  for (int duration = 2; duration <= 17; duration++)
    for (guint r = 0; r < G_N_ELEMENTS (resolutions); r++)
      for (guint max = 0; max < 2; max++)
        {
          g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);
          const char *res = resolutions[r];
          gboolean published = max ? (duration >= 5 && duration <= 15 && (g_str_equal (res, "480P") || g_str_equal (res, "768P")))
                                   : (duration >= 4 && duration <= 15 && (g_str_equal (res, "768P") || g_str_equal (res, "2K")));

          request->model = g_strdup (max ? "MiniMax-H3-Max" : "MiniMax-H3");
          request->prompt = g_strdup ("Rain on a neon street");
          request->ratio = g_strdup ("16:9");
          request->resolution = g_strdup (res);
          request->duration = duration;
          if (accepted (request) != published)
            g_error ("%s %s %d s: wrongly %s", request->model, res, duration, published ? "refused" : "accepted");
        }
}

static void
test_h3_content (void)
{
  g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);

  request->prompt = g_strdup ("Rain on a neon street");
  /* Text alone needs a ratio, and not adaptive. */
  refused_with (request, "needs a ratio");
  request->ratio = g_strdup ("adaptive");
  refused_with (request, "needs a ratio");
  g_free (request->ratio);
  request->ratio = g_strdup ("5:4");
  refused_with (request, "not a ratio");
  g_free (request->ratio);
  request->ratio = g_strdup ("9:16");
  g_assert_true (accepted (request));

  /* Frames take the first frame's shape: a ratio with them is refused. */
  request->first_frame = load_image ("photo-640x360.heic");
  g_assert_cmpint (vt_create_request_get_mode (request), ==, VT_CREATE_MODE_FIRST_FRAME);
  refused_with (request, "leave the ratio out");
  g_clear_pointer (&request->ratio, g_free);
  g_assert_true (accepted (request));
  request->last_frame = load_image ("alpha-640x360.webp");
  g_assert_true (accepted (request));

  /* Frames or references, never both; at most 9 references. */
  g_ptr_array_add (request->references, load_image ("photo-640x360.png"));
  refused_with (request, "not both");
  g_clear_pointer (&request->first_frame, vt_create_image_free);
  g_clear_pointer (&request->last_frame, vt_create_image_free);
  g_assert_cmpint (vt_create_request_get_mode (request), ==, VT_CREATE_MODE_REFERENCE);
  g_assert_true (accepted (request));
  for (guint i = 1; i < 9; i++)
    g_ptr_array_add (request->references, load_image ("photo-640x360.jpg"));
  g_assert_true (accepted (request));
  g_ptr_array_add (request->references, load_image ("photo-640x360.jpg"));
  refused_with (request, "at most 9");
  g_ptr_array_set_size (request->references, 1);

  /* A last frame alone; a subject; Hailuo's switches. */
  g_ptr_array_set_size (request->references, 0);
  request->ratio = NULL;
  request->last_frame = load_image ("photo-640x360.jpg");
  refused_with (request, "needs a first frame");
  g_clear_pointer (&request->last_frame, vt_create_image_free);
  request->ratio = g_strdup ("1:1");
  request->prompt_optimizer = FALSE;
  refused_with (request, "Hailuo's");
  request->prompt_optimizer = -1;
  request->subject = load_image ("photo-640x360.jpg");
  refused_with (request, "for Hailuo");
}

/* Prompts are counted in characters, not bytes: 2,000 for Hailuo, 7,000 for H3. */
static void
test_prompt_limits (void)
{
  for (guint h3 = 0; h3 < 2; h3++)
    {
      int limit = h3 ? 7000 : 2000;
      g_autoptr(VtCreateRequest) request = vt_create_request_new (h3 ? VT_TASK_KIND_H3 : VT_TASK_KIND_VIDEO);
      g_autoptr(GString) prompt = g_string_new (NULL);

      if (h3)
        request->ratio = g_strdup ("16:9");
      for (int i = 0; i < limit; i++)
        g_string_append (prompt, i % 2 ? "猫" : "a");
      request->prompt = g_strdup (prompt->str);
      g_assert_true (accepted (request));
      g_free (request->prompt);
      g_string_append (prompt, "a");
      request->prompt = g_strdup (prompt->str);
      refused_with (request, h3 ? "7001 characters" : "2001 characters");
      g_free (request->prompt);
      request->prompt = g_strdup ("  \n ");
      refused_with (request, "prompt is needed");
    }
  /* A Hailuo video from a first frame needs no prompt. */
  {
    g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);

    g_clear_pointer (&request->prompt, g_free);
    refused_with (request, "prompt is needed");
    request->first_frame = load_image ("photo-640x360.png");
    g_assert_true (accepted (request));
  }
}

static void
test_hailuo_switches (void)
{
  g_autoptr(VtCreateRequest) request = hailuo ("MiniMax-Hailuo-02", NULL, 0);

  request->fast_pretreatment = TRUE;
  g_assert_true (accepted (request));
  g_free (request->model);
  request->model = g_strdup ("T2V-01-Director");
  refused_with (request, "fast pretreatment");
  request->fast_pretreatment = FALSE;
  request->ratio = g_strdup ("16:9");
  refused_with (request, "ratio is for MiniMax-H3");
  g_clear_pointer (&request->ratio, g_free);
  g_ptr_array_add (request->references, load_image ("photo-640x360.png"));
  refused_with (request, "Reference images are for MiniMax-H3");
  g_ptr_array_set_size (request->references, 0);
  request->subject = load_image ("photo-640x360.png");
  request->first_frame = load_image ("photo-640x360.png");
  refused_with (request, "goes alone");
  g_free (request->model);
  request->model = g_strdup ("MiniMax-H3");
  g_clear_pointer (&request->first_frame, vt_create_image_free);
  refused_with (request, "not a model for this kind");
  g_free (request->model);
  request->model = g_strdup ("MiniMax-Hailuo-2.3");
  refused_with (request, "S2V-01");
  /* Camera moves: where §2.4 says. */
  g_assert_true (vt_create_model_takes_camera ("MiniMax-Hailuo-02", VT_CREATE_MODE_FIRST_LAST));
  g_assert_true (vt_create_model_takes_camera ("T2V-01-Director", VT_CREATE_MODE_TEXT));
  g_assert_false (vt_create_model_takes_camera ("T2V-01", VT_CREATE_MODE_TEXT));
  g_assert_false (vt_create_model_takes_camera ("S2V-01", VT_CREATE_MODE_SUBJECT));
}

static void
test_agent (void)
{
  g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_AGENT);

  refused_with (request, "needs a template ID");
  request->template_id = g_strdup ("Diving");
  refused_with (request, "needs a template ID");
  g_free (request->template_id);
  /* Diving needs a picture; Run for Life a picture and a text; Anime Life Sim a text. */
  request->template_id = g_strdup ("392747428568649728");
  refused_with (request, "needs a picture");
  g_ptr_array_add (request->media, load_image ("photo-640x360.jpg"));
  g_assert_true (accepted (request));
  g_free (request->template_id);
  request->template_id = g_strdup ("393769180141805569");
  refused_with (request, "needs a text");
  g_ptr_array_add (request->texts, g_strdup ("Lion"));
  g_assert_true (accepted (request));
  g_ptr_array_add (request->texts, g_strdup (" "));
  refused_with (request, "cannot be empty");
  g_ptr_array_set_size (request->texts, 1);
  /* A template typed by hand, not in the tables: MiniMax decides. */
  g_free (request->template_id);
  request->template_id = g_strdup ("499999999999999999");
  g_ptr_array_set_size (request->media, 0);
  g_assert_true (accepted (request));
  request->prompt = g_strdup ("A prompt");
  refused_with (request, "template ID, texts and media only");
  g_clear_pointer (&request->prompt, g_free);
  /* The China list's Diving has an ID of its own. */
  g_free (request->template_id);
  request->template_id = g_strdup ("392753057216684038");
  refused_with (request, "needs a picture");
}

/* Real files of each type, typed and measured by their contents, whatever their names. */
static void
test_image_files (void)
{
  static const struct { const char *name; const char *type; int width, height; } files[] = {
    { "photo-640x360.jpg", "image/jpeg", 640, 360 },
    { "photo-640x360.png", "image/png", 640, 360 },
    { "photo-640x360.webp", "image/webp", 640, 360 },
    { "lossless-640x360.webp", "image/webp", 640, 360 },
    { "alpha-640x360.webp", "image/webp", 640, 360 },
    { "photo-640x360.heic", "image/heic", 640, 360 },
    { "photo-640x360.gif", NULL, 0, 0 },
    { "text.png", NULL, 0, 0 },
    { "wide-5761.png", "image/png", 5761, 300 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(VtCreateImage) image = load_image (files[i].name);

      g_assert_cmpstr (image->mime_type, ==, files[i].type);
      g_assert_cmpint (image->width, ==, files[i].width);
      g_assert_cmpint (image->height, ==, files[i].height);
    }
}

typedef struct
{
  const char *name;
  gboolean    hailuo;    /* accepted as a Hailuo first frame */
  gboolean    h3;        /* accepted as an H3 first frame */
  const char *refusal;   /* the Hailuo refusal's words, or H3's when Hailuo takes it */
} ImageCase;

static const ImageCase image_cases[] = {
  { "photo-640x360.jpg", TRUE, TRUE, NULL },
  { "photo-640x360.png", TRUE, TRUE, NULL },
  { "photo-640x360.webp", TRUE, TRUE, NULL },
  { "lossless-640x360.webp", TRUE, TRUE, NULL },
  { "alpha-640x360.webp", TRUE, TRUE, NULL },
  { "photo-640x360.heic", FALSE, TRUE, "JPEG, PNG or WebP" },
  { "photo-640x360.gif", FALSE, FALSE, "JPEG, PNG or WebP" },
  { "text.png", FALSE, FALSE, "JPEG, PNG or WebP" },
  { "square-300.png", FALSE, TRUE, "more than 300 pixels" },
  { "square-301.png", TRUE, TRUE, NULL },
  { "tall-2to5.png", TRUE, TRUE, NULL },
  { "tall-under-2to5.png", FALSE, FALSE, "between 2:5 and 5:2" },
  { "narrow-255.png", FALSE, FALSE, "more than 300 pixels" },
  { "wide-5761.png", FALSE, FALSE, "more than 300 pixels" },
};

static void
test_image_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (image_cases); i++)
    for (guint h3 = 0; h3 < 2; h3++)
      {
        g_autoptr(VtCreateRequest) request = vt_create_request_new (h3 ? VT_TASK_KIND_H3 : VT_TASK_KIND_VIDEO);
        gboolean expected = h3 ? image_cases[i].h3 : image_cases[i].hailuo;

        request->prompt = g_strdup ("Waves");
        request->first_frame = load_image (image_cases[i].name);
        if (accepted (request) != expected)
          g_error ("%s as %s first frame: wrongly %s", image_cases[i].name, h3 ? "an H3" : "a Hailuo",
                   expected ? "refused" : "accepted");
        if (!expected && !h3)
          refused_with (request, image_cases[i].refusal);
      }

  /* H3's sides: 256–5760 each (a 255-pixel side is refused for that, not the ratio). */
  {
    g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);

    request->prompt = g_strdup ("Waves");
    request->first_frame = load_image ("narrow-255.png");
    refused_with (request, "each side must be 256 to 5760");
  }

  /* Sizes: under 20 MB for Hailuo, at most 30 MB for H3; read from the header only. */
  {
    g_autofree char *path = image_path ("photo-640x360.png");
    g_autofree char *png = NULL;
    gsize length;
    guint8 *big;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);

    g_assert_true (g_file_get_contents (path, &png, &length, NULL));
    big = g_malloc0 (20 * 1000 * 1000);
    memcpy (big, png, length);
    bytes = g_bytes_new_take (big, 20 * 1000 * 1000);
    request->first_frame = vt_create_image_new_for_bytes ("/tmp/big.png", bytes, NULL);
    refused_with (request, "MiniMax takes images under 20");
    request->kind = VT_TASK_KIND_H3;
    g_clear_pointer (&request->model, g_free);
    request->ratio = NULL;
    g_assert_true (accepted (request));
  }

  /* A link is sent as given, https only; MiniMax checks what it points at. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtCreateImage) image = vt_create_image_load ("https://example.com/cat.jpg", NULL, &error);

    g_assert_no_error (error);
    g_assert_null (image->bytes);
    g_assert_null (vt_create_image_load ("http://example.com/cat.jpg", NULL, &error));
    g_assert_error (error, VT_ERROR, VT_ERROR_CREATE_RULE);
    g_clear_error (&error);
    g_assert_null (vt_create_image_load ("/no/such/image.png", NULL, &error));
    g_assert_error (error, VT_ERROR, VT_ERROR_CREATE_RULE);
  }
}

/* Headers cut short or lying are read within their bounds. */
static void
test_image_headers (void)
{
  static const char *names[] = { "photo-640x360.jpg", "photo-640x360.png", "photo-640x360.webp",
                                 "lossless-640x360.webp", "alpha-640x360.webp", "photo-640x360.heic" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = image_path (names[i]);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      for (gsize cut = 0; cut < MIN (length, 4096); cut++)
        {
          g_autofree guint8 *copy = g_memdup2 (data, cut);
          VtImageInfo info;

          /* Whatever it says of a cut file, it never says a size that is not the file's. */
          vt_image_info_read (copy, cut, &info);
          g_assert_true (info.width == 0 || info.width == 640);
        }
    }
}

static JsonObject *
body_of (const VtCreateRequest *request,
         JsonParser            *parser)
{
  g_autofree char *json = vt_create_request_to_json (request);
  /* What is sent: the same bytes, its data URLs written straight in. */
  g_autoptr(GBytes) sent = vt_create_request_to_body (request);
  g_autoptr(GError) error = NULL;

  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), json, strlen (json));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_members (JsonObject *object,
                const char *names)
{
  g_auto(GStrv) expected = g_strsplit (names, ",", -1);
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length (expected));
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains ((const char * const *) expected, l->data))
      g_error ("unexpected member %s", (const char *) l->data);
}

/* Each body field by field, per mode (§1.1, §2.1–2.3, §3.2–3.3). */
static void
test_bodies (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;

  {
    g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);

    body = body_of (request, parser);
    assert_members (body, "model,prompt,duration,resolution");
    g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "MiniMax-Hailuo-2.3");
    g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 6);
    g_assert_cmpstr (json_object_get_string_member (body, "resolution"), ==, "768P");
    request->prompt_optimizer = FALSE;
    request->fast_pretreatment = TRUE;
    request->first_frame = load_image ("photo-640x360.webp");
    request->duration = 10;
    body = body_of (request, parser);
    assert_members (body, "model,prompt,duration,resolution,prompt_optimizer,fast_pretreatment,first_frame_image");
    g_assert_false (json_object_get_boolean_member (body, "prompt_optimizer"));
    g_assert_true (json_object_get_boolean_member (body, "fast_pretreatment"));
    g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 10);
    /* The MIME type is the contents', whatever the file's name. */
    g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "first_frame_image"), "data:image/webp;base64,UklGR"));
  }
  {
    /* First and last frame; the 01 series gets no size; S2V's subject_reference. */
    g_autoptr(VtCreateRequest) request = hailuo ("MiniMax-Hailuo-02", "1080P", 6);

    request->first_frame = vt_create_image_new_for_url ("https://example.com/a.jpg", NULL);
    request->last_frame = load_image ("photo-640x360.png");
    body = body_of (request, parser);
    assert_members (body, "model,prompt,duration,resolution,first_frame_image,last_frame_image");
    g_assert_cmpstr (json_object_get_string_member (body, "first_frame_image"), ==, "https://example.com/a.jpg");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "last_frame_image"), "data:image/png;base64,iVBORw0KGgo"));
  }
  {
    g_autoptr(VtCreateRequest) request = hailuo ("T2V-01", NULL, 0);

    body = body_of (request, parser);
    assert_members (body, "model,prompt");
  }
  {
    g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);
    JsonArray *subject;

    g_clear_pointer (&request->prompt, g_free);
    request->subject = vt_create_image_new_for_url ("https://example.com/face.jpg", NULL);
    body = body_of (request, parser);
    assert_members (body, "model,subject_reference");
    g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "S2V-01");
    subject = json_object_get_array_member (body, "subject_reference");
    g_assert_cmpuint (json_array_get_length (subject), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subject, 0), "type"), ==, "character");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (subject, 0), "image"), 0),
                     ==, "https://example.com/face.jpg");
  }
  {
    /* H3: content with the text first, then the images by role. */
    g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);
    JsonArray *content;
    JsonObject *item;

    request->prompt = g_strdup ("Rain");
    request->ratio = g_strdup ("21:9");
    request->duration = 8;
    body = body_of (request, parser);
    assert_members (body, "model,content,duration,resolution,ratio");
    g_assert_cmpstr (json_object_get_string_member (body, "resolution"), ==, "2K");
    content = json_object_get_array_member (body, "content");
    g_assert_cmpuint (json_array_get_length (content), ==, 1);
    item = json_array_get_object_element (content, 0);
    g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "text");
    g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Rain");

    g_clear_pointer (&request->ratio, g_free);
    g_ptr_array_add (request->references, vt_create_image_new_for_url ("https://example.com/1.jpg", NULL));
    g_ptr_array_add (request->references, load_image ("photo-640x360.heic"));
    body = body_of (request, parser);
    assert_members (body, "model,content,duration,resolution");
    content = json_object_get_array_member (body, "content");
    g_assert_cmpuint (json_array_get_length (content), ==, 3);
    item = json_array_get_object_element (content, 2);
    g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "image_url");
    g_assert_cmpstr (json_object_get_string_member (item, "role"), ==, "reference_image");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (item, "image_url"), "url"),
                                     "data:image/heic;base64,"));
    /* Read back as the loopback server reads it. */
    {
      g_autoptr(VtCreateRequest) back = vt_create_request_from_json (VT_TASK_KIND_H3, body);

      g_assert_nonnull (back);
      g_assert_cmpuint (back->references->len, ==, 2);
      g_assert_cmpstr (((VtCreateImage *) back->references->pdata[1])->mime_type, ==, "image/heic");
      g_assert_cmpint (((VtCreateImage *) back->references->pdata[1])->width, ==, 640);
      g_assert_cmpint (back->duration, ==, 8);
      g_assert_true (accepted (back));
    }
  }
  {
    g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_AGENT);
    JsonArray *texts;

    request->template_id = g_strdup ("393769180141805569");
    g_ptr_array_add (request->texts, g_strdup ("Lion"));
    g_ptr_array_add (request->media, vt_create_image_new_for_url ("https://example.com/pet.jpg", NULL));
    body = body_of (request, parser);
    assert_members (body, "template_id,text_inputs,media_inputs");
    texts = json_object_get_array_member (body, "text_inputs");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (texts, 0), "value"), ==, "Lion");
    g_assert_cmpstr (vt_create_request_get_path (request), ==, "/v1/video_template_generation");
  }
  {
    /* Eleven pictures, each written into the body in its place (placeholders 1 and 10 share
     * a beginning); the rules are not this test's business. */
    static const char * const files[] = { "photo-640x360.jpg", "photo-640x360.png", "photo-640x360.webp",
                                          "alpha-640x360.webp", "lossless-640x360.webp", "square-300.png",
                                          "square-301.png", "tall-2to5.png", "photo-640x360.heic",
                                          "wide-5761.png", "narrow-255.png" };
    g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);
    JsonArray *content;

    request->prompt = g_strdup ("Eleven");
    request->ratio = g_strdup ("16:9");
    request->first_frame = load_image (files[0]);
    request->last_frame = load_image (files[1]);
    for (guint i = 2; i < G_N_ELEMENTS (files); i++)
      g_ptr_array_add (request->references, load_image (files[i]));
    body = body_of (request, parser);
    content = json_object_get_array_member (body, "content");
    g_assert_cmpuint (json_array_get_length (content), ==, 12);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (content, 11), "image_url"), "url"),
                                     "data:image/png;base64,iVBORw0KGgo"));
  }
  {
    /* Pictures of 0 to 4 bytes: each of base64's paddings, and none (not pictures a check
     * would pass; the encoding is this test's business). */
    g_autoptr(VtCreateRequest) request = vt_create_request_new (VT_TASK_KIND_H3);

    request->prompt = g_strdup ("Paddings");
    for (gsize size = 0; size <= 4; size++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new ("\xff\xd8\xff\xe0", size);

        g_ptr_array_add (request->references, vt_create_image_new_for_bytes ("tiny.jpg", bytes, NULL));
      }
    body_of (request, parser);
  }
}

static void
test_labels (void)
{
  g_autoptr(VtCreateRequest) request = hailuo (NULL, NULL, 0);
  g_autofree char *label = NULL;
  g_autofree char *long_label = NULL;
  g_autofree char *template_label = NULL;

  label = vt_create_request_make_label (request);
  g_assert_cmpstr (label, ==, "A cat surfing at dawn");
  g_free (request->prompt);
  request->prompt = g_strdup ("A very long prompt that goes on and on about a cat on a surfboard at dawn\nand more");
  long_label = vt_create_request_make_label (request);
  g_assert_cmpint (g_utf8_strlen (long_label, -1), ==, 60);
  g_assert_true (g_str_has_suffix (long_label, "…"));
  {
    g_autoptr(VtCreateRequest) agent = vt_create_request_new (VT_TASK_KIND_AGENT);

    agent->template_id = g_strdup ("397017167949312007");
    template_label = vt_create_request_make_label (agent);
    g_assert_cmpstr (template_label, ==, "Pet Pilot");
  }
}

typedef struct
{
  gboolean    v2;
  guint       status;
  const char *body;
  const char *task_id;   /* NULL: refused */
  int         code;
  const char *words;
} Answer;

static const Answer answers[] = {
  { FALSE, 200, "{\"task_id\":\"470000000000001\",\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}", "470000000000001", 0, NULL },
  { FALSE, 200, "{\"task_id\":\"\",\"base_resp\":{\"status_code\":1008,\"status_msg\":\"insufficient balance\"}}", NULL, VT_ERROR_INSUFFICIENT_BALANCE, "balance" },
  { FALSE, 200, "{\"base_resp\":{\"status_code\":1026,\"status_msg\":\"input new_sensitive\"}}", NULL, VT_ERROR_SENSITIVE_INPUT, "sensitive" },
  { FALSE, 200, "{\"base_resp\":{\"status_code\":2013,\"status_msg\":\"invalid params, duration\"}}", NULL, VT_ERROR_API, "(error 2013): invalid params, duration" },
  { FALSE, 200, "{\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit\"}}", NULL, VT_ERROR_RATE_LIMITED, NULL },
  { FALSE, 200, "{\"task_id\":\"470000000000001\"}", NULL, VT_ERROR_PROTOCOL, "incomplete" },
  { FALSE, 200, "{\"task_id\":\"x y\",\"base_resp\":{\"status_code\":0}}", NULL, VT_ERROR_PROTOCOL, "task_id" },
  { FALSE, 200, "<html>", NULL, VT_ERROR_PROTOCOL, "web page" },
  { TRUE, 200, "{\"task_id\":\"470000000000002\"}", "470000000000002", 0, NULL },
  { TRUE, 200, "", NULL, VT_ERROR_PROTOCOL, "could not be read" },
  { FALSE, 200, "", NULL, VT_ERROR_PROTOCOL, "could not be read" },
  { TRUE, 400, "{\"type\":\"error\",\"error\":{\"type\":\"bad_request_error\",\"message\":\"invalid params, ratio (2013)\",\"http_code\":\"400\"}}", NULL, VT_ERROR_API, "(error 2013): invalid params, ratio (2013)" },
  { TRUE, 402, "{\"type\":\"error\",\"error\":{\"type\":\"insufficient_balance_error\",\"message\":\"balance (1008)\"}}", NULL, VT_ERROR_INSUFFICIENT_BALANCE, NULL },
  { TRUE, 422, "{\"error\":{\"message\":\"sensitive (1026)\"}}", NULL, VT_ERROR_SENSITIVE_INPUT, NULL },
  { TRUE, 429, "{\"error\":{\"message\":\"slow down\"}}", NULL, VT_ERROR_RATE_LIMITED, NULL },
  { TRUE, 500, "", NULL, VT_ERROR_SERVER, NULL },
  { TRUE, 529, "{\"error\":{\"type\":\"overloaded_error\"}}", NULL, VT_ERROR_SERVER, NULL },
};

static void
test_answers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (answers[i].body, strlen (answers[i].body));
      g_autoptr(GError) error = NULL;
      g_autofree char *task_id = vt_create_parse_answer (answers[i].v2, answers[i].status, body, &error);

      g_assert_cmpstr (task_id, ==, answers[i].task_id);
      if (answers[i].task_id != NULL)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, VT_ERROR, answers[i].code);
          if (answers[i].words != NULL && strstr (error->message, answers[i].words) == NULL)
            g_error ("answer %u: “%s” does not say “%s”", i, error->message, answers[i].words);
        }
    }
}

/* Through the client and the gate to the loopback server: a body that keeps the rules makes
 * a task; one that breaks them (sent here on purpose, past the app's own check) is refused
 * by the server with MiniMax's 2013 and its reason. */
typedef struct
{
  gboolean  done;
  char     *task_id;
  GError   *error;
} Created;

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Created *created = user_data;

  created->task_id = vt_create_submit_finish (result, &created->error);
  created->done = TRUE;
}

static void
test_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMockServer) server = vt_mock_server_new (KEY, &error);
  g_autoptr(VtClient) client = vt_client_new ();
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  gint64 started;
  guint n_v1 = 0;
  static const struct { VtTaskKind kind; const char *json; const char *refusal; } bodies[] = {
    { VT_TASK_KIND_VIDEO, "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"a\",\"duration\":6,\"resolution\":\"768P\"}", NULL },
    { VT_TASK_KIND_VIDEO, "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"a\",\"duration\":10,\"resolution\":\"1080P\"}", "1080P videos of 10 s" },
    { VT_TASK_KIND_VIDEO, "{\"model\":\"T2V-01\",\"prompt\":\"a\",\"duration\":6,\"resolution\":\"720P\"}", "takes no duration" },
    { VT_TASK_KIND_VIDEO, "{\"model\":\"T2V-01\",\"prompt\":\"a\"}", NULL },
    { VT_TASK_KIND_H3, "{\"model\":\"MiniMax-H3\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}],\"duration\":5,\"resolution\":\"2K\",\"ratio\":\"16:9\"}", NULL },
    { VT_TASK_KIND_H3, "{\"model\":\"MiniMax-H3\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}],\"duration\":5,\"resolution\":\"2K\"}", "needs a ratio" },
    { VT_TASK_KIND_AGENT, "{\"template_id\":\"392747428568649728\"}", "needs a picture" },
    { VT_TASK_KIND_AGENT, "{\"template_id\":\"392747428568649728\",\"media_inputs\":[{\"value\":\"https://example.com/dog.jpg\"}]}", NULL },
  };

  g_assert_no_error (error);
  vt_client_set_clock (client, clock);
  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (server), NULL));
  vt_client_set_api_key (client, KEY);
  started = vt_clock_get_monotonic (clock);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      Created created = { 0 };
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i].json, strlen (bodies[i].json));

      vt_create_submit_async (client, bodies[i].kind, body, NULL, created_cb, &created);
      wait_through_gate (client, created.done);
      n_v1 += bodies[i].kind != VT_TASK_KIND_H3;
      if (bodies[i].refusal == NULL)
        {
          g_assert_no_error (created.error);
          g_assert_true (g_str_has_prefix (created.task_id, "47"));
        }
      else
        {
          g_assert_null (created.task_id);
          g_assert_error (created.error, VT_ERROR, VT_ERROR_API);
          g_assert_nonnull (strstr (created.error->message, "2013"));
          if (strstr (created.error->message, bodies[i].refusal) == NULL)
            g_error ("“%s” does not say “%s”", created.error->message, bodies[i].refusal);
        }
      g_free (created.task_id);
      g_clear_error (&created.error);
    }
  /* Hailuo and Video Agent creations share their own budget: 5 a minute, one at once. */
  g_assert_cmpint (vt_clock_get_monotonic (clock) - started, >=, (gint64) (n_v1 - 1) * 12 * G_USEC_PER_SEC);
  g_assert_cmpuint (vt_gate_get_per_minute (vt_client_get_gate (client), VT_GATE_CREATE_V1), ==, 5);
}

static const char *
last_path (VtMockServer *server)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);

  return requests->len > 0 ? ((VtMockRequest *) requests->pdata[requests->len - 1])->path : NULL;
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Created *created = user_data;

  if (vt_create_cancel_finish (result, &created->error))
    created->task_id = g_strdup ("cancelled");
  created->done = TRUE;
}

/* An H3 task still queued is cancelled at MiniMax (DELETE, §3.4), and its queries say so;
 * one that runs is refused with MiniMax's words; a bad ID is never sent. */
static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMockServer) server = vt_mock_server_new (KEY, &error);
  g_autoptr(VtClient) client = vt_client_new ();
  g_autoptr(VtClock) clock = vt_clock_new_manual ();
  Created created = { 0 };

  g_assert_no_error (error);
  vt_client_set_clock (client, clock);
  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (server), NULL));
  vt_client_set_api_key (client, KEY);

  vt_create_cancel_async (client, "424010985738629", NULL, cancelled_cb, &created);
  wait_through_gate (client, created.done);
  g_assert_no_error (created.error);
  g_assert_cmpstr (created.task_id, ==, "cancelled");
  g_assert_cmpstr (last_path (server), ==, "/v2/video_generation/424010985738629");
  g_clear_pointer (&created.task_id, g_free);

  /* Running: it no longer waits in the queue. */
  vt_mock_server_set_timing (server, 0, 600000);
  created.done = FALSE;
  vt_create_cancel_async (client, "424010985738630", NULL, cancelled_cb, &created);
  wait_through_gate (client, created.done);
  g_assert_error (created.error, VT_ERROR, VT_ERROR_API);
  g_assert_nonnull (strstr (created.error->message, "running"));
  g_clear_error (&created.error);

  created.done = FALSE;
  vt_create_cancel_async (client, "../v1/files", NULL, cancelled_cb, &created);
  vt_test_wait_until (created.done);
  g_assert_error (created.error, VT_ERROR, VT_ERROR_PROTOCOL);
  g_assert_cmpstr (last_path (server), ==, "/v2/video_generation/424010985738630");
  g_clear_error (&created.error);
}

static JsonObject *
read_prices (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (TEST_DATADIR, "..", "..", "data", "prices.json", NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (vt_json_load (parser, text, length, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* Estimates from data/prices.json: per video for Hailuo, per second (and pictures past the
 * free ones) for H3, per template; nothing where the table says nothing. */
static void
test_prices (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) odd = json_parser_new ();
  JsonObject *table = read_prices (parser);
  g_autoptr(VtCreateRequest) hailuo = vt_create_request_new (VT_TASK_KIND_VIDEO);
  g_autoptr(VtCreateRequest) h3 = vt_create_request_new (VT_TASK_KIND_H3);
  g_autoptr(VtCreateRequest) agent = vt_create_request_new (VT_TASK_KIND_AGENT);
  g_autofree char *text = NULL;
  VtPrice price;

  /* MiniMax-Hailuo-2.3 by default, 768P for 6 s. */
  hailuo->prompt = g_strdup ("A cat");
  g_assert_true (vt_price_estimate (table, "global", hailuo, &price));
  g_assert_cmpfloat_with_epsilon (price.amount, 0.28, 1e-9);
  g_assert_cmpstr (price.currency, ==, "USD");
  g_assert_cmpstr (price.as_of, ==, "2026-10");
  text = vt_price_format (&price);
  g_assert_cmpstr (text, ==, "≈ $0.28");
  vt_price_clear (&price);
  hailuo->model = g_strdup ("MiniMax-Hailuo-02");
  hailuo->duration = 10;
  g_assert_true (vt_price_estimate (table, "global", hailuo, &price));
  g_assert_cmpfloat_with_epsilon (price.amount, 0.56, 1e-9);
  vt_price_clear (&price);
  /* China's Hailuo prices, and the 01 series', are not published: no estimate. */
  g_assert_false (vt_price_estimate (table, "cn", hailuo, &price));
  g_free (hailuo->model);
  hailuo->model = g_strdup ("T2V-01");
  g_assert_false (vt_price_estimate (table, "global", hailuo, &price));

  /* H3 2K for 8 s with 7 reference images: 5 free, 2 at $0.04. */
  h3->model = g_strdup ("MiniMax-H3");
  h3->resolution = g_strdup ("2K");
  h3->duration = 8;
  for (guint i = 0; i < 7; i++)
    g_ptr_array_add (h3->references, vt_create_image_new_for_url ("https://example.com/a.jpg", NULL));
  g_assert_true (vt_price_estimate (table, "global", h3, &price));
  g_assert_cmpfloat_with_epsilon (price.amount, 0.13 * 8 + 2 * 0.04, 1e-9);
  vt_price_clear (&price);
  /* In China, per second in yuan (its picture prices are not known). */
  g_assert_true (vt_price_estimate (table, "cn", h3, &price));
  g_assert_cmpfloat_with_epsilon (price.amount, 0.80 * 8, 1e-9);
  g_clear_pointer (&text, g_free);
  text = vt_price_format (&price);
  g_assert_cmpstr (text, ==, "≈ ¥6.40");
  vt_price_clear (&price);

  /* A template's historical price; one not in the table has none. */
  agent->template_id = g_strdup ("392747428568649728");
  g_assert_true (vt_price_estimate (table, "global", agent, &price));
  g_assert_cmpfloat_with_epsilon (price.amount, 0.40, 1e-9);
  g_assert_cmpstr (price.as_of, ==, "historical");
  vt_price_clear (&price);
  g_free (agent->template_id);
  agent->template_id = g_strdup ("1");
  g_assert_false (vt_price_estimate (table, "global", agent, &price));

  /* A table that is not as expected prices nothing. */
  {
    const char *broken = "{\"global\": {\"currency\": \"USD\", \"per_second\": "
                         "{\"MiniMax-H3\": {\"2K\": \"0.13\", \"768P\": -1}}}}";

    g_assert_true (vt_json_load (odd, broken, strlen (broken), NULL));
  }
  g_assert_false (vt_price_estimate (json_node_get_object (json_parser_get_root (odd)), "global", h3, &price));
  g_free (h3->resolution);
  h3->resolution = g_strdup ("768P");
  g_assert_false (vt_price_estimate (json_node_get_object (json_parser_get_root (odd)), "global", h3, &price));
  g_assert_false (vt_price_estimate (NULL, "global", h3, &price));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/create/hailuo-table", test_hailuo_table);
  g_test_add_func ("/create/h3-table", test_h3_table);
  g_test_add_func ("/create/h3-content", test_h3_content);
  g_test_add_func ("/create/prompt-limits", test_prompt_limits);
  g_test_add_func ("/create/hailuo-switches", test_hailuo_switches);
  g_test_add_func ("/create/agent", test_agent);
  g_test_add_func ("/create/image-files", test_image_files);
  g_test_add_func ("/create/image-rules", test_image_rules);
  g_test_add_func ("/create/image-headers", test_image_headers);
  g_test_add_func ("/create/bodies", test_bodies);
  g_test_add_func ("/create/labels", test_labels);
  g_test_add_func ("/create/answers", test_answers);
  g_test_add_func ("/create/submit", test_submit);
  g_test_add_func ("/create/prices", test_prices);
  g_test_add_func ("/create/cancel", test_cancel);

  return g_test_run ();
}
