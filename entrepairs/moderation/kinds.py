"""The member profile as a reportable kind (networks is below moderation, so it is registered here;
discussions and messaging register theirs)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entrepairs.moderation import queries, services
from entrepairs.moderation.registry import ReportableKind, register
from entrepairs.networks import access


def register_profile_kind():
    register(
        ReportableKind(
            name="member",
            label=_("Member profile"),
            find=access.get_member_or_404,
            find_for_moderator=queries.member_for_moderator,
            author_of=lambda member: member,
            text_of=lambda member: f"{member.display_name}\n\n{member.bio}".strip(),
            url_of=lambda member: reverse(
                "networks:member_detail", kwargs={"slug": member.network.slug, "member_id": member.pk}
            ),
            redact=services.redact_bio,
        )
    )
