from tests.access_rows import SIGNED_IN, Row, statuses

ROWS = {"professionals:mine": Row(SIGNED_IN)}

ROWS["api:my_qualifications"] = Row(statuses(200, anonymous=401))
ROWS["api:verify_by_directory"] = Row(statuses(405))
