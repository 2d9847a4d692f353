/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every fuzz target shares: a critical or a warning from GLib is a finding too. */

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static inline void
vt_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask (NULL, G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* Loggers print nothing below warnings: debug output would only slow the run. */
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
}

/* @data as a C string: what a header, a paste or an argument can hold. */
static inline char *
vt_fuzz_string (const uint8_t *data,
                size_t         size)
{
  return g_strndup ((const char *) data, size);
}
