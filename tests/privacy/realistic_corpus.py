"""A labeled set of posts written the way members of health forums write (issue 16), and its scorer.

    python -m tests.privacy.realistic_corpus            # writes the dev and held-out sets
    python -m tests.privacy.realistic_corpus --score    # scores scan() on both

The posts are generated, deterministically, from templates with varied structure: numbers partly or
wholly in words, obfuscated e-mails ("prenom point nom arobase gmail point com", "name(at)mail.fr"),
SMS style and lower case, names from many origins (West and North African, Vietnamese, Polish,
Irish, Hispanic, African-American...), initials, "Nom, Prénom", particles and apostrophes, social
handles and profile URLs, birth dates in other shapes, addresses with a floor, a staircase, a
lieu-dit, a CS box or a US unit, record numbers with letters, NIRs with the key written out and from
Corsica, lower-case IBANs. About half of the sentences are hard negatives: eponymous diseases,
medicines, hospitals named after people, helplines, lab values, trial ids, forum pseudonyms, famous
and fictional people, dates of historical events and appointments.

Every identity is synthetic: names are random combinations, numbers are random with valid check
digits where the format has one.

Two parts, written to tests/data/:
- `pii_realistic_dev.jsonl` (seed 1601): what the rules were tuned on.
- `pii_realistic_heldout.jsonl` (seed 1602): never looked at while tuning; its names come from the
  other half of every name pool and some templates are only used there, so that a rule fitted to
  the dev part's exact words does not pass it by construction.

Scoring (`score`): a gold span is found when at least 90% of its characters are flagged (by any
finding: a birth date flagged as a phone number is still hidden); character precision is the share
of flagged characters that lie inside a gold span.
"""

import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import iban, luhn
from stdnum.fr import nir

DATA = Path(__file__).resolve().parent.parent / "data"
DEV_PATH = DATA / "pii_realistic_dev.jsonl"
HELDOUT_PATH = DATA / "pii_realistic_heldout.jsonl"
DEV_SEED, HELDOUT_SEED = 1601, 1602
POSTS_PER_PART = 260
FOUND_IF_COVERED = 0.9

# ---------- name pools (even positions go to dev, odd positions to held-out) ----------

