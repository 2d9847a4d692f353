/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-tab-stop"

#include "config.h"

#include "vt-tab-stop.h"

/*
 * One Tab stop for a group of widgets: Tab (and Shift+Tab) gives the focus to one widget
 * inside, and the next Tab leaves the group; arrow keys move inside, as each child has
 * them. Without it the four filter buttons took four Tabs, and GTK 4.8's list view took one
 * for every row, entering at whichever row last had the focus, off screen or not, and
 * scrolling there. (GTK 4.12 has gtk_list_view_set_tab_behavior () for the leaving part,
 * not for where the focus enters.)
 *
 * Where it enters: the entry function's widget; without one, the checked toggle button
 * inside (the filter now shown), or else the first widget that takes the focus.
 */

struct _VtTabStop
{
  GtkWidget          parent_instance;

  VtTabStopEntryFunc entry_func;
  gpointer           entry_data;
};

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void vt_tab_stop_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtTabStop, vt_tab_stop, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      vt_tab_stop_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static GtkWidget *
checked_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)) &&
      gtk_widget_is_drawable (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = checked_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
vt_tab_stop_focus (GtkWidget        *widget,
                   GtkDirectionType  direction)
{
  VtTabStop *self = VT_TAB_STOP (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  GtkWidget *entry;

  if (child == NULL)
    return FALSE;
  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return gtk_widget_child_focus (child, direction);

  /* Inside already: the next Tab leaves. */
  if (gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;

  entry = self->entry_func != NULL ? self->entry_func (self, self->entry_data)
                                   : checked_toggle (child);
  if (entry != NULL && gtk_widget_grab_focus (entry))
    return TRUE;
  return gtk_widget_child_focus (child, direction);
}

/* As its child: a list that fills the window's height keeps doing so. */
static void
vt_tab_stop_compute_expand (GtkWidget *widget,
                            gboolean  *hexpand,
                            gboolean  *vexpand)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *hexpand = child != NULL && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = child != NULL && gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
}

static void
vt_tab_stop_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, gtk_widget_get_first_child (GTK_WIDGET (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_tab_stop_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GtkWidget *child;

  switch (prop_id)
    {
    case PROP_CHILD:
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
        gtk_widget_unparent (child);
      if (g_value_get_object (value) != NULL)
        gtk_widget_set_parent (g_value_get_object (value), GTK_WIDGET (object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_tab_stop_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vt_tab_stop_parent_class)->dispose (object);
}

static void
vt_tab_stop_add_child (GtkBuildable *buildable,
                       GtkBuilder   *builder,
                       GObject      *child,
                       const char   *type)
{
  if (GTK_IS_WIDGET (child))
    g_object_set (buildable, "child", child, NULL);
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
vt_tab_stop_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = vt_tab_stop_add_child;
}

static void
vt_tab_stop_class_init (VtTabStopClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vt_tab_stop_get_property;
  object_class->set_property = vt_tab_stop_set_property;
  object_class->dispose = vt_tab_stop_dispose;
  widget_class->focus = vt_tab_stop_focus;
  widget_class->compute_expand = vt_tab_stop_compute_expand;

  props[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vt_tab_stop_init (VtTabStop *self)
{
}

/**
 * vt_tab_stop_set_entry_func:
 * @func: (nullable): what to give the focus to when Tab enters @self
 */
void
vt_tab_stop_set_entry_func (VtTabStop          *self,
                            VtTabStopEntryFunc  func,
                            gpointer            user_data)
{
  g_return_if_fail (VT_IS_TAB_STOP (self));

  self->entry_func = func;
  self->entry_data = user_data;
}
