/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list beside the details where the window is wide (860 px and up), the details a page
 * pushed over the list where it is not. The one place that knows libadwaita's version:
 * AdwNavigationSplitView on 1.4 and later, AdwLeaflet (deprecated there)
 * on 1.2. The rest of the window asks only "collapsed?" and "show the content". */

#include "config.h"

#include <glib/gi18n.h>

#include "vt-split.h"

/* Side by side from 860 px: the list's narrowest (360) and the details' (500). */
#define SIDEBAR_MIN_WIDTH 360
#define SIDEBAR_MAX_WIDTH 440
#define CONTENT_MIN_WIDTH 500

struct _VtSplit
{
  GtkWidget  parent_instance;

  GtkWidget *child;

#if ADW_CHECK_VERSION (1, 4, 0)
  AdwNavigationSplitView *view;
#else
  AdwLeaflet *leaflet;
  GtkWidget  *sidebar_page;
  GtkWidget  *content_page;
  AdwClamp   *sidebar_clamp;
#endif
};

enum
{
  PROP_0,
  PROP_COLLAPSED,
  PROP_SHOW_CONTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VtSplit, vt_split, GTK_TYPE_WIDGET)

gboolean
vt_split_get_collapsed (VtSplit *self)
{
  g_return_val_if_fail (VT_IS_SPLIT (self), FALSE);

#if ADW_CHECK_VERSION (1, 4, 0)
  return adw_navigation_split_view_get_collapsed (self->view);
#else
  return adw_leaflet_get_folded (self->leaflet);
#endif
}

/* Whether the details are what is seen: always when the panes are side by side. */
gboolean
vt_split_get_show_content (VtSplit *self)
{
  g_return_val_if_fail (VT_IS_SPLIT (self), FALSE);

  if (!vt_split_get_collapsed (self))
    return TRUE;
#if ADW_CHECK_VERSION (1, 4, 0)
  return adw_navigation_split_view_get_show_content (self->view);
#else
  return adw_leaflet_get_visible_child (self->leaflet) == self->content_page;
#endif
}

void
vt_split_set_show_content (VtSplit  *self,
                           gboolean  show_content)
{
  g_return_if_fail (VT_IS_SPLIT (self));

#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (self->view, show_content);
#else
  adw_leaflet_set_visible_child (self->leaflet, show_content ? self->content_page : self->sidebar_page);
#endif
}

static void
notify_cb (VtSplit *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CONTENT]);
}

#if !ADW_CHECK_VERSION (1, 4, 0)
/* A leaflet has no sidebar width: side by side, the list is held to a sidebar's; folded, it
 * has the window, as it had before the split. The window buttons and the back button go
 * where libadwaita 1.4 would put them. */
static void
folded_cb (VtSplit *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_clamp_set_maximum_size (self->sidebar_clamp, folded ? G_MAXINT / 4 : SIDEBAR_MAX_WIDTH);
  notify_cb (self);
}

static void
back_clicked_cb (VtSplit *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}
#endif

