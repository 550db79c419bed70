from django.urls import path

from . import views

app_name = "internal_control"

P = "internal-control/"

urlpatterns = [
    path(P, views.PlanListView.as_view(), name="plan-list"),
    path(P + "plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path(P + "plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path(P + "plans/<int:pk>/plan.pdf", views.plan_pdf_view, name="plan-pdf"),
    path(P + "plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path(P + "plans/<int:pk>/adopt/", views.plan_adopt_view, name="plan-adopt"),
    path(P + "plans/<int:pk>/move/", views.part_move_view, name="part-move"),
    path(P + "plans/<int:pk>/delete/", views.part_delete_view, name="part-delete"),
    path(P + "plans/<int:pk>/areas/new/", views.AreaEditView.as_view(), name="area-create"),
    path(P + "areas/<int:area_pk>/edit/", views.AreaEditView.as_view(), name="area-edit"),
    path(P + "plans/<int:pk>/risks/new/", views.RiskEditView.as_view(), name="risk-create"),
    path(P + "risks/<int:risk_pk>/edit/", views.RiskEditView.as_view(), name="risk-edit"),
    path(
        P + "risks/<int:risk_pk>/controls/new/",
        views.ControlEditView.as_view(),
        name="control-create",
    ),
    path(
        P + "controls/<int:control_pk>/edit/", views.ControlEditView.as_view(), name="control-edit"
    ),
    path(P + "plans/<int:pk>/follow-ups/new/", views.RoundEditView.as_view(), name="round-create"),
    path(P + "follow-ups/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path(P + "follow-ups/<int:round_pk>/edit/", views.RoundEditView.as_view(), name="round-edit"),
    path(P + "follow-ups/<int:pk>/assess/", views.RoundScreenView.as_view(), name="round-assess"),
    path(P + "follow-ups/<int:pk>/memo/", views.MemoEditView.as_view(), name="memo-edit"),
    path(P + "follow-ups/<int:pk>/submit/", views.round_submit_view, name="round-submit"),
    path(P + "follow-ups/<int:pk>/report.pdf", views.round_pdf_view, name="round-pdf"),
    path(P + "actions/", views.ActionListView.as_view(), name="action-list"),
    path(
        P + "recommendations/<int:pk>/take-in/",
        views.TakeInView.as_view(),
        name="recommendation-take-in",
    ),
    path(P + "actions/<int:pk>/done/", views.action_done_view, name="action-done"),
]
