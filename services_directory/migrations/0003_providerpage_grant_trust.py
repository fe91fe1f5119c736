from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("services_directory", "0002_hsds_fields"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="providerpage",
            options={
                "permissions": [("grant_trust", "Can mark a provider as trusted")],
                "verbose_name": "Provider (Träger)",
                "verbose_name_plural": "Providers (Träger)",
            },
        ),
    ]
