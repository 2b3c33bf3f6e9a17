# Dates as a French reader writes them: "5 déc. 2026", "5 déc. 2026 à 21 h 26" (docs/decisions/0019-phone-first-and-french.md).
# No-break spaces inside a date and a time, so that "21 h 26" never breaks across two lines.
DATE_FORMAT = "j\u00a0N Y"
SHORT_DATE_FORMAT = "j\u00a0N Y"
DATETIME_FORMAT = "j\u00a0N Y \\à G\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "G\u00a0\\h\u00a0i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
