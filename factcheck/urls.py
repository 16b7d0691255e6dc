from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.api import api
from factcheck import health

urlpatterns = [
    path("", include("claims.urls")),
    path("checks/", include("claims.public_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the public pages' language form
]
