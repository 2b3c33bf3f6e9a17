"""Links to many objects of one kind on one page, for the cost of one reversal.

A thread page links each of its 50 posts to four or five actions; `{% url %}` for each of them was
about 240 reversals per page, a quarter of its rendering time. A route is reversed once per page
with a sample key and split around it; each link is then the prefix, the key and the suffix.

    links = {"react": UrlPattern("discussions:react", "post_id", slug=slug)}
    {{ links.react|with_key:post.pk }}        (templatetags/links.py)

The key is always the route's last argument (an integer id or a slug): what follows it in the URL
is literal, so splitting at the sample's last occurrence is exact even when the network's slug
happens to contain the sample."""

from entrepairs.web.reversing import reverse_memo

SAMPLE_ID = 9_876_543_210_123_456
SAMPLE_SLUG = "sample-key-for-links"


class UrlPattern:
    __slots__ = ("prefix", "suffix")
    do_not_call_in_templates = True  # templates pass it to `with_key`; calling it bare means nothing

    def __init__(self, viewname: str, key: str, *, slug_key: bool = False, **kwargs):
        sample = SAMPLE_SLUG if slug_key else SAMPLE_ID
        url = reverse_memo(viewname, kwargs={**kwargs, key: sample})
        self.prefix, _sample, self.suffix = url.rpartition(str(sample))

    def __call__(self, key) -> str:
        return f"{self.prefix}{key}{self.suffix}"

    def __str__(self) -> str:  # a forgotten `|with_key` shows up in the page instead of a wrong link
        return f"{self.prefix}<key>{self.suffix}"