FIRST_NAMES = {
    "fr": "Camille Yannick Gwenaëlle Maryvonne Josiane Thibault Ségolène Aurélien Clémence Bérengère Ghislain Solène "
    "Anne-Sophie Jean-Baptiste Marie-Thérèse Pierre-Yves Maëlys Timothée Éloïse Gaspard",
    "maghreb": "Karima Mourad Nadia Rachid Samira Farid Yasmina Mehdi Nawel Sofiane Leïla Hakim Zineb Bilal Imane Youssef "
    "Soumaya Abdelkrim Ouafa Nordine",
    "west_africa": "Aminata Mamadou Fatoumata Ousmane Awa Moussa Mariama Ibrahima Adama Seydou Kadiatou Boubacar "
    "Ramatoulaye Cheikh Aïssatou Souleymane Binta Lamine Coumba Modou",
    "vietnam": "Thi Hoa Minh Thu Lan Anh Van Duc Thanh Huong Quang Mai Linh Tuan Phuong Hung Ngoc Bich Hai Yen",
    "poland": "Agnieszka Krzysztof Małgorzata Wojciech Katarzyna Grzegorz Łucja Paweł Zofia Michał Jadwiga Tomasz "
    "Bożena Jarosław Halina Przemysław Dorota Łukasz Elżbieta Zbigniew",
    "ireland": "Siobhan Niamh Ciaran Aoife Padraig Sinead Eoin Orla Cathal Grainne Declan Roisin Fionnuala Diarmuid "
    "Aisling Donal Caoimhe Colm Saoirse Ronan",
    "hispanic": "Guadalupe Alejandro Xiomara Rodrigo Marisol Joaquín Itzel Esteban Yesenia Santiago Araceli Mateo "
    "Lupita Ignacio Rocío Emiliano Consuelo Julián Paloma Fernando",
    "african_american": "Latoya Darnell Keisha Tyrone Shaniqua DeShawn Ebony Jamal Tamika Marquis Aaliyah Terrell "
    "Imani Rasheed Lakisha Andre Shanice Dwayne Jazmine Malik",
    "english": "Heather Bradley Kimberly Dustin Brittany Travis Courtney Chad Amber Kyle Tiffany Derek Crystal Brent "
    "Melody Gavin Tabitha Wesley Harriet Rupert",
}
SURNAMES = {
    "fr": "Le Goff Kerbrat Dubreuil Vasseur Lemoine Charpentier Tessier Guillou Marchal Peyrat Delorme Faucher "
    "Rousselot Gaillard Le Bihan Carré Lefebvre Pichon Barbier Morvan",
    "maghreb": "Benali Haddad Bouzid Cherif Amrani Belkacem Hamdi Mansouri Ziani Boukhari Djebbar Lahlou Meziane "
    "Rahmani Saidi Tazi Bensaïd Ouali Kaddour Hamidou",
    "west_africa": "Diallo Traoré Coulibaly Ndiaye Konaté Sow Diop Camara Keïta Touré Sissoko Fofana Bamba Sy "
    "Kouyaté Cissé Sangaré Dembélé Baldé Koné",
    "vietnam": "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly Truong Dinh Lam Mai Trinh Vo",
    "poland": "Wiśniewski Kowalczyk Wójcik Kamińska Lewandowski Zielińska Szymański Woźniak Dąbrowski Kozłowska "
    "Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowska Nowakowski Pawłowska Michalski Król",
    "ireland": "O'Sullivan O'Brien McCarthy Gallagher Doherty Kennedy Byrne O'Connor Flanagan Quinlan O'Neill "
    "Brennan McGrath Sheehan Kavanagh Fitzgerald O'Donnell Moloney Cullen Geraghty",
    "hispanic": "Hernández García Martínez Ramírez Delgado Castillo Vargas Mendoza Guerrero Ortega Salazar Rojas "
    "Navarro Domínguez Cabrera Fuentes Aguilar Villanueva Espinoza Zamora",
    "african_american": "Washington Jefferson Jackson Freeman Banks Robinson Coleman Brooks Simmons Bryant Dawson "
    "Mosley Tate Goins Whitfield Pettaway Battle Hairston Gaines Holloway",
    "english": "Whitmore Ashworth Pemberton Hargreaves Thistlewood Blackwood Fairbanks Underhill Kingsley Waverly "
    "Harrington Copperfield Ellsworth Radcliffe Winslow Hollis Prescott Lockwood Stanton Carver",
}
NICKNAMES_FR = "dédé gégé jojo titi nanou momo zaza fanfan juju mimi".split()
NICKNAMES_EN = "bubba deedee jojo ricky sammy gigi benny lulu mo tj".split()
PARTICLE_SURNAMES = "van der Merwe|de la Fontaine|N'Diaye|O'Sullivan|van den Berg|di Stefano|McAllister|d'Almeida|Le Floc'h|ben Youssef".split(
    "|"
)
STREETS_FR = "des Lilas|Victor Hugo|du Général Leclerc|de la Paix|Jean Jaurès|des Acacias|Pasteur|du Moulin|de la Gare|Saint-Exupéry".split(
    "|"
)
CITIES_FR = [
    ("29410", "Plounéour-Ménez"),
    ("69003", "Lyon"),
    ("13008", "Marseille"),
    ("35000", "Rennes"),
    ("59800", "Lille"),
    ("44000", "Nantes"),
    ("31400", "Toulouse"),
    ("67000", "Strasbourg"),
    ("20200", "Bastia"),
    ("87000", "Limoges"),
]
LIEUX_DITS = "Kerbrat|la Croix Blanche|les Granges|Pen ar Hoat|le Moulin Neuf|la Bergerie".split("|")
STREETS_US = "Ravenswood|Maple|Lincoln|Cedar Grove|Highland|Jefferson|Oak Hill|Fairview".split("|")
US_TYPES = ["Ave", "St", "Street", "Avenue", "Rd", "Blvd", "Dr", "Lane"]
US_CITIES = [
    ("Chicago", "IL", "60640"),
    ("Boston", "MA", "02118"),
    ("Austin", "TX", "78704"),
    ("Denver", "CO", "80205"),
]
DOMAINS = [
    "gmail.com",
    "hotmail.fr",
    "yahoo.fr",
    "orange.fr",
    "outlook.com",
    "free.fr",
    "laposte.net",
    "icloud.com",
]
US_AREAS = ["312", "415", "617", "212", "646", "718", "503", "206", "404", "713", "773", "917"]

FR_UNITS = "zéro un deux trois quatre cinq six sept huit neuf".split()
EN_UNITS = "zero one two three four five six seven eight nine".split()
FR_NUMBERS = {
    10: "dix",
    11: "onze",
    12: "douze",
    13: "treize",
    14: "quatorze",
    15: "quinze",
    16: "seize",
    17: "dix-sept",
    18: "dix-huit",
    19: "dix-neuf",
    20: "vingt",
    30: "trente",
    40: "quarante",
    50: "cinquante",
    60: "soixante",
}


def french_number(n: int) -> str:
    """0..99 in French words ("soixante-douze", "quatre-vingt-dix-sept", "vingt et un")."""
    if n < 10:
        return FR_UNITS[n]
    if n in FR_NUMBERS:
        return FR_NUMBERS[n]
    if n < 70:
        tens, unit = divmod(n, 10)
        return f"{FR_NUMBERS[tens * 10]}{' et un' if unit == 1 else '-' + FR_UNITS[unit]}"
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{french_number(n - 60)}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{french_number(n - 80)}"


EN_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
EN_TENS = {
    2: "twenty",
    3: "thirty",
    4: "forty",
    5: "fifty",
    6: "sixty",
    7: "seventy",
    8: "eighty",
    9: "ninety",
}


