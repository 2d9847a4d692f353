/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-create-request"

/*
 * A creation as the user asked for it, its images read and typed by their contents, and the
 * JSON body MiniMax is sent for it (CREATE-API.md §1.1, §2.1–2.3, §3.2–3.3). The rules it is
 * checked against are in vt-create-rules.c.
 *
 * H3's content items are written as {"type": "image_url", "image_url": {"url": …}, "role": …}
 * and {"type": "text", "text": …}: the doc names the types and roles but shows no item whole;
 * this is the shape of the OpenAI-style API whose item types it borrows (UNCONFIRMED).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-create.h"
#include "vt-error.h"
#include "vt-image-info.h"

/* A file larger than any MiniMax takes is not read whole to find that out. */
#define MAX_IMAGE_FILE (VT_CREATE_H3_MAX_BODY + 1)

VtCreateRequest *
vt_create_request_new (VtTaskKind kind)
{
  VtCreateRequest *request = g_new0 (VtCreateRequest, 1);

  request->kind = kind;
  request->prompt_optimizer = -1;
  request->references = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_create_image_free);
  request->texts = g_ptr_array_new_with_free_func (g_free);
  request->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_create_image_free);
  return request;
}

void
vt_create_request_free (VtCreateRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->model);
  g_free (request->prompt);
  g_free (request->resolution);
  g_free (request->ratio);
  vt_create_image_free (request->first_frame);
  vt_create_image_free (request->last_frame);
  vt_create_image_free (request->subject);
  g_clear_pointer (&request->references, g_ptr_array_unref);
  g_free (request->template_id);
  g_clear_pointer (&request->texts, g_ptr_array_unref);
  g_clear_pointer (&request->media, g_ptr_array_unref);
  g_free (request->label);
  g_free (request);
}

/* The mode follows from what was given: a subject, references, frames, or text alone. */
VtCreateMode
vt_create_request_get_mode (const VtCreateRequest *request)
{
  if (request->kind == VT_TASK_KIND_AGENT)
    return VT_CREATE_MODE_TEMPLATE;
  if (request->subject != NULL)
    return VT_CREATE_MODE_SUBJECT;
  if (request->references != NULL && request->references->len > 0)
    return VT_CREATE_MODE_REFERENCE;
  if (request->last_frame != NULL)
    return VT_CREATE_MODE_FIRST_LAST;
  if (request->first_frame != NULL)
    return VT_CREATE_MODE_FIRST_FRAME;
  return VT_CREATE_MODE_TEXT;
}

/* Returns: the model asked for, or the kind's default for the mode; NULL for Video Agent */
const char *
vt_create_request_get_model (const VtCreateRequest *request)
{
  if (request->model != NULL)
    return request->model;
  return vt_create_default_model (request->kind, vt_create_request_get_mode (request));
}

/* Returns: where the request is sent on the API host */
const char *
vt_create_request_get_path (const VtCreateRequest *request)
{
  switch (request->kind)
    {
    case VT_TASK_KIND_AGENT:
      return "/v1/video_template_generation";
    case VT_TASK_KIND_H3:
      return "/v2/video_generation";
    case VT_TASK_KIND_VIDEO:
    case VT_TASK_KIND_UNKNOWN:
    default:
      return "/v1/video_generation";
    }
}

const char *
vt_create_mode_describe (VtCreateMode mode)
{
  switch (mode)
    {
    case VT_CREATE_MODE_FIRST_FRAME:
      return _("from a first frame");
    case VT_CREATE_MODE_FIRST_LAST:
      return _("from a first and a last frame");
    case VT_CREATE_MODE_SUBJECT:
      return _("from a subject reference");
    case VT_CREATE_MODE_REFERENCE:
      return _("from reference images");
    case VT_CREATE_MODE_TEMPLATE:
      return _("from a template");
    case VT_CREATE_MODE_TEXT:
    default:
      return _("from text");
    }
}

#define LABEL_LENGTH 60

/**
 * vt_create_request_make_label:
 *
 * Returns: (transfer full) (nullable): the label a new task gets when none was given: its
 *   prompt's first line, shortened, or its template's name
 */
