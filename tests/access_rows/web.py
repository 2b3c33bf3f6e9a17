"""Health endpoints: open to every caller (load balancers poll them), they reveal no content."""

from tests.access_rows import Row, statuses

ROWS = {
    "healthz": Row(statuses(200)),
    "readyz": Row(statuses(200)),
    # Only for a scraper holding METRICS_TOKEN (unset in the walk): 404 to everyone, operators included.
    "metrics": Row(statuses(404)),
}
