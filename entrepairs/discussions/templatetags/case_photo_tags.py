from django import template

from entrepairs.discussions.case_photos import queries

register = template.Library()


@register.inclusion_tag("discussions/_case_photos.html")
def case_photos(thread, member):
    """The photos of a clinical case on its page (one query, none for other threads): published ones
    for every reader, plus the link to the review page for the author."""
    return {"thread": thread, "member": member, "network": member.network,
            "photos": queries.for_case_page(member, thread)}  # fmt: skip
