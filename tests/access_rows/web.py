"""Health endpoints: open to every caller (load balancers poll them), they reveal no content."""

from tests.access_rows import Row, statuses

ROWS = {
    "healthz": Row(statuses(200)),
    "readyz": Row(statuses(200)),
}
