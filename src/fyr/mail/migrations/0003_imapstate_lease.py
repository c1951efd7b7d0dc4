from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0002_default_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="imapstate",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
