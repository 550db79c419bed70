"""Keeping each recommendation's stored latest status right (`Recommendation.latest_*`,
see `RecommendationQuerySet.refresh_latest`): whenever an assessment is saved or deleted,
and whenever a review's state or year changes, whatever writes it (the screens, the
import, the admin); and its stored promised date (`refresh_promised_dates`) whenever a
promised date or a response changes. Writes that bypass signals (bulk_create) call the
refresh themselves. Senders are named lazily: this module imports no model."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver


def _recommendations(model):
    """The Recommendation model, reached through the assessment's relation."""
    return model._meta.get_field("recommendation").related_model


@receiver(post_save, sender="reviews.Assessment")
@receiver(post_delete, sender="reviews.Assessment")
def assessment_changed(sender, instance, **kwargs):
    _recommendations(sender).objects.filter(pk=instance.recommendation_id).refresh_latest()


@receiver(pre_save, sender="reviews.FollowUpReview")
def review_about_to_change(sender, instance, **kwargs):
    """Whether the save changes what counts as latest: the state or the year."""
    stored = sender.objects.filter(pk=instance.pk).values("state", "year").first()
    instance._latest_changes = stored is not None and stored != {
        "state": instance.state,
        "year": instance.year,
    }


@receiver(post_save, sender="reviews.FollowUpReview")
def review_changed(sender, instance, **kwargs):
    if getattr(instance, "_latest_changes", False):
        Assessment = sender._meta.get_field("assessments").related_model
        _recommendations(Assessment).objects.filter(assessments__review=instance).refresh_latest()


@receiver(post_save, sender="reviews.PromisedDate")
@receiver(post_delete, sender="reviews.PromisedDate")
def promised_date_changed(sender, instance, **kwargs):
    """The stored current date (`Recommendation.promised_date`) follows every promise."""
    _recommendations(sender).objects.filter(pk=instance.recommendation_id).refresh_promised_dates()


@receiver(post_save, sender="reviews.BoardResponse")
def response_changed(sender, instance, **kwargs):
    """A response's year decides which promise is the latest."""
    PromisedDate = sender._meta.get_field("promised_dates").related_model
    _recommendations(PromisedDate).objects.filter(
        promised_dates__response=instance
    ).refresh_promised_dates()
