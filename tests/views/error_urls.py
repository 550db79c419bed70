"""The project's URLs and one that fails, for the 500 page's test."""

from django.urls import path

from audit_tracker.urls import urlpatterns as project


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *project]
