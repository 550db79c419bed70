"""Organisations, firms, boards and memberships move here from `reviews`: the models
only. Their tables keep their names (`db_table`), so no row is copied; the content types
follow, so permissions and admin history keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["organisation", "firm", "board", "membership"]


def move_content_types(apps, schema_editor, source="reviews", target="organisations"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="organisations", target="reviews")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables were made by reviews' migrations; from here on they are ours.
        ("reviews", "0006_response_created_at"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Firm',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ],
                options={
                    'verbose_name': 'audit firm',
                    'verbose_name_plural': 'audit firms',
                    'db_table': 'reviews_firm',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                    ('kind', models.CharField(choices=[('municipality', 'Municipality'), ('region', 'Region'), ('association', 'Association of local authorities')], default='municipality', max_length=20, verbose_name='kind')),
                ],
                options={
                    'verbose_name': 'organisation',
                    'verbose_name_plural': 'organisations',
                    'db_table': 'reviews_organisation',
                    'ordering': ['name'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['municipality', 'region', 'association'])), name='organisation_kind_valid')],
                },
            ),
            migrations.CreateModel(
                name='Board',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('kind', models.CharField(choices=[('committee', 'Committee'), ('executive', 'Executive board')], default='committee', max_length=20, verbose_name='kind')),
                    ('successors', models.ManyToManyField(blank=True, help_text='The board or boards that took over when this board was renamed, merged or split.', related_name='predecessors', to='organisations.board', verbose_name='replaced by')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='boards', to='organisations.organisation', verbose_name='organisation')),
                ],
                options={
                    'verbose_name': 'board',
                    'verbose_name_plural': 'boards',
                    'db_table': 'reviews_board',
                    'ordering': ['organisation', 'name'],
                },
            ),
            migrations.CreateModel(
                name='Membership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('auditor', 'Auditor'), ('elected_auditor', 'Elected auditor'), ('board_respondent', 'Board respondent'), ('secretary', 'Committee secretary')], max_length=20, verbose_name='role')),
                    ('boards', models.ManyToManyField(blank=True, help_text='For board respondents: the boards whose responses they enter.', related_name='respondents', to='organisations.board', verbose_name='boards')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation', verbose_name='organisation')),
                ],
                options={
                    'verbose_name': 'role assignment',
                    'verbose_name_plural': 'role assignments',
                    'db_table': 'reviews_membership',
                    'ordering': ['organisation', 'user'],
                    'constraints': [models.UniqueConstraint(fields=('user', 'organisation'), name='membership_unique'), models.CheckConstraint(condition=models.Q(('role__in', ['auditor', 'elected_auditor', 'board_respondent', 'secretary'])), name='membership_role_valid')],
                },
            ),
            migrations.AddConstraint(
                model_name='board',
                constraint=models.UniqueConstraint(fields=('organisation', 'name'), name='board_name_unique'),
            ),
            migrations.AddConstraint(
                model_name='board',
                constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['committee', 'executive'])), name='board_kind_valid'),
            ),
        ]),
    ]