static void
vt_split_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VtSplit *self = VT_SPLIT (object);

  switch (prop_id)
    {
    case PROP_COLLAPSED:
      g_value_set_boolean (value, vt_split_get_collapsed (self));
      break;
    case PROP_SHOW_CONTENT:
      g_value_set_boolean (value, vt_split_get_show_content (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_split_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  gtk_widget_measure (VT_SPLIT (widget)->child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* The split is decided here, by the width, as a breakpoint would, on both versions: a leaflet
 * left to itself folds by its children's narrowest sizes (and the details' narrowest must be
 * a phone's when folded); an AdwBreakpointBin between the window and the split view did not
 * let go of its breakpoint when the window grew back on libadwaita 1.7. */
static void
vt_split_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  VtSplit *self = VT_SPLIT (widget);

  gboolean wide = width >= SIDEBAR_MIN_WIDTH + CONTENT_MIN_WIDTH;

#if ADW_CHECK_VERSION (1, 4, 0)
  if (wide == adw_navigation_split_view_get_collapsed (self->view))
    adw_navigation_split_view_set_collapsed (self->view, !wide);
#else
  if (wide != adw_leaflet_get_can_unfold (self->leaflet))
    adw_leaflet_set_can_unfold (self->leaflet, wide);
#endif
  gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
vt_split_dispose (GObject *object)
{
  VtSplit *self = VT_SPLIT (object);

  if (self->child != NULL)
    gtk_widget_unparent (g_steal_pointer (&self->child));

  G_OBJECT_CLASS (vt_split_parent_class)->dispose (object);
}

static void
vt_split_class_init (VtSplitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vt_split_get_property;
  object_class->dispose = vt_split_dispose;
  widget_class->measure = vt_split_measure;
  widget_class->size_allocate = vt_split_size_allocate;

  properties[PROP_COLLAPSED] =
    g_param_spec_boolean ("collapsed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_CONTENT] =
    g_param_spec_boolean ("show-content", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_split_init (VtSplit *self)
{
  (void) self;
}

/* Both headers are inside their panes; the content's gets the back button. */
GtkWidget *
vt_split_new (GtkWidget    *sidebar,
              AdwHeaderBar *sidebar_header,
              GtkWidget    *content,
              AdwHeaderBar *content_header)
{
  VtSplit *self = g_object_new (VT_TYPE_SPLIT, NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (sidebar) && GTK_IS_WIDGET (content), NULL);

#if ADW_CHECK_VERSION (1, 4, 0)
  {
    AdwNavigationPage *sidebar_page = adw_navigation_page_new (sidebar, _("Tasks"));
    AdwNavigationPage *content_page = adw_navigation_page_new (content, _("Details"));

    (void) sidebar_header;
    (void) content_header;
    adw_navigation_page_set_tag (sidebar_page, "tasks");
    adw_navigation_page_set_tag (content_page, "details");

    self->view = ADW_NAVIGATION_SPLIT_VIEW (adw_navigation_split_view_new ());
    adw_navigation_split_view_set_sidebar (self->view, sidebar_page);
    adw_navigation_split_view_set_content (self->view, content_page);
    adw_navigation_split_view_set_min_sidebar_width (self->view, SIDEBAR_MIN_WIDTH);
    adw_navigation_split_view_set_max_sidebar_width (self->view, SIDEBAR_MAX_WIDTH);
    adw_navigation_split_view_set_collapsed (self->view, TRUE);
    self->child = GTK_WIDGET (self->view);

    g_signal_connect_object (self->view, "notify::collapsed", G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->view, "notify::show-content", G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
  }
#else
  {
    GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
    AdwLeafletPage *page;

    gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
    g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked_cb), self, G_CONNECT_SWAPPED);
    adw_header_bar_pack_start (content_header, back);

    gtk_widget_set_size_request (sidebar, SIDEBAR_MIN_WIDTH, -1);
    gtk_widget_set_size_request (content, SIDEBAR_MIN_WIDTH, -1);
    self->sidebar_clamp = ADW_CLAMP (adw_clamp_new ());
    adw_clamp_set_tightening_threshold (self->sidebar_clamp, SIDEBAR_MAX_WIDTH);
    adw_clamp_set_child (self->sidebar_clamp, sidebar);
    /* The list's entry expands; side by side, the room left is the details'. */
    gtk_widget_set_hexpand (GTK_WIDGET (self->sidebar_clamp), FALSE);
    self->sidebar_page = GTK_WIDGET (self->sidebar_clamp);
    self->content_page = content;
    gtk_widget_set_hexpand (content, TRUE);

    self->leaflet = ADW_LEAFLET (adw_leaflet_new ());
    adw_leaflet_set_can_navigate_back (self->leaflet, TRUE);
    adw_leaflet_set_can_unfold (self->leaflet, FALSE);
    adw_leaflet_append (self->leaflet, self->sidebar_page);
    page = adw_leaflet_append (self->leaflet, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
    adw_leaflet_page_set_navigatable (page, FALSE);
    adw_leaflet_append (self->leaflet, content);
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar_page);
    self->child = GTK_WIDGET (self->leaflet);

    g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
    g_object_bind_property (self->leaflet, "folded", sidebar_header, "show-end-title-buttons",
                            G_BINDING_SYNC_CREATE);
    g_object_bind_property (self->leaflet, "folded", content_header, "show-start-title-buttons",
                            G_BINDING_SYNC_CREATE);
    g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->leaflet, "notify::visible-child", G_CALLBACK (notify_cb), self,
                             G_CONNECT_SWAPPED);
    folded_cb (self);
  }
#endif

  gtk_widget_set_parent (self->child, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}
