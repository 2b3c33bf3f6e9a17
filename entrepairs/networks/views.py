from django.views.defaults import page_not_found as default_page_not_found


def page_not_found(request, exception):
    return default_page_not_found(request, exception)
