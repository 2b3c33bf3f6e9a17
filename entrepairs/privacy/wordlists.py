"""Contexts that make a word a person's name (titles, relatives and carers, greetings, introductions,
sign-offs, a visit "chez" someone) or part of something else (eponymous diseases, institutions,
streets). The names themselves are in `first_names.py`; capitalised words that are not people
(medicines, shops, cities) in `not_people.py`.
"""

# Titles that introduce a name. The name's span excludes the title: the replacement keeps it ("Dr M.").
# Matched in any case ("le dr moreau"), except CAPITALISED_TITLES, which are everyday words in lower
# case ("I miss Grandma", "my sister Megan" is a relative, not a title).
TITLES = (
    "Dr|Dre|Drs|Pr|Pre|Mme|Mmes|Mlle|Mr|Mrs|Ms|Mx|Prof|Docteur|Docteure|Professeur|Professeure|"
    "Madame|Monsieur|Mademoiselle|Doctor|Professor|Nurse|Infirmière|Infirmier|Doc|Rev|Reverend|Pastor|"
    "Nurse practitioner|Sage-femme"
)
CAPITALISED_TITLES = "Miss|Sister|Father|Brother|Mother|Pasteur|Père|Sœur|Soeur"
# Written glued to the name by fast typists: "Dr.Kowalski".
GLUED_TITLES = "Dr|Dre|Pr|Mr|Mrs|Ms|Mme|Prof"
# Family titles used without a possessive ("Mamie Ginette", "Aunt Linda", "Tonton Jacques"), in any
# case; "Nana Betty" only capitalised ("la nana de l'accueil" is "the girl at the desk").
KIN_TITLES = "Mamie|Mamy|Papi|Papy|Mémé|Pépé|Tata|Tatie|Tonton|Grandma|Grandpa|Granny|Aunt|Auntie|Uncle"
CAPITALISED_KIN_TITLES = "Nana"

