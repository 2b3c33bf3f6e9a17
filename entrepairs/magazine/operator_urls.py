from django.urls import path

from entrepairs.magazine import analytics_views

urlpatterns = [path("", analytics_views.operator_analytics, name="operator_analytics")]
