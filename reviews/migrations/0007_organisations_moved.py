"""Organisations, firms, boards and memberships now belong to the `organisations` app
(its migration 0001): here they leave this app's state and the fields pointing at them
point there. Nothing changes in the database: the tables and columns stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('reviews', '0006_response_created_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='boardfindings',
                name='board',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='organisations.board', verbose_name='board'),
            ),
            migrations.AlterField(
                model_name='historicalrecommendation_addressed_to',
                name='board',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.board'),
            ),
            migrations.RemoveField(
                model_name='membership',
                name='boards',
            ),
            migrations.AlterField(
                model_name='historicalboardfindings',
                name='board',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.board', verbose_name='board'),
            ),
            migrations.AlterField(
                model_name='historicalboardresponse_boards',
                name='board',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.board'),
            ),
            migrations.AlterField(
                model_name='historicalaudit_boards',
                name='board',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.board'),
            ),
            migrations.AlterField(
                model_name='historicalfollowupreview',
                name='firm',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.firm', verbose_name='audit firm'),
            ),
            migrations.AlterField(
                model_name='historicalaudit',
                name='firm',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.firm', verbose_name='audit firm'),
            ),
            migrations.AlterField(
                model_name='followupreview',
                name='firm',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='organisations.firm', verbose_name='audit firm'),
            ),
            migrations.AlterField(
                model_name='audit',
                name='firm',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audits', to='organisations.firm', verbose_name='audit firm'),
            ),
            migrations.RemoveField(
                model_name='membership',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='membership',
                name='user',
            ),
            migrations.AlterField(
                model_name='audit',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audits', to='organisations.organisation', verbose_name='organisation'),
            ),
            migrations.AlterField(
                model_name='historicalfollowupreview',
                name='organisation',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisation'),
            ),
            migrations.AlterField(
                model_name='historicalaudit',
                name='organisation',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation', verbose_name='organisation'),
            ),
            migrations.AlterField(
                model_name='followupreview',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='organisations.organisation', verbose_name='organisation'),
            ),
            migrations.AlterField(
                model_name='audit',
                name='boards',
                field=models.ManyToManyField(blank=True, related_name='audits', to='organisations.board', verbose_name='boards covered'),
            ),
            migrations.AlterField(
                model_name='boardresponse',
                name='boards',
                field=models.ManyToManyField(related_name='responses', to='organisations.board', verbose_name='boards'),
            ),
            migrations.AlterField(
                model_name='recommendation',
                name='addressed_to',
                field=models.ManyToManyField(blank=True, related_name='recommendations', to='organisations.board', verbose_name='addressed to'),
            ),
            migrations.DeleteModel(
                name='Board',
            ),
            migrations.DeleteModel(
                name='Firm',
            ),
            migrations.DeleteModel(
                name='Membership',
            ),
            migrations.DeleteModel(
                name='Organisation',
            ),
        ]),
    ]