# Relatives, partners, friends and carers: "mon mari Thomas", "ma kiné s'appelle Émilie", "my hubby
# Rick", "our home health aide, Lorenzo". Also the roles in brackets or apposition after a name
# ("Julien (kiné)", "Maëlle, ma kiné, ..."). Longer alternatives first where one is a prefix.
RELATIVES_FR = (
    "mari|femme|épouse|époux|compagnon|compagne|conjoint|conjointe|chéri|chérie|homme|amoureux|amoureuse|"
    "fils|fiston|fille|enfant|bébé|loulou|puce|frère|sœur|soeur|demi-frère|demi-sœur|demi-soeur|"
    "père|mère|papa|maman|grand-mère|grand-père|arrière-grand-mère|arrière-grand-père|mamie|mamy|papi|papy|"
    "petit-fils|petite-fille|belle-mère|beau-père|belle-sœur|belle-soeur|beau-frère|belle-fille|beau-fils|"
    "gendre|bru|oncle|tante|tata|tatie|tonton|cousin|cousine|neveu|nièce|parrain|marraine|filleul|filleule|"
    "petit|petite|grand|grande|ami|amie|copain|copine|pote|voisin|voisine|collègue|nounou|"
    "aide à domicile|auxiliaire de vie|aide-ménagère|AVS|AESH|assistante sociale|assistant social|"
    "kinésithérapeute|kiné|kinée|médecin|généraliste|neurologue|neuro|oncologue|onco|cardiologue|cardio|"
    "psychiatre|psychologue|psy|infirmière|infirmier|pédiatre|gynécologue|gynéco|dermatologue|dermato|"
    "rhumatologue|rhumato|chirurgienne|chirurgien|ophtalmologue|ophtalmo|dentiste|sage-femme|"
    "aide-soignante|aide-soignant|aidante|aidant|endocrinologue|endocrino|pneumologue|pneumo|"
    "orthophoniste|orthoptiste|ostéopathe|diététicienne|diététicien|sophrologue|ergothérapeute|ergo|"
    "psychomotricienne|psychomotricien|podologue|pharmacienne|pharmacien|urologue|gastro-entérologue|"
    "gastroentérologue|gastro|néphrologue|hématologue|radiologue|radiothérapeute|anesthésiste|interne|"
    "hépatologue|allergologue|secrétaire|coordinatrice|coordinateur"
)
RELATIVES_EN = (
    "husband|hubby|wife|wifey|spouse|partner|boyfriend|girlfriend|fiancé|fiancée|fiance|fiancee|DH|DW|"
    "DS|DD|bf|gf|son-in-law|son|daughter-in-law|daughter|child|kid|baby|boy|girl|guy|man|"
    "brother-in-law|brother|sister-in-law|sister|father-in-law|father|mother-in-law|mother|dad|mom|mum|"
    "mommy|daddy|MIL|FIL|SIL|BIL|great-grandmother|great-grandfather|grandmother|grandfather|grandma|"
    "grandpa|granny|grandson|granddaughter|grandbaby|grandkid|grandchild|aunt|uncle|cousin|nephew|niece|"
    "godmother|godfather|goddaughter|godson|twin|best friend|bestie|BFF|friend|neighbor|neighbour|"
    "coworker|colleague|roommate|sponsor|nanny|babysitter|stepson|stepdaughter|stepmother|stepfather|"
    "step-son|step-daughter|step-mom|step-dad|stepmom|stepdad|"
    "home health aide|health aide|aide|caregiver|physical therapist|occupational therapist|therapist|"
    "counselor|counsellor|social worker|case manager|doctor|GP|PCP|NP|PT|OT|physio|physiotherapist|"
    "oncologist|neurologist|neuro|cardiologist|surgeon|nurse|psychiatrist|psychologist|dentist|"
    "pediatrician|endocrinologist|endo|rheumatologist|rheumy|gastroenterologist|GI|hematologist|"
    "nephrologist|urologist|OB-GYN|OBGYN|OB|gynecologist|gyno|midwife|pharmacist|doula|pastor"
)
RELATIVE_ADJECTIVES = (
    "petit|petite|grand|grande|aîné|aînée|cadet|cadette|dernier|dernière|chère|cher|adoré|adorée|"
    "meilleure|meilleur|nouvelle|nouveau|ancienne|ancien|super|"
    "little|older|younger|eldest|youngest|big|baby|best|dear|late|new|old|former|amazing|wonderful|"
    "lovely|sweet|hospice|home|night|infusion|school|primary care|palliative"
)
POSSESSIVES = "mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|my|our|his|her|their|your"

# Matched in any case: "merci sandrine", "MERCI NADINE".
GREETINGS = (
    "Bonjour|Bonsoir|Rebonjour|Coucou|Salut|Merci|Bravo|Courage|Bon courage|Félicitations|Bienvenue|"
    "Chère|Cher|Bonne chance|Bisous à|Bises à|Gros bisous à|Pensées à|Pensées pour|Petite pensée pour|"
    "Petites pensées pour|Je pense à|Hi|Hiya|Hello|Hey|Dear|Thanks|Thank you|Welcome|Congrats|"
    "Congratulations|Good luck|Hugs to|Big hugs to|Prayers for|Praying for|Prayers to|Thinking of|"
    "Sending love to|Sending hugs to|Bisous|Bises|Love ya|Love you|Luv ya|Miss you|Miss ya"
)

