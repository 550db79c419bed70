"""When a board response was recorded. Responses already stored keep it empty, which means
"printed by every review", as before: a default here would have dated them all today and
dropped them from the reviews already published."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name=model_name,
            name="created_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="recorded at"
            ),
        )
        for model_name in ("boardresponse", "historicalboardresponse")
    ] + [
        migrations.AlterField(
            model_name=model_name,
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                null=True,
                verbose_name="recorded at",
            ),
        )
        for model_name in ("boardresponse", "historicalboardresponse")
    ]