def english_number(n: int) -> str:
    if n < 10:
        return EN_UNITS[n]
    if n < 20:
        return EN_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_UNITS[unit]}" if unit else "")


EN_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
    13: "thirteenth",
    14: "fourteenth",
    15: "fifteenth",
    16: "sixteenth",
    17: "seventeenth",
    18: "eighteenth",
    19: "nineteenth",
    20: "twentieth",
    21: "twenty-first",
    22: "twenty-second",
    23: "twenty-third",
    24: "twenty-fourth",
    25: "twenty-fifth",
    26: "twenty-sixth",
    27: "twenty-seventh",
    28: "twenty-eighth",
}
MONTHS_EN = "January February March April May June July August September October November December".split()
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


class Generator:
    def __init__(self, seed: int, part: str):
        self.rng = random.Random(seed)
        self.part = part
        index = 0 if part == "dev" else 1
        self.first = {origin: names.split()[index::2] for origin, names in FIRST_NAMES.items()}
        self.last = {}
        for origin, names in SURNAMES.items():
            words = names.split()
            # Two-word surnames ("Le Goff") are written with a space; keep them whole.
            joined, skip = [], False
            for position, word in enumerate(words):
                if skip:
                    skip = False
                    continue
                if word in ("Le", "La", "De") and position + 1 < len(words):
                    joined.append(f"{word} {words[position + 1]}")
                    skip = True
                else:
                    joined.append(word)
            self.last[origin] = joined[index::2]

    # ----- values -----
    def origin(self) -> str:
        return self.rng.choice(list(FIRST_NAMES))

    def first_name(self, origin: str | None = None) -> str:
        return self.rng.choice(self.first[origin or self.origin()])

    def surname(self, origin: str | None = None) -> str:
        return self.rng.choice(self.last[origin or self.origin()])

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def french_mobile(self) -> list[int]:
        return [int(self.rng.choice(["06", "07"]))] + [self.rng.randint(10, 99) for _ in range(4)]

    def phone_fr(self) -> str:
        groups = self.french_mobile()
        two = [f"{g:02d}" for g in groups]
        style = self.rng.randrange(10)
        if style == 0:
            return " ".join(two)
        if style == 1:
            return ".".join(two)
        if style == 2:
            return "".join(two)
        if style == 3:  # partly in words
            return " ".join(
                french_number(g) if i % 2 and g >= 10 else f"{g:02d}" for i, g in enumerate(groups)
            )
        if style == 4:  # wholly in words
            return "zéro " + FR_UNITS[groups[0]] + " " + " ".join(french_number(g) for g in groups[1:])
        if style == 5:
            return "+33 " + str(groups[0]) + " " + " ".join(two[1:])
        if style == 6:
            return "+33 (0)" + str(groups[0]) + " " + " ".join(two[1:])
        if style == 7:  # odd grouping
            flat = "".join(two)
            return f"{flat[:2]} {flat[2:5]} {flat[5:8]} {flat[8:]}"
        if style == 8:
            return "-".join(two)
        flat = "".join(two)
        return f"{flat[:4]} {flat[4:7]} {flat[7:]}"

    def phone_en(self) -> str:
        area = self.rng.choice(US_AREAS)
        exchange = f"{self.rng.randint(2, 9)}{self.digits(2)}"
        line = self.digits(4)
        style = self.rng.randrange(8)
        if style == 0:
            return f"{area}-{exchange}-{line}"
        if style == 1:
            return f"({area}) {exchange}-{line}"
        if style == 2:
            return f"{area}.{exchange}.{line}"
        if style == 3:  # spoken digits with "oh"
            spoken = [
                ("oh" if d == "0" and self.rng.random() < 0.7 else EN_UNITS[int(d)])
                for d in area + exchange + line
            ]
            return " ".join(spoken)
        if style == 4:
            return f"+1 {area} {exchange} {line}"
        if style == 5:  # UK mobile, including the drama range
            return f"+44 7{self.rng.choice(['700 900', '911 123', '400 123', '850 555'])} {self.digits(3)}"
        if style == 6:
            return f"{area} {exchange} {line[:2]} {line[2:]}"
        return f"{area}{exchange}{line}"

    def email(self, lang: str) -> str:
        first = self.strip_accents(self.first_name()).lower().replace(" ", "").replace("'", "")
        last = self.strip_accents(self.surname()).lower().replace(" ", "").replace("'", "")
        domain = self.rng.choice(DOMAINS)
        name, tld = domain.rsplit(".", 1)
        local_sep = self.rng.choice([".", "_", ""])
        number = self.rng.choice(["", "", str(self.rng.randint(1, 99))])
        style = self.rng.randrange(8)
        if style == 0:
            return f"{first}{local_sep}{last}{number}@{domain}"
        if style == 1 and lang == "fr":
            return f"{first} point {last} arobase {name} point {tld}"
        if style == 1:
            return f"{first} dot {last} at {name} dot {tld}"
        if style == 2:
            return f"{first}{local_sep}{last}(at){domain}"
        if style == 3:
            return f"{first}.{last} [at] {name} [dot] {tld}"
        if style == 4:
            return f"{first}{last}{number} @ {name} . {tld}"
        if style == 5:
            return f"{first.upper()}.{last.upper()}@{domain.upper()}"
        if style == 6 and lang == "fr":
            return f"{first}{last} arobase {domain}"
        if style == 6:
            return f"{first}{last} at {domain}"
        return f"{first}_{last}{number} (at) {name} (dot) {tld}"

    @staticmethod
    def strip_accents(value: str) -> str:
        import unicodedata

        decomposed = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    def nir(self) -> str:
        body = (
            self.rng.choice("12")
            + f"{self.rng.randint(40, 99):02d}{self.rng.randint(1, 12):02d}"
            + self.rng.choice(["29", "69", "75", "2A", "2B", "13", "59"])
            + self.digits(6)
        )
        key = nir.calc_check_digits(body)
        groups = [body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13]]
        style = self.rng.randrange(6)
        if style == 0:
            return " ".join(groups) + " " + key
        if style == 1:
            return body + key
        if style == 2:
            return " ".join(groups) + " clé " + key
        if style == 3:
            return body + " clé " + key
        if style == 4:
            return ".".join(groups) + "." + key
        return (" ".join(groups) + " " + key).lower()

    def iban(self) -> str:
        bban = self.digits(23)
        value = iban.calc_check_digits("FR00" + bban)
        full = "FR" + value + bban
        grouped = " ".join(full[i : i + 4] for i in range(0, len(full), 4))
        style = self.rng.randrange(4)
        if style == 0:
            return grouped.lower()
        if style == 1:
            return full.lower()
        if style == 2:
            return grouped
        return "-".join(full[i : i + 4] for i in range(0, len(full), 4))

    def record(self) -> str:
        style = self.rng.randrange(5)
        if style == 0:
            return f"S{self.rng.randint(19, 25)}-{self.digits(7)}"
        if style == 1:
            return f"{self.rng.randint(2019, 2025)}/{self.digits(5)}"
        if style == 2:
            return f"{self.rng.choice(['PT', 'AB', 'H'])}-{self.digits(6)}".lower()
        if style == 3:
            return f"{self.digits(3)} {self.digits(3)} {self.digits(3)}"
        return self.digits(10)

    def rpps(self) -> str:
        body = "10" + self.digits(8)
        return body + luhn.calc_check_digit(body)

    def birthdate(self, lang: str) -> str:
        day, month, year = self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(1935, 2010)
        style = self.rng.randrange(9)
        if style == 0:
            return f"{day:02d}-{MONTHS_EN[month - 1][:3]}-{year}"
        if style == 1:
            return f"{day:02d}-{MONTHS_EN[month - 1][:3].upper()}-{year}"
        if style == 2:
            return f"{day}/{month}/{year % 100:02d}"
        if style == 3 and lang == "fr":
            return f"1er/{month:02d}/{year}"
        if style == 3:
            return f"{month}/{day}/{year}"
        if style == 4 and lang == "en":
            tens, units = divmod(year % 100, 1)
            return (
                f"the {EN_ORDINALS[day]} of {MONTHS_EN[month - 1]}, nineteen {english_number(year % 100)}"
                if year < 2000
                else f"the {EN_ORDINALS[day]} of {MONTHS_EN[month - 1]}, {year}"
            )
        if style == 4:
            return f"{french_number(day) if day > 1 else '1er'} {MONTHS_FR[month - 1]} {year}"
        if style == 5:
            return f"{day}.{month}.{year}"
        if style == 6 and lang == "fr":
            return f"{day} {MONTHS_FR[month - 1]} {year % 100:02d}"
        if style == 6:
            return f"{MONTHS_EN[month - 1][:3].lower()} {day} {year}"
        if style == 7:
            return f"{year}-{month:02d}-{day:02d}"
        return f"{day:02d}/{month:02d}/{year}"

    def address(self, lang: str) -> str:
        if lang == "fr":
            number = self.rng.randint(1, 140)
            street = self.rng.choice(STREETS_FR)
            kind = self.rng.choice(["rue", "avenue", "allée", "bd", "impasse", "chemin", "rue", "place"])
            postcode, city = self.rng.choice(CITIES_FR)
            style = self.rng.randrange(7)
            if style == 0:
                return f"Bât. {self.rng.choice('ABC')}, esc. {self.rng.randint(1, 4)}, {self.rng.randint(1, 9)}e étage, {number} {kind} {street}, {postcode} {city}"
            if style == 1:
                return f"appt {self.rng.randint(1, 60)}, {number} {kind} {street.lower()}"
            if style == 2:
                return f"lieu-dit {self.rng.choice(LIEUX_DITS)}, {postcode} {city}"
            if style == 3:
                return f"CS {self.rng.randint(10000, 99999)}, {postcode} {city}"
            if style == 4:
                return f"{number} {kind} {street.lower()} {postcode} {city.lower()}"
            if style == 5:
                return f"{number} bis {kind} {street}, {self.rng.randint(1, 9)}ème étage gauche"
            return f"{number} {kind} {street}, {postcode} {city}"
        number = self.rng.randint(100, 9999)
        street = self.rng.choice(STREETS_US)
        kind = self.rng.choice(US_TYPES)
        city, state, zipcode = self.rng.choice(US_CITIES)
        style = self.rng.randrange(5)
        if style == 0:
            return f"Apt {self.rng.randint(1, 20)}{self.rng.choice('ABCD')}, {number} W {self.rng.randint(10, 99)}th St"
        if style == 1:
            return f"{number} {self.rng.choice('nsew')} {street.lower()} {kind.lower()} #{self.rng.randint(1, 30)}"
        if style == 2:
            return f"{number} {street} {kind}, {city}, {state} {zipcode}"
        if style == 3:
            return f"{number} {street} {kind} Apt {self.rng.randint(1, 30)}"
        return f"{number} {street.lower()} {kind.lower()}"


