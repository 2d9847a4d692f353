/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"

G_BEGIN_DECLS

/* What an account has left, from one of MiniMax's two undocumented endpoints. */
typedef enum
{
  VT_BALANCE_MONEY,      /* pay-as-you-go: /account/query_balance */
  VT_BALANCE_VIDEOS,     /* Token Plan: /v1/token_plan/remains, the video models' quota */
} VtBalanceKind;

typedef struct
{
  VtBalanceKind kind;
  char         *available;     /* MONEY: available_amount as sent, checked to be a decimal */
  gint64        videos_left;   /* VIDEOS: left in the current period, over every video model */
  gint64        videos_total;
} VtBalance;

gboolean   vt_balance_parse_money      (GBytes               *body,
                                        VtBalance            *balance,
                                        GError              **error);
gboolean   vt_balance_parse_videos     (GBytes               *body,
                                        VtBalance            *balance,
                                        GError              **error);
void       vt_balance_fetch_async      (VtClient             *client,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
VtBalance *vt_balance_fetch_finish     (GAsyncResult         *result);
void       vt_balance_free             (VtBalance            *balance);
char      *vt_balance_describe         (const VtBalance      *balance,
                                        const char           *currency);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBalance, vt_balance_free)

G_END_DECLS