# Words a shouted post puts after a greeting that are not names ("MERCI POUR TOUT", "THANK YOU ALL").
CAPITAL_FUNCTION_WORDS = frozenset(
    """
    pour à a au aux to you all tous toutes tout toute everyone everybody everything so much beaucoup
    encore de du des la le les the my mon ma mes your votre vos ton ta et and infiniment again vraiment
    really very ce cette ces this that these thanks merci for from with avec sans without bien good
    great amazing les filles girls guys ladies team équipe docteur doctor doc nurse maman papa mom dad
    mille fois avance d'avance énormément enormement infiniment tellement sincèrement always toujours
    lots tons heaps much again aussi also there here everyone's tout-le-monde people folks friends amis
    amies copines chers chères dear dears honey darling chérie chéri coeur cœur
    """.split()
)
# Introductions: any name after them ("je m'appelle Gwladys", "my name's Rosalind").
SELF_NAMING = "je m'appelle|je m’appelle|moi c'est|moi c’est|my name is|my name's|my name’s|i'm called"
# "s'appelle", "called", "named": only after a person ("une dame qui s'appelle Odile", "a girl named
# Kim"), never after a thing ("un médicament qui s'appelle Keytruda", "a drug called Rinvoq").
NAMING_VERBS = "s'appelle|s’appelle|prénommé|prénommée|nommé|nommée|named|called"
PERSON_NOUNS = (
    "il|elle|he|she|he's|she's|dame|monsieur|homme|femme|fille|garçon|gars|type|mec|nana|bénévole|"
    "personne|patiente|patient|guy|man|woman|lady|girl|boy|someone|somebody|person|volunteer|member|membre"
)
# Self-introductions that only announce a name from the first-name list ("I'm Danielle", "je suis
# Julie"): "I'm tired" and "je suis Charlie" are not.
SELF_INTRODUCTIONS = "i'm|i’m|i am|je suis|moi c'est|moi c’est"

# Sign-offs at the end of a post, before the writer's name: "Bises, Nathalie", "Love, Trish",
# "xoxo Kim". Any name counts after them when the post ends there.
SIGNOFFS = (
    "bises|bisous|biz|bizz|gros bisous|grosses bises|des bisous|amitiés|amicalement|bien amicalement|"
    "cordialement|bien cordialement|bien à vous|bien à toi|à bientôt|à plus|bonne journée|bonne soirée|"
    "belle journée|belle soirée|bonne nuit|douces pensées|pensées|je vous embrasse|prenez soin de vous|"
    "prends soin de toi|courage|bon courage|merci|merci encore|"
    "love|lots of love|much love|all my love|with love|hugs|big hugs|best|best wishes|regards|"
    "kind regards|warm regards|best regards|cheers|take care|xoxo|xo|xx|warmly|blessings|god bless|"
    "sincerely|thanks|thank you|many thanks|stay strong|peace"
)
SIGNOFF_AUDIENCE = "à tous|à toutes|à tous et à toutes|to all|to you all|everyone|all"

# A doctor named without a title after a visit: "j'ai vu Lambert hier", "rdv chez Kessler", "Saw
# Brennan today". Only a capitalised word that is no shop, place, medicine or month (see not_people.py).
VISITS = (
    "chez|vu|revu|consulté|consultée|consulter|voir|revoir|rdv avec|rendez-vous avec|"
    "saw|seeing|appointment with|appt with|in with|visit with|referred me to|referred to"
)

# Before a given name that is also a medicine ("I'm on Heather", "sous Diane"): the medicine.
MEDICINE_CONTEXT = (
    "sous|prescrit|prescrite|prescribed|i'm on|i’m on|i am on|been on|was on|started on|put me on|"
    "still on|switched to|switched me to"
)
# Before a given name that is also a city ("à Nancy", "near Charlotte", "In Madison"): the city.
PLACE_PREPOSITIONS = "à|au|de|près de|vers|en|in|near|to|from|outside|around|at|of|visiting|visit"

# Words before a capitalised word that make it part of an eponym ("maladie de Crohn", "syndrome
# d'Asperger"), an institution ("Centre Léon Bérard", "Hôpital Necker") or a street ("rue Victor
# Hugo"), not a person.
EPONYM_BEFORE = (
    "maladie|syndrome|chorée|thyroïdite|lymphome|sarcome|manœuvre|manoeuvre|test|score|signe|échelle|"
    "classification|méthode|technique|opération|procédure|tumeur|kyste|paralysie|névralgie|"
    "centre|institut|hôpital|hopital|clinique|fondation|université|lycée|collège|école|maison|résidence|"
    "pavillon|service|unité|bâtiment|rue|avenue|boulevard|place|allée|chemin|quai|impasse|route|cours|"
    "square|saint|sainte|st|ste|hospital|clinic|center|centre|institute|university|college|school|"
    "street|avenue|foundation"
)
EPONYM_AFTER = (
    "disease|syndrome|palsy|lymphoma|sarcoma|maneuver|manoeuvre|procedure|test|score|scale|sign|"
    "hospital|clinic|center|centre|institute|university|foundation|medical|memorial|health|"
    "classification|method|tumor|tumour|disorder|phenomenon|cancer center|cancer institute|"
    "children's|children’s"
)

