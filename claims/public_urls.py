from django.urls import path

from claims.views import public

app_name = "checks"

urlpatterns = [
    path("", public.check_list, name="list"),
    path("feed.json", public.check_feed, name="feed"),
    path("suggest/", public.suggest, name="suggest"),
    path("suggest/thanks/", public.suggest_thanks, name="suggest-thanks"),
    path("ratings.css", public.rating_styles, name="rating-styles"),
    path("<int:pk>/<slug:slug>/", public.check_detail, name="detail"),
]
