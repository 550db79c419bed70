"""Root URLs: the admin, the follow-up of audits and internal control."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from core.health import health


@login_not_required
def favicon(request):
    # Browsers ask for /favicon.ico on every page, the admin's included; without an answer
    # each page logs a 404 in the browser console.
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reviews:review-list", permanent=False)),
    path("favicon.ico", favicon),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switch in the header, on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("reviews.urls")),
    path("", include("internal_control.urls")),
]
