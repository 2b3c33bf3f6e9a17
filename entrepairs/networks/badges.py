"""A persona's badges beside its name (verified profession; former member, or its role; relative), in
posts, member lists, profiles and the network home.

Built as a string rather than a template: a thread page prints them for each of its authors, and a
template rendered per author was about 0.6 ms of the page. Words are translated when printed and
trusted as markup, as `{% translate %}` prints them; values (the profession's name) are escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Translated when printed (the language is the request's).
_ROLE_LABELS = {
    "admin": gettext_noop("Administrator"),
    "moderator": gettext_noop("Moderator"),
    "editor": gettext_noop("Editor"),
}


def badges_html(person) -> SafeString:
    parts = []
    if person.qualification_id:
        parts.append(
            f'<span class="badge badge-verified" title="{_("Profession verified")}">'
            f"✓ {escape(person.qualification.badge)}</span>"
        )
    if person.status and person.status != "active":
        # A former member's pseudonym may be taken by someone else since (networks/display_names).
        title = _("This person is no longer a member; their name may now be someone else’s.")
        parts.append(
            f'<span class="badge badge-soft" data-former-member title="{title}">{_("Former member")}</span>'
        )
    elif person.role in _ROLE_LABELS:
        parts.append(f'<span class="badge">{_(_ROLE_LABELS[person.role])}</span>')
    if person.member_type == "relative":
        parts.append(f'<span class="badge badge-soft">{_("Relative")}</span>')
    return mark_safe("".join(parts))  # noqa: S308 - our translations, and the one value escaped
