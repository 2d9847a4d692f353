/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *vt_toast_new_text                   (const char        *text) G_GNUC_WARN_UNUSED_RESULT;
void      vt_row_set_title_text               (AdwPreferencesRow *row,
                                               const char        *text);
void      vt_row_set_subtitle_text            (AdwActionRow      *row,
                                               const char        *text);
void      vt_status_page_set_description_text (AdwStatusPage     *page,
                                               const char        *text);
void      vt_notification_set_body_text       (GNotification     *notification,
                                               const char        *text);

G_END_DECLS
