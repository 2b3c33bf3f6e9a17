from entrepairs.networks.access import my_active_memberships


def personas(request):
    """The header's persona switcher: the account's active memberships, evaluated lazily (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_personas": []}
    return {"my_personas": my_active_memberships(user)}
