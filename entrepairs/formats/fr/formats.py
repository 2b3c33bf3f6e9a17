# Dates as a French reader writes them: "5 déc. 2026", "5 déc. 2026 à 21 h 26" (docs/decisions/0017).
DATE_FORMAT = "j N Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = r"j N Y \à G \h i"
SHORT_DATETIME_FORMAT = r"j N Y \à G \h i"
TIME_FORMAT = r"G \h i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