char *
vt_create_request_make_label (const VtCreateRequest *request)
{
  if (request->label != NULL)
    return g_strdup (request->label);
  if (request->prompt != NULL && g_utf8_validate (request->prompt, -1, NULL))
    {
      g_autofree char *line = g_strstrip (g_strndup (request->prompt, strcspn (request->prompt, "\r\n")));

      if (*line == '\0')
        return NULL;
      if (g_utf8_strlen (line, -1) <= LABEL_LENGTH)
        return g_steal_pointer (&line);
      {
        g_autofree char *start = g_utf8_substring (line, 0, LABEL_LENGTH - 1);

        return g_strconcat (g_strchomp (start), "…", NULL);
      }
    }
  if (request->kind == VT_TASK_KIND_AGENT && request->template_id != NULL)
    {
      guint n;
      const VtCreateTemplate *templates = vt_create_templates (&n);

      for (guint i = 0; i < n; i++)
        if (g_str_equal (templates[i].id, request->template_id))
          return g_strdup (_(templates[i].name));
    }
  return NULL;
}

/* Images */

VtCreateImage *
vt_create_image_new_for_url (const char  *url,
                             GError     **error)
{
  VtCreateImage *image;

  if (g_uri_peek_scheme (url) == NULL || g_ascii_strcasecmp (g_uri_peek_scheme (url), "https") != 0 ||
      !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_CREATE_RULE,
                   _("“%s” is not an https link to an image."), url);
      return NULL;
    }
  image = g_new0 (VtCreateImage, 1);
  image->source = g_strdup (url);
  return image;
}

/**
 * vt_create_image_new_for_bytes:
 * @source: the file's path, for the messages and the task's memory of it
 *
 * Returns: (transfer full): the image, typed and measured by its contents; one that is none
 *   of the types MiniMax takes has no MIME type, and vt_create_request_check() says so
 */
VtCreateImage *
vt_create_image_new_for_bytes (const char  *source,
                               GBytes      *bytes,
                               GError     **error)
{
  VtCreateImage *image = g_new0 (VtCreateImage, 1);
  VtImageInfo info;

  image->source = g_strdup (source);
  image->bytes = g_bytes_ref (bytes);
  if (vt_image_info_read (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &info))
    {
      image->mime_type = g_strdup (info.mime_type);
      image->width = info.width;
      image->height = info.height;
    }
  return image;
}

/**
 * vt_create_image_load:
 * @path_or_url: an https URL, or a local file
 *
 * Reads a local image (blocking: call it in a worker thread, or from the command line).
 *
 * Returns: (transfer full): the image, or %NULL with an error
 */
VtCreateImage *
vt_create_image_load (const char    *path_or_url,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_uri_peek_scheme (path_or_url) != NULL)
    return vt_create_image_new_for_url (path_or_url, error);

  file = g_file_new_for_commandline_arg (path_or_url);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                                  cancellable, &local_error);
      /* As large as the file says it is (a file that grows is cut at the cap). */
      gsize size = info != NULL ? (gsize) MIN (g_file_info_get_size (info) + 1, MAX_IMAGE_FILE) : 0;

      if (info != NULL)
        {
          guint8 *data = g_malloc (MAX (size, 1));
          gsize read = 0;

          if (g_input_stream_read_all (G_INPUT_STREAM (stream), data, size, &read, cancellable, &local_error))
            bytes = g_bytes_new_take (g_realloc (data, MAX (read, 1)), read);
          else
            g_free (data);
        }
    }
  if (bytes == NULL)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_CREATE_RULE, _("The image “%s” could not be read: %s"),
                   path_or_url, local_error->message);
      return NULL;
    }
  return vt_create_image_new_for_bytes (g_file_peek_path (file), bytes, error);
}

void
vt_create_image_free (VtCreateImage *image)
{
  if (image == NULL)
    return;
  g_free (image->source);
  g_clear_pointer (&image->bytes, g_bytes_unref);
  g_free (image->mime_type);
  g_free (image);
}

/* Pictures whose data URLs are written into the body once it is made (vt_create_request_to_body()):
 * the JSON is made with a placeholder for each. */
typedef struct
{
  char      *nonce;     /* in each placeholder, so that no text typed can be one */
  GPtrArray *images;    /* (element-type VtCreateImage) not owned, in the placeholders' order */
} Deferred;

static char *
placeholder (const Deferred *deferred,
             guint           index)
{
  return g_strdup_printf ("vt-picture-%s-%u", deferred->nonce, index);
}

static const char *
data_url_mime_type (const VtCreateImage *image)
{
  return image->mime_type != NULL ? image->mime_type : "image/jpeg";
}

/* The image as MiniMax is sent it: its URL, or a data URL of its contents (with @deferred, a
 * placeholder for it). */
