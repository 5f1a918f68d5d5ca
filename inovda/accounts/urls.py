from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc, views

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/lift/", views.lockout_lift, name="lockout_lift"),
    path("sso/pending/", views.sso_pending, name="sso_pending"),
    path("sso/review/", views.sso_review, name="sso_review"),
    path("sso/review/<int:pk>/approve/", views.sso_decide, {"approve": True}, name="sso_approve"),
    path("sso/review/<int:pk>/reject/", views.sso_decide, {"approve": False}, name="sso_reject"),
]

# Django's password-reset views and mozilla-django-oidc's views reverse these names
# without a namespace.
plain_urlpatterns = [
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("sso/login/", oidc.SsoLoginView.as_view(), name="oidc_authentication_init"),
    path("sso/callback/", oidc.SsoCallbackView.as_view(), name="oidc_authentication_callback"),
]