# ---------- templates ----------
# A template is a string with {slots}; a slot filled by a value of a kind is labeled with that kind.
# Lowercase slots are people written in lower case.

FR_PII = [
    "vous pouvez m'appeler au {PHONE}",
    "mon num c {PHONE} si besoin",
    "Appelez-moi : {PHONE} (le soir)",
    "écris moi sur {EMAIL} stp",
    "Mon mail : {EMAIL}",
    "contactez moi {EMAIL} ou {PHONE}",
    "j'ai vu le dr {surname_lower} ce matin",
    "Le Dr {Surname} m'a prescrit une IRM",
    "rdv avec Mme {Initial_Surname} jeudi",
    "Nom : {Surname_comma_First}",
    "ma fille {first_lower} a fait sa première crise hier",
    "Mon mari {First} ne comprend pas",
    "MERCI {FIRST} POUR TON SOUTIEN",
    "bisous {nickname}",
    "{First} {Surname} (ma voisine) m'a conduite",
    "le neuro c'est le Pr {Particle_surname}",
    "suivez moi sur insta {HANDLE}",
    "mon profil {PROFILE_URL} si vous voulez discuter",
    "Je suis née le {BIRTHDATE}",
    "ddn {BIRTHDATE}",
    "date de naissance : {BIRTHDATE}",
    "moi c'est {First}, née le {BIRTHDATE}",
    "J'habite {ADDRESS}",
    "envoyez au {ADDRESS}",
    "mon adresse : {ADDRESS}",
    "IPP : {RECORD}",
    "n° de dossier {RECORD} à la Pitié",
    "mon numéro de sécu {NIR}",
    "NIR : {NIR}",
    "pour le virement, mon IBAN {IBAN}",
    "son RPPS est {RPPS}",
    "c'est {First} {Surname}, elle habite à côté",
    "j'ai parlé avec {First} {Surname} de l'asso",
]
EN_PII = [
    "call me at {PHONE} anytime",
    "text me {PHONE}",
    "My cell: {PHONE}",
    "email me at {EMAIL}",
    "hit me up {EMAIL}",
    "reach me {EMAIL} or {PHONE}",
    "saw dr {surname_lower} today",
    "Dr. {Surname} said it's benign",
    "my neurologist is Dr {Initial_Surname}",
    "Patient: {Surname_comma_First}",
    "my daughter {first_lower} had her infusion",
    "My husband {First} is struggling",
    "THANK YOU {FIRST} FOR EVERYTHING",
    "love ya {nickname}",
    "{First} {Surname} from church drove me",
    "ask for Dr. {Particle_surname} at the clinic",
    "follow me on ig {HANDLE}",
    "my page is {PROFILE_URL}",
    "I was born {BIRTHDATE}",
    "DOB {BIRTHDATE}",
    "date of birth: {BIRTHDATE}",
    "i'm {First}, born on {BIRTHDATE}",
    "I live at {ADDRESS}",
    "send it to {ADDRESS}",
    "my address is {ADDRESS}",
    "MRN {RECORD}",
    "my patient ID is {RECORD}",
    "chart number {RECORD}",
    "my IBAN is {IBAN}",
    "my nurse {First} {Surname} called back",
    "talked to {First} {Surname} from the support group",
]
# Only in the held-out part: same kinds, other words around them.
FR_PII_HELDOUT = [
    "{First} {Surname} m'a donné son {PHONE}",
    "c'est le Dr {Surname} qui me suit",
    "joignable au {PHONE} en semaine",
    "mon fils {First} ({Surname} de son nom)",
    "nouvelle adresse : {ADDRESS}",
    "né le {BIRTHDATE}, j'ai eu mon diagnostic à 30 ans",
    "ma mail {EMAIL} ",
]
EN_PII_HELDOUT = [
    "{First} {Surname} gave me his number {PHONE}",
    "I see Dr {Surname} every month",
    "you can reach me on {PHONE}",
    "my son {First} ({Surname}) is 12",
    "new address: {ADDRESS}",
    "Born {BIRTHDATE}, diagnosed at 30",
    "contact: {EMAIL}",
]