static char *
image_value (const VtCreateImage *image,
             Deferred            *deferred)
{
  g_autofree char *base64 = NULL;

  if (image->bytes == NULL)
    return g_strdup (image->source);
  if (deferred != NULL)
    {
      g_ptr_array_add (deferred->images, (gpointer) image);
      return placeholder (deferred, deferred->images->len - 1);
    }
  base64 = g_base64_encode (g_bytes_get_data (image->bytes, NULL), g_bytes_get_size (image->bytes));
  return g_strdup_printf ("data:%s;base64,%s", data_url_mime_type (image), base64);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_image (JsonBuilder         *builder,
           const char          *name,
           const VtCreateImage *image,
           Deferred            *deferred)
{
  g_autofree char *value = image_value (image, deferred);

  add_string (builder, name, value);
}

static void
add_size (JsonBuilder           *builder,
          const VtCreateRequest *request,
          const char            *model)
{
  json_builder_set_member_name (builder, "duration");
  json_builder_add_int_value (builder, request->duration != 0 ? request->duration
                                                              : vt_create_default_duration (model));
  add_string (builder, "resolution", request->resolution != NULL ? request->resolution
                                                                 : vt_create_default_resolution (model));
}

static void
build_hailuo (JsonBuilder           *builder,
              const VtCreateRequest *request,
              Deferred              *deferred)
{
  const char *model = vt_create_request_get_model (request);

  add_string (builder, "model", model);
  if (request->prompt != NULL)
    add_string (builder, "prompt", request->prompt);
  if (request->prompt_optimizer != -1)
    {
      json_builder_set_member_name (builder, "prompt_optimizer");
      json_builder_add_boolean_value (builder, request->prompt_optimizer != 0);
    }
  if (request->fast_pretreatment)
    {
      json_builder_set_member_name (builder, "fast_pretreatment");
      json_builder_add_boolean_value (builder, TRUE);
    }
  /* The 01 series is fixed at 6 s and 720P, and refuses both (§2.2). */
  if (vt_create_model_sends_size (model))
    add_size (builder, request, model);
  if (request->first_frame != NULL)
    add_image (builder, "first_frame_image", request->first_frame, deferred);
  if (request->last_frame != NULL)
    add_image (builder, "last_frame_image", request->last_frame, deferred);
  if (request->subject != NULL)
    {
      json_builder_set_member_name (builder, "subject_reference");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "type", "character");
      json_builder_set_member_name (builder, "image");
      json_builder_begin_array (builder);
      {
        g_autofree char *value = image_value (request->subject, deferred);

        json_builder_add_string_value (builder, value);
      }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
}

static void
add_content_image (JsonBuilder         *builder,
                   const VtCreateImage *image,
                   const char          *role,
                   Deferred            *deferred)
{
  g_autofree char *value = image_value (image, deferred);

  json_builder_begin_object (builder);
  add_string (builder, "type", "image_url");
  json_builder_set_member_name (builder, "image_url");
  json_builder_begin_object (builder);
  add_string (builder, "url", value);
  json_builder_end_object (builder);
  add_string (builder, "role", role);
  json_builder_end_object (builder);
}

static void
build_h3 (JsonBuilder           *builder,
          const VtCreateRequest *request,
          Deferred              *deferred)
{
  const char *model = vt_create_request_get_model (request);

  add_string (builder, "model", model);
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "type", "text");
  add_string (builder, "text", request->prompt != NULL ? request->prompt : "");
  json_builder_end_object (builder);
  if (request->first_frame != NULL)
    add_content_image (builder, request->first_frame, "first_frame", deferred);
  if (request->last_frame != NULL)
    add_content_image (builder, request->last_frame, "last_frame", deferred);
  for (guint i = 0; request->references != NULL && i < request->references->len; i++)
    add_content_image (builder, request->references->pdata[i], "reference_image", deferred);
  json_builder_end_array (builder);
  add_size (builder, request, model);
  if (request->ratio != NULL)
    add_string (builder, "ratio", request->ratio);
}

