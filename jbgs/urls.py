"""The kernel's pages: sign-in and accounts, units and their applications, campaign years,
the audit log, the inbox. config.urls mounts them with the apps' pages."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from jbgs.forms import SignInForm
from jbgs.health import healthz
from jbgs.views import accounts, apply, audit, campaigns, home, notifications, organizations, users

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", accounts.account, name="account"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include(auth_patterns)),
    path("apply/", apply.apply, name="apply"),
    path("apply/done/", apply.apply_done, name="apply-done"),
    path("organizations/", organizations.organization_list, name="organization-list"),
    path("organizations/mine/", organizations.my_organization, name="my-organization"),
    path("organizations/review/", organizations.review_list, name="organization-review-list"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/review/", organizations.review, name="organization-review"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization-edit"),
    path(
        "organizations/<int:pk>/suspend/",
        organizations.organization_suspend,
        name="organization-suspend",
    ),
    path(
        "organizations/<int:pk>/agreement/", organizations.agreement, name="organization-agreement"
    ),
    path(
        "organizations/<int:pk>/document/",
        organizations.organization_document,
        name="organization-document",
    ),
    path("users/", users.user_list, name="user-list"),
    path("users/new/", users.user_create, name="user-create"),
    path("users/<int:pk>/", users.user_edit, name="user-edit"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user-unlock"),
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_edit, name="campaign-create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/copy/", campaigns.campaign_copy, name="campaign-copy"),
    path("industry-fields/<int:year>/", campaigns.industry_fields, name="industry-fields"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("notifications/", notifications.inbox, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.read, name="notification-read"),
    path("notifications/read-all/", notifications.read_all, name="notifications-read-all"),
]