FR_NEGATIVE = [
    "Ma mère a la maladie de Parkinson depuis 2015.",
    "On m'a diagnostiqué une maladie de Crohn à 23 ans.",
    "Mon père, Alzheimer depuis 5 ans, ne me reconnaît plus.",
    "Suivie à l'Hôpital Georges-Pompidou, service de cardio.",
    "Hospitalisée à Gustave Roussy pour la chimio.",
    "Mon fils est suivi à Robert-Debré depuis sa naissance.",
    "On a vu un spécialiste à la Pitié-Salpêtrière.",
    "Je prends du Lévothyrox 75 µg et du Doliprane 1000.",
    "Passée sous Keytruda depuis mars, puis Ocrevus.",
    "Si vous n'allez pas bien, appelez le 3114, c'est gratuit.",
    "En cas d'urgence faites le 15 ou le 112.",
    "Drogues Info Service : 0 800 23 13 13, anonyme.",
    "Hémoglobine 11,2 g/dL, CRP à 45 mg/L, plaquettes 150 000/mm3.",
    "TSH 4,5 mUI/L et HbA1c à 7,2 %.",
    "Je participe à l'essai NCT04512345 depuis janvier.",
    "L'essai EudraCT 2021-001234-56 recrute encore.",
    "Merci Papillon75 pour ta réponse de l'autre jour.",
    "Comme disait LunaSEP plus haut, il faut insister.",
    "Louis Pasteur, né le 27 décembre 1822, a inventé le vaccin contre la rage.",
    "C'est comme dans Dr House, personne ne trouve ce que j'ai.",
    "Florence Nightingale serait fière des infirmières de ce service.",
    "Marie Curie est morte d'une leucémie en 1934.",
    "Mon grand-père a débarqué le 6 juin 1944.",
    "Le 11 septembre 2001 j'étais aux urgences.",
    "Rendez-vous le 12/03/2025 pour l'IRM de contrôle.",
    "Prochaine cure le 3 mars, la quatrième sur six.",
    "J'ai 42 ans, deux enfants de 8 et 11 ans.",
    "Je marche trente minutes par jour, deux fois par semaine.",
    "Ma tension était à 14/9 ce matin.",
    "Le syndrome de Guillain-Barré m'a laissée épuisée.",
    "La thyroïdite d'Hashimoto, on vit avec.",
    "Chambre 412, troisième étage, la vue est belle.",
    "J'ai fait 3 cures de Xarelto et 2 d'Ozempic.",
    "On était à l'Institut Curie pour la radiothérapie.",
    "Le Centre Léon Bérard a un super service d'onco.",
    "Mon RCP a eu lieu le 14 février.",
    "J'ai rejoint l'asso il y a 2 ans, on est 1 500 membres.",
    "Simone Veil a fait voter la loi en 1975.",
    "Les maladies de Hodgkin et de Basedow n'ont rien à voir.",
]
EN_NEGATIVE = [
    "My mom has Parkinson's and it's getting worse.",
    "Diagnosed with Crohn's disease at 23.",
    "Grandpa had Alzheimer's for ten years.",
    "We were treated at Johns Hopkins and then Mayo Clinic.",
    "My son goes to St. Jude for his scans.",
    "Memorial Sloan Kettering has a great trial program.",
    "I'm on Humira and Synthroid 75 mcg.",
    "They switched me to Keytruda in March.",
    "If you're in crisis call or text 988.",
    "The lifeline is 1-800-273-8255, it's free.",
    "In the UK, Samaritans answer on 116 123.",
    "Hemoglobin 11.2 g/dL, CRP 45 mg/L, platelets 150,000.",
    "My A1c was 7.2% and LDL 130 mg/dL.",
    "I'm enrolled in NCT04512345 since January.",
    "Thanks SunnyDays88 for the tip!",
    "Like BrainFogQueen said above, push for a referral.",
    "Florence Nightingale would be proud of these nurses.",
    "It's like an episode of Dr House, nobody knows what I have.",
    "Louis Pasteur would be amazed by mRNA vaccines.",
    "Stephen Hawking lived with ALS for decades.",
    "My grandfather landed in Normandy on June 6, 1944.",
    "On September 11, 2001 I was in the ER.",
    "My next scan is on 03/12/2025.",
    "Cycle 4 of 6 starts March 3.",
    "I'm 42 with two kids aged 8 and 11.",
    "I walk thirty minutes a day, five days a week.",
    "BP was 140/90 this morning.",
    "Guillain-Barré syndrome left me exhausted.",
    "Hashimoto's is manageable with the right dose.",
    "Room 412 on the third floor has a nice view.",
    "Down syndrome runs in no one's family here.",
    "Our group has 1,500 members now.",
    "Angelina Jolie made BRCA testing famous.",
    "Lou Gehrig's disease is what they call ALS here.",
    "Dr. Seuss books helped my kid during chemo.",
    "Meredith Grey is not a real surgeon, sadly.",
    "The trial ISRCTN12345678 is closed.",
    "Tourette's is misunderstood by most people.",
]
FR_FILLER = [
    "Bonjour à tous,",
    "coucou les filles",
    "Je reviens vers vous après mon rdv.",
    "bon courage à toutes !!",
    "je sais pas trop quoi penser...",
    "Merci d'avance pour vos retours.",
    "la fatigue est toujours là mais ça va mieux",
    "j'ai trop peur de la prochaine étape",
]
EN_FILLER = [
    "Hi everyone,",
    "hey guys",
    "Just got back from my appointment.",
    "hugs to all!!",
    "idk what to think tbh...",
    "Thanks in advance for any advice.",
    "still exhausted but a bit better",
    "so scared of what comes next",
]
HANDLES = [
    "maman.solo.sep",
    "julie_combat_crohn",
    "warrior.mom.75",
    "lupus_et_moi",
    "fibro.life.22",
    "tdah.papa",
]