DETERMINERS = frozenset("le la les l un une des du au aux the a an this that ce cette".split())

# Capitalised words that end a name instead of extending it ("Merci Sophie Pour..." never happens,
# but "Hugo Lundi" or "Sophie Lyon" would otherwise be read as a first and last name).
NOT_SURNAMES = frozenset(
    """
    I Je J Tu Il Elle On Nous Vous Ils Elles Le La Les Un Une Des Du De Mon Ma Mes Ce Cette Et Mais Ou Donc
    Car Si Quand Pour Avec Dans Sur Sous Chez Par Merci Bonjour Bonsoir Courage Bravo Oui Non The A An My
    Our We You He She They It This That Thanks Thank Hello Hi Hey Yes No And But So If When In At For With
    From To Of Is Was Are Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre
    Novembre Décembre January February March April May June July August September October November
    December Dr Pr Mme Mr Mrs Ms Paris Lyon Marseille Toulouse Bordeaux Lille Nantes Strasbourg Rennes
    Nice Grenoble Dijon Tours Montpellier Boston Chicago London Londres Houston Denver Seattle France
    CHU MDPH CPAM IRM PET MRI ICU ER OK Noël Pâques Toussaint Christmas Easter Thanksgiving
    """.split()
)

# Particles inside surnames: "Mme de la Fontaine", "Dr. van der Merwe", "Jean-Marc Le Gall".
PARTICLES = "de|du|des|da|dos|das|van|von|der|den|ter|ten|le|la|di|del|della|ben|bin|el|al"
CAPITALISED_PARTICLES = (
    "Le|La|De|Du|Des|Da|Dos|Di|Del|Della|Van|Von|Ben|El|Al|St\\.|Ste\\.|LE|LA|DE|DU|DA|DI|VAN|VON|BEN"
)

# Upper-case words that are abbreviations of health talk, never a name ("mon fils TSA", "ANA positif",
# "le Dr ORL"), even when they spell a first name (ELISA, TIA).
MEDICAL_ACRONYMS = frozenset(
    """
    ALD ALS ANA AESH AIT APA AVC AVS BPCO CAF CAT CHU CPAM DMLA EHPAD ELISA FIV HAD HDJ HTA IDA IRC IRM IVG
    MDPH MRI ORL PCH PET PMA SEP SIDA TDAH TEP TIA TSA VIH ICU NICU ER OK RA MS COPD POTS PCOS IBS IBD GERD
    ADHD ASD HIV AIDS PTSD OCD CFS SLE TBI UTI COVID
    """.split()
)

# Words that cannot be a name after a lower-case title ("le dr a dit", "dr. said").
NOT_LOWERCASE_NAMES = frozenset(
    """
    a à ai as avait est était sera dit a-t-il m m'a m’a qui que quoi dont lui leur les le la ne n pas
    said says told thinks thought wants wanted who which that is was has had and or but says did does
    will would should could can may might also just never always then et ou mais donc car pour avec
    tout toute tous toutes très bien aussi encore
    """.split()
)

# Words after a given name that is also a word ("Will", "Pierre", "Claire") at the start of a
# sentence which show it is the subject, so a person: "Will is my son", "Pierre m'a dit".
SUBJECT_VERBS = (
    "a|est|était|sera|va|vient|fait|dit|m'a|m’a|m'|m’|me|nous|se|s'est|s’est|"
    "is|was|has|had|said|says|told|will|and I|et moi"
)
