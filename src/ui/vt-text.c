/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-text"

#include "config.h"

#include "vt-text.h"

/*
 * Text shown as text. Toast titles, row titles and subtitles, status page descriptions and
 * notification bodies are Pango markup by default, and what the app shows in them can come
 * from MiniMax (an error's message), the task list (a label) or the user (a folder, a host):
 * an "&" there blanked the toast with a warning, and an <a href> made a link that looked
 * like the app's own. Every such text goes through here, and only here may src/ call those
 * setters (tests/test-markup.py checks it), so there is one place to get it right.
 */

/**
 * vt_toast_new_text:
 * @text: what the toast says, as it is
 *
 * Returns: (transfer full): a toast whose title shows @text literally
 */
AdwToast *
vt_toast_new_text (const char *text)
{
  AdwToast *toast;

  g_return_val_if_fail (text != NULL, NULL);

#if ADW_CHECK_VERSION (1, 4, 0)
  /* Said literally, and not as markup, to screen readers too. */
  toast = adw_toast_new (text);
  adw_toast_set_use_markup (toast, FALSE);
#else
  /* libadwaita before 1.4 has no way to turn the markup off. */
  {
    g_autofree char *escaped = g_markup_escape_text (text, -1);
    toast = adw_toast_new (escaped);
  }
#endif
  return toast;
}

/**
 * vt_row_set_title_text:
 * @text: (nullable): the title, as it is
 *
 * Sets @row's title to @text, shown literally. The row takes no markup from then on (its
 * subtitle neither): libadwaita's use-markup covers both.
 */
void
vt_row_set_title_text (AdwPreferencesRow *row,
                       const char        *text)
{
  g_return_if_fail (ADW_IS_PREFERENCES_ROW (row));

  adw_preferences_row_set_use_markup (row, FALSE);
  adw_preferences_row_set_title (row, text != NULL ? text : "");
}

/**
 * vt_row_set_subtitle_text:
 * @text: (nullable): the subtitle, as it is; %NULL or "" for none
 *
 * Sets @row's subtitle to @text, shown literally (as vt_row_set_title_text() does).
 */
void
vt_row_set_subtitle_text (AdwActionRow *row,
                          const char   *text)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, text);
}

/**
 * vt_status_page_set_description_text:
 * @text: (nullable): the description, as it is
 *
 * AdwStatusPage's description is always markup: @text is escaped.
 */
void
vt_status_page_set_description_text (AdwStatusPage *page,
                                     const char    *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (text != NULL)
    escaped = g_markup_escape_text (text, -1);
  adw_status_page_set_description (page, escaped);
}

/**
 * vt_notification_set_body_text:
 * @text: (nullable): the body, as it is
 *
 * Sets @notification's body to @text, escaped: GNOME Shell (and any notification server
 * that says it has "body-markup") reads the body as markup, so a label with "&" or "<"
 * would lose text, or make a link, on the desktop. The title is always plain text there.
 */
void
vt_notification_set_body_text (GNotification *notification,
                               const char    *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (text != NULL)
    escaped = g_markup_escape_text (text, -1);
  g_notification_set_body (notification, escaped);
}