@dataclass
class Post:
    text: str = ""
    spans: list = field(default_factory=list)

    def add(self, piece: str, kind: str | None = None) -> None:
        previous = self.spans[-1] if self.spans else None
        if (
            kind == "PERSON"
            and previous
            and previous["kind"] == "PERSON"
            and previous["end"] == len(self.text) - 1
            and self.text[-1] == " "
        ):
            previous["end"] = len(self.text) + len(piece)  # "First Surname" is one name
            self.text += piece
            return
        if kind:
            self.spans.append({"start": len(self.text), "end": len(self.text) + len(piece), "kind": kind})
        self.text += piece


def fill(gen: Generator, template: str, lang: str, post: Post) -> None:
    """Append `template` to `post`, filling and labeling its slots."""
    cursor = 0
    while True:
        opening = template.find("{", cursor)
        if opening < 0:
            post.add(template[cursor:])
            return
        post.add(template[cursor:opening])
        closing = template.index("}", opening)
        slot = template[opening + 1 : closing]
        value, kind = slot_value(gen, slot, lang)
        if value.startswith("the "):  # "born on the twelfth of June": the article is not the date
            post.add("the ")
            value = value[4:]
        post.add(value, kind)
        cursor = closing + 1


def slot_value(gen: Generator, slot: str, lang: str) -> tuple[str, str]:
    rng = gen.rng
    if slot == "PHONE":
        return (gen.phone_fr() if lang == "fr" and rng.random() < 0.85 else gen.phone_en()), "PHONE"
    if slot == "EMAIL":
        return gen.email(lang), "EMAIL"
    if slot == "NIR":
        return gen.nir(), "NIR"
    if slot == "IBAN":
        return gen.iban(), "IBAN"
    if slot == "RECORD":
        return gen.record(), "RECORD_ID"
    if slot == "RPPS":
        return gen.rpps(), "RPPS"
    if slot == "BIRTHDATE":
        return gen.birthdate(lang), "BIRTHDATE"
    if slot == "ADDRESS":
        return gen.address(lang), "ADDRESS"
    if slot == "HANDLE":
        return "@" + rng.choice(HANDLES), "PERSON"
    if slot == "PROFILE_URL":
        first = gen.strip_accents(gen.first_name()).lower().replace(" ", "")
        last = gen.strip_accents(gen.surname()).lower().replace(" ", "").replace("'", "")
        site = rng.choice(["facebook.com", "www.facebook.com", "instagram.com", "linkedin.com/in", "fb.com"])
        return f"{site}/{first}.{last}.{rng.randint(1, 99)}", "PERSON"
    if slot == "nickname":
        return rng.choice(NICKNAMES_FR if lang == "fr" else NICKNAMES_EN), "PERSON"
    if slot == "surname_lower":
        return gen.surname().lower(), "PERSON"
    if slot == "first_lower":
        return gen.first_name().lower(), "PERSON"
    if slot == "First":
        return gen.first_name(), "PERSON"
    if slot == "FIRST":
        return gen.first_name().upper(), "PERSON"
    if slot == "Surname":
        return gen.surname(), "PERSON"
    if slot == "Initial_Surname":
        return f"{rng.choice('ABCDEFGHJKLMNPRST')}. {gen.surname()}", "PERSON"
    if slot == "Particle_surname":
        return rng.choice(PARTICLE_SURNAMES), "PERSON"
    if slot == "Surname_comma_First":
        origin = gen.origin()
        return f"{gen.surname(origin)}, {gen.first_name(origin)}", "PERSON"
    raise KeyError(slot)


