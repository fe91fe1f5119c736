from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from services_directory.ordering import number_pending_rows


class ServicesDirectoryConfig(AppConfig):
    name = "services_directory"
    verbose_name = _("Directory of offers")

    def ready(self):
        pre_save.connect(number_pending_rows, dispatch_uid="services_directory.number_pending_rows")
