/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query answer parser (vt_api_parse_query) on any bytes a server could send. */

#include "config.h"

#include "fuzz-common.h"
#include "vt-api.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  vt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  VtQueryResult *result = vt_query_result_new ();
  g_autoptr(GError) error = NULL;

  if (vt_api_parse_query (body, "106916112212032", result, &error))
    {
      g_assert_no_error (error);
      g_assert_true (result->video_url == NULL || vt_api_link_is_safe (result->video_url));
      g_assert_true (result->message == NULL || g_utf8_validate (result->message, -1, NULL));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  vt_query_result_free (result);
  return 0;
}
