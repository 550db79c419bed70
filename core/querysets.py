"""Helpers for the querysets of every module."""


def related_model(model, relation: str):
    """The model at the other end of `model.relation`: the models import their querysets,
    so a queryset reaches another model this way rather than by importing it."""
    return model._meta.get_field(relation).related_model
