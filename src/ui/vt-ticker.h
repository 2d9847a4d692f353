/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VT_TYPE_TICKER (vt_ticker_get_type ())

G_DECLARE_FINAL_TYPE (VtTicker, vt_ticker, VT, TICKER, GObject)

VtTicker *vt_ticker_new         (void);
gulong    vt_ticker_connect     (VtTicker  *self,
                                 GCallback  callback,
                                 gpointer   data);
void      vt_ticker_disconnect  (VtTicker  *self,
                                 gulong    *handler);
GDateTime *vt_ticker_get_now    (VtTicker  *self);

G_END_DECLS