def _fill_initial(template: str, gen: Generator) -> str:
    return template.replace("{Initial}", gen.rng.choice("ABCDEFGHJKLMNPRST"))


def generate(seed: int, part: str, count: int = POSTS_PER_PART) -> list[dict]:
    gen = Generator(seed, part)
    rng = gen.rng
    records = []
    for number in range(count):
        lang = "fr" if number % 2 == 0 else "en"
        pii = FR_PII if lang == "fr" else EN_PII
        if part == "heldout":
            pii = pii + (FR_PII_HELDOUT if lang == "fr" else EN_PII_HELDOUT) * 2
        negatives = FR_NEGATIVE if lang == "fr" else EN_NEGATIVE
        filler = FR_FILLER if lang == "fr" else EN_FILLER
        post = Post()
        sentences = []
        if rng.random() < 0.5:
            sentences.append(("filler", rng.choice(filler)))
        sentences.extend(("negative", sentence) for sentence in rng.sample(negatives, rng.randint(1, 3)))
        # About one post in five holds no personal data at all.
        for _ in range(0 if rng.random() < 0.2 else rng.randint(1, 2)):
            sentences.insert(rng.randrange(len(sentences) + 1), ("pii", rng.choice(pii)))
        if rng.random() < 0.3:
            sentences.append(("filler", rng.choice(filler)))
        separator = rng.choice([" ", " ", "\n", "  ", " \u00a0"])
        for position, (what, sentence) in enumerate(sentences):
            if position:
                post.add(separator)
            if what == "pii":
                template = _fill_initial(sentence, gen)
                fill(gen, template, lang, post)
                post.add(rng.choice([".", "", " !", "...", " :)"]))
            else:
                post.add(sentence)
        records.append(
            {"id": f"{part}-{lang}-{number:04d}", "lang": lang, "text": post.text, "spans": post.spans}
        )
    return records