static void
add_values (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *values,
            gboolean     images,
            Deferred    *deferred)
{
  if (values == NULL || values->len == 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *value = images ? image_value (values->pdata[i], deferred) : g_strdup (values->pdata[i]);

      json_builder_begin_object (builder);
      add_string (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
make_json (const VtCreateRequest *request,
           Deferred              *deferred,
           gsize                 *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  switch (request->kind)
    {
    case VT_TASK_KIND_AGENT:
      add_string (builder, "template_id", request->template_id);
      add_values (builder, "text_inputs", request->texts, FALSE, deferred);
      add_values (builder, "media_inputs", request->media, TRUE, deferred);
      break;
    case VT_TASK_KIND_H3:
      build_h3 (builder, request, deferred);
      break;
    case VT_TASK_KIND_VIDEO:
    case VT_TASK_KIND_UNKNOWN:
    default:
      build_hailuo (builder, request, deferred);
      break;
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/**
 * vt_create_request_to_json:
 *
 * Returns: (transfer full): the body MiniMax is sent for @request (checked first with
 *   vt_create_request_check())
 */
char *
vt_create_request_to_json (const VtCreateRequest *request)
{
  return make_json (request, NULL, NULL);
}

/* A placeholder found in the JSON: where, and for which picture. */
typedef struct
{
  gsize                at;
  gsize                length;
  const VtCreateImage *image;
} Spot;

static int
compare_spots (gconstpointer a,
               gconstpointer b)
{
  const Spot *x = a, *y = b;

  return x->at < y->at ? -1 : x->at > y->at;
}

/**
 * vt_create_request_to_body:
 *
 * The same bytes as vt_create_request_to_json(), made for sending: with a few pictures the
 * body is tens of megabytes. Each data URL is encoded straight into the body, allocated
 * once at its size, instead of being copied four times (encoded, formatted, put in a JSON
 * node, then escaped into a string grown by doubling). Made in a worker thread, those
 * copies' page faults and reallocations held the main thread's frames up to 90 ms (two
 * threads of one process take the same lock on its memory map).
 *
 * Returns: (transfer full): the body, handed on without another copy
 */
GBytes *
vt_create_request_to_body (const VtCreateRequest *request)
{
  Deferred deferred = { g_uuid_string_random (), g_ptr_array_new () };
  g_autofree char *json = NULL;
  g_autofree Spot *spots = NULL;
  gsize length, total, written = 0, from = 0;
  guint n;
  char *body;

  json = make_json (request, &deferred, &length);
  n = deferred.images->len;
  spots = g_new0 (Spot, n + 1);
  total = length;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = placeholder (&deferred, i);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", name);
      /* Made above as a whole string value; quoted, no placeholder is the start of another. */
      const char *found = strstr (json, quoted);

      g_assert (found != NULL);
      spots[i].at = found + 1 - json;
      spots[i].length = strlen (name);
      spots[i].image = deferred.images->pdata[i];
      total += strlen ("data:;base64,") + strlen (data_url_mime_type (spots[i].image)) +
               (g_bytes_get_size (spots[i].image->bytes) + 2) / 3 * 4 - spots[i].length;
    }
  /* In the order the generator wrote them, whatever order that is. */
  qsort (spots, n, sizeof (Spot), compare_spots);

  /* g_base64_encode_step() asks for room past what it writes. */
  body = g_malloc (total + 8);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("data:%s;base64,", data_url_mime_type (spots[i].image));
      GBytes *bytes = spots[i].image->bytes;
      int state = 0, save = 0;

      memcpy (body + written, json + from, spots[i].at - from);
      written += spots[i].at - from;
      memcpy (body + written, prefix, strlen (prefix));
      written += strlen (prefix);
      written += g_base64_encode_step (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), FALSE,
                                       body + written, &state, &save);
      written += g_base64_encode_close (FALSE, body + written, &state, &save);
      from = spots[i].at + spots[i].length;
    }
  memcpy (body + written, json + from, length - from);
  written += length - from;
  g_assert (written == total);

  g_free (deferred.nonce);
  g_ptr_array_unref (deferred.images);
  return g_bytes_new_take (body, total);
}

/* Reading a body back (the loopback server's check, and a task's memory of what it asked) */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

/* An image as sent: a data URL (decoded, and typed by its contents) or a link. */
static VtCreateImage *
image_from_value (const char *value)
{
  const char *comma;

  if (value == NULL)
    return NULL;
  if (g_str_has_prefix (value, "data:") && (comma = strchr (value, ',')) != NULL &&
      g_strstr_len (value, comma - value, ";base64") != NULL)
    {
      gsize length = 0;
      guchar *data = g_base64_decode (comma + 1, &length);
      g_autoptr(GBytes) bytes = g_bytes_new_take (data, length);

      return vt_create_image_new_for_bytes ("image", bytes, NULL);
    }
  return vt_create_image_new_for_url (value, NULL);
}

static void
read_values (JsonObject *object,
             const char *name,
             GPtrArray  *into,
             gboolean    images)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *value = JSON_NODE_HOLDS_OBJECT (item) ? member_string (json_node_get_object (item), "value") : NULL;

      if (value == NULL)
        continue;
      if (!images)
        g_ptr_array_add (into, g_strdup (value));
      else
        {
          VtCreateImage *image = image_from_value (value);

          if (image != NULL)
            g_ptr_array_add (into, image);
        }
    }
}

