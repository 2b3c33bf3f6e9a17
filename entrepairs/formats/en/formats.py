# Dates as an English reader expects them: "Dec 5, 2026", "Dec 5, 2026, 9:26 PM" (docs/decisions/0019-phone-first-and-french.md).
DATE_FORMAT = "M\u00a0j, Y"
SHORT_DATE_FORMAT = "M\u00a0j, Y"
DATETIME_FORMAT = "M\u00a0j, Y, g:i\u00a0A"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "g:i\u00a0A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
