from django.utils.functional import SimpleLazyObject

from entrepairs.networks.access import my_personas


def personas(request):
    """The header's persona switcher: the account's active memberships, read when a page prints them
    (one query; fragments that do not print them read nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_personas": []}
    if (read := getattr(request, "my_personas", None)) is not None:
        return {"my_personas": read}  # a network page's gate read them already (web/gates.py)
    return {"my_personas": SimpleLazyObject(lambda: my_personas(user))}
