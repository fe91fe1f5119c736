"""Places where offers are delivered, with the accessibility facts people ask about."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .vocabulary import DISTRICT, LEVEL_STADTTEIL

# Postcodes of the City of Cologne and a bounding box around its boundary.
COLOGNE_POSTCODES = (50667, 51149)
COLOGNE_LATITUDE = (Decimal("50.830"), Decimal("51.085"))
COLOGNE_LONGITUDE = (Decimal("6.770"), Decimal("7.165"))


def validate_cologne_postcode(value):
    low, high = COLOGNE_POSTCODES
    if not (value.isdigit() and len(value) == 5 and low <= int(value) <= high):
        raise ValidationError(
            _("%(value)s is not a Cologne postcode (50667 to 51149)."), params={"value": value}
        )


class Place(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Street and number"), max_length=200)
    postcode = models.CharField(_("Postcode"), max_length=5, validators=[validate_cologne_postcode])
    district = models.ForeignKey(
        "services_directory.Term",
        verbose_name=_("Stadtteil"),
        on_delete=models.PROTECT,
        related_name="places",
        limit_choices_to={"taxonomy__code": DISTRICT, "level": LEVEL_STADTTEIL},
    )
    latitude = models.DecimalField(_("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    step_free_access = models.BooleanField(_("Step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("Accessible toilet"), default=False)
    lift = models.BooleanField(_("Lift"), default=False)
    hearing_loop = models.BooleanField(_("Hearing loop"), default=False)
    transport_hint = models.CharField(_("Public transport"), max_length=300, blank=True)
    provider = models.ForeignKey(
        "services_directory.ProviderPage",
        verbose_name=_("Provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        help_text=_("The carrier that maintains this place."),
    )
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("provider"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldRowPanel([FieldPanel("postcode"), FieldPanel("district")])],
            heading=_("Address"),
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("lift"),
                FieldPanel("hearing_loop"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("transport_hint"),
    ]

    search_fields = [index.SearchField("name"), index.SearchField("street"), index.FilterField("provider")]

    class Meta:
        verbose_name = _("Place")
        verbose_name_plural = _("Places")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.street}"

    @property
    def stadtbezirk(self):
        return self.district.stadtbezirk if self.district_id else None

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def openstreetmap_url(self):
        """Directions by coordinates on OpenStreetMap: a link, never an embedded map."""
        if not self.has_coordinates:
            return ""
        return (
            "https://www.openstreetmap.org/directions?to="
            f"{self.latitude}%2C{self.longitude}#map=17/{self.latitude}/{self.longitude}"
        )

    def clean(self):
        errors = {}
        if self.district_id and self.district.level != LEVEL_STADTTEIL:
            errors["district"] = _("Choose a Stadtteil, not a Stadtbezirk.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.latitude is not None and not (COLOGNE_LATITUDE[0] <= self.latitude <= COLOGNE_LATITUDE[1]):
            errors["latitude"] = _("This latitude lies outside Cologne.")
        if self.longitude is not None and not (
            COLOGNE_LONGITUDE[0] <= self.longitude <= COLOGNE_LONGITUDE[1]
        ):
            errors["longitude"] = _("This longitude lies outside Cologne.")
        if errors:
            raise ValidationError(errors)
