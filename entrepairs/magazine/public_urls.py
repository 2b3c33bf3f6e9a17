from django.urls import path

from entrepairs.magazine import analytics_views, public_views

app_name = "magazine_public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("feed.xml", public_views.feed, name="feed"),
    path("sitemap.xml", public_views.sitemap, name="sitemap"),
    path("images/<int:image_id>/", public_views.image, name="image"),
    path("covers/<int:article_id>/", public_views.cover, name="cover"),
    path("sponsor/<slug:network_slug>/", analytics_views.sponsor_analytics, name="sponsor_analytics"),
    path("unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("d/<str:token>/open.gif", public_views.digest_open, name="digest_open"),
    path("d/<str:token>/go/", public_views.digest_click, name="digest_click"),
    path("<slug:network_slug>/<slug:article_slug>/", public_views.public_article, name="article"),
]
