"""The live count beside a collection's criteria in the page editor.

Without JavaScript it shows the count of the criteria as last saved or submitted (a preview on
save); with it, collection-count.js asks the admin count endpoint as the editor changes them.
"""

from django.urls import reverse
from wagtail.admin.panels import FieldPanel, Panel

from .criteria import Criteria, count
from .forms import criteria_field_names


class CollectionCountPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "curation/admin/count_panel.html"

        def _criteria(self):
            form = self.form
            if form is not None and form.is_bound:
                return getattr(form, "criteria", None)
            return Criteria.from_data(getattr(self.instance, "criteria", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            criteria = self._criteria()
            context["count"] = count(criteria) if criteria is not None else None
            context["count_url"] = reverse("curation_count")
            context["field_names"] = criteria_field_names()
            return context



class CriterionPanel(FieldPanel):
    """A criterion's field, left out while its list has nothing to choose (a facet no offer uses yet)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            field = self.form.fields.get(self.field_name) if self.form is not None else None
            if field is not None and hasattr(field, "choices") and not list(field.choices):
                return False
            return super().is_shown()