# ---------- scoring ----------


@dataclass
class KindTally:
    spans: int = 0
    found: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.spans if self.spans else 1.0


@dataclass
class Score:
    by_kind: dict = field(default_factory=lambda: defaultdict(KindTally))
    flagged_chars: int = 0
    flagged_in_gold: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def spans(self) -> int:
        return sum(t.spans for t in self.by_kind.values())

    @property
    def recall(self) -> float:
        found = sum(t.found for t in self.by_kind.values())
        return found / self.spans if self.spans else 1.0

    @property
    def char_precision(self) -> float:
        return self.flagged_in_gold / self.flagged_chars if self.flagged_chars else 1.0

    def table(self) -> str:
        rows = [f"{'kind':<11} {'spans':>6} {'found':>6} {'recall':>7}"]
        for kind in sorted(self.by_kind):
            tally = self.by_kind[kind]
            rows.append(f"{kind:<11} {tally.spans:>6} {tally.found:>6} {tally.recall:>7.3f}")
        rows.append(
            f"{'OVERALL':<11} {self.spans:>6} {sum(t.found for t in self.by_kind.values()):>6} {self.recall:>7.3f}"
            f"   character precision {self.char_precision:.3f}"
        )
        return "\n".join(rows)


def score(records: list[dict], predict) -> Score:
    """`predict(record)` returns [(start, end)] of flagged characters (kinds do not matter here)."""
    result = Score()
    for record in records:
        flagged = [False] * len(record["text"])
        for start, end in predict(record):
            for index in range(max(0, start), min(end, len(flagged))):
                flagged[index] = True
        gold = [False] * len(flagged)
        for span in record["spans"]:
            tally = result.by_kind[span["kind"]]
            tally.spans += 1
            covered = sum(flagged[span["start"] : span["end"]])
            for index in range(span["start"], span["end"]):
                gold[index] = True
            if covered >= FOUND_IF_COVERED * (span["end"] - span["start"]):
                tally.found += 1
            else:
                value = record["text"][span["start"] : span["end"]]
                result.misses.append(f"MISSED {span['kind']} {value!r} in {record['id']}")
        result.flagged_chars += sum(flagged)
        result.flagged_in_gold += sum(f and g for f, g in zip(flagged, gold, strict=True))
        index = 0
        while index < len(flagged):
            if flagged[index] and not gold[index]:
                end = index
                while end < len(flagged) and flagged[end] and not gold[end]:
                    end += 1
                result.extras.append(f"EXTRA {record['text'][index:end]!r} in {record['id']}")
                index = end
            else:
                index += 1
    return result


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def scan_predictor(record: dict) -> list[tuple[int, int]]:
    from entrepairs.privacy import scan

    return [(f.start, f.end) for f in scan(record["text"], record["lang"])]


def summary(records: list[dict]) -> str:
    kinds = Counter(span["kind"] for record in records for span in record["spans"])
    languages = Counter(record["lang"] for record in records)
    negatives = sum(1 for record in records if not record["spans"])
    return f"{len(records)} posts {dict(languages)}, {negatives} without any span; spans: {dict(sorted(kinds.items()))}"


def main(argv: list[str]) -> None:
    if "--score" in argv:
        for path in (DEV_PATH, HELDOUT_PATH) if "--heldout" in argv else (DEV_PATH,):
            result = score(load(path), scan_predictor)
            print(f"\n{path.name}\n{result.table()}")
            if "-v" in argv:
                print("\n".join(result.misses + result.extras))
        return
    for path, seed, part in ((DEV_PATH, DEV_SEED, "dev"), (HELDOUT_PATH, HELDOUT_SEED, "heldout")):
        records = generate(seed, part)
        write(records, path)
        print(f"{path.name}: {summary(records)}")


if __name__ == "__main__":
    main(sys.argv[1:])