static int
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > 1000)
    return -1;
  return (int) json_node_get_int (node);
}

static void
read_hailuo (JsonObject      *object,
             VtCreateRequest *request)
{
  JsonNode *node;

  request->prompt = g_strdup (member_string (object, "prompt"));
  if ((node = json_object_get_member (object, "prompt_optimizer")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    request->prompt_optimizer = json_node_get_boolean (node);
  if ((node = json_object_get_member (object, "fast_pretreatment")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    request->fast_pretreatment = json_node_get_boolean (node);
  request->first_frame = image_from_value (member_string (object, "first_frame_image"));
  request->last_frame = image_from_value (member_string (object, "last_frame_image"));
  if ((node = json_object_get_member (object, "subject_reference")) != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) == 1)
    {
      JsonNode *subject = json_array_get_element (json_node_get_array (node), 0);
      JsonNode *images = JSON_NODE_HOLDS_OBJECT (subject)
        ? json_object_get_member (json_node_get_object (subject), "image") : NULL;

      if (images != NULL && JSON_NODE_HOLDS_ARRAY (images) && json_array_get_length (json_node_get_array (images)) == 1)
        {
          JsonNode *image = json_array_get_element (json_node_get_array (images), 0);

          if (JSON_NODE_HOLDS_VALUE (image) && json_node_get_value_type (image) == G_TYPE_STRING)
            request->subject = image_from_value (json_node_get_string (image));
        }
    }
}

/* H3's content: its text, and its images by role. FALSE for anything this app does not send
 * (videos, audio, a second text). */
static gboolean
read_h3 (JsonObject      *object,
         VtCreateRequest *request)
{
  JsonNode *node = json_object_get_member (object, "content");
  JsonArray *content;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  content = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonNode *item_node = json_array_get_element (content, i);
      JsonObject *item;
      const char *type, *role;
      JsonNode *url_node;
      VtCreateImage *image;

      if (!JSON_NODE_HOLDS_OBJECT (item_node))
        return FALSE;
      item = json_node_get_object (item_node);
      type = member_string (item, "type");
      role = member_string (item, "role");
      if (g_strcmp0 (type, "text") == 0 && request->prompt == NULL)
        {
          request->prompt = g_strdup (member_string (item, "text"));
          continue;
        }
      url_node = json_object_get_member (item, "image_url");
      if (g_strcmp0 (type, "image_url") != 0 || url_node == NULL || !JSON_NODE_HOLDS_OBJECT (url_node) ||
          (image = image_from_value (member_string (json_node_get_object (url_node), "url"))) == NULL)
        return FALSE;
      if ((role == NULL || g_str_equal (role, "first_frame")) && request->first_frame == NULL)
        request->first_frame = image;
      else if (g_strcmp0 (role, "last_frame") == 0 && request->last_frame == NULL)
        request->last_frame = image;
      else if (g_strcmp0 (role, "reference_image") == 0)
        g_ptr_array_add (request->references, image);
      else
        {
          vt_create_image_free (image);
          return FALSE;
        }
    }
  request->ratio = g_strdup (member_string (object, "ratio"));
  return TRUE;
}

/**
 * vt_create_request_from_json:
 * @object: a creation's body
 *
 * Reads a body as vt_create_request_to_json() writes it. What it does not understand is
 * left out, or makes the request one that vt_create_request_check() refuses.
 *
 * Returns: (transfer full): the request; %NULL when @object is no creation of @kind at all
 */
VtCreateRequest *
vt_create_request_from_json (VtTaskKind  kind,
                             JsonObject *object)
{
  g_autoptr(VtCreateRequest) request = vt_create_request_new (kind);

  if (kind == VT_TASK_KIND_AGENT)
    {
      request->template_id = g_strdup (member_string (object, "template_id"));
      read_values (object, "text_inputs", request->texts, FALSE);
      read_values (object, "media_inputs", request->media, TRUE);
      return g_steal_pointer (&request);
    }

  request->model = g_strdup (member_string (object, "model"));
  if (request->model == NULL)
    return NULL;
  request->duration = member_int (object, "duration");
  request->resolution = g_strdup (member_string (object, "resolution"));
  if (kind == VT_TASK_KIND_H3)
    {
      if (!read_h3 (object, request))
        return NULL;
    }
  else
    read_hailuo (object, request);
  return g_steal_pointer (&request);
}
