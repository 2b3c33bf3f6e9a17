# Dates as an English reader expects them: "Dec 5, 2026", "Dec 5, 2026, 9:26 PM" (docs/decisions/0017).
DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATETIME_FORMAT = "M j, Y, g:i A"
TIME_FORMAT = "g:i A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
