"""Word lists for recognising names by rule: common first names, words that look like names but are
not, and the contexts that make a capitalised word a person (titles, relatives) or not (eponymous
diseases, institutions).

The first-name lists are modest on purpose: a few hundred of the most common given names in France
and in English-speaking countries, enough to catch "Sophie m'a accompagnée" or "Thanks Karen"
without a model. Names that are also ordinary words (Hope, Will, Mark, May, Rose, Pierre...) need
more evidence: see `names.py`.
"""

FRENCH_FIRST_NAMES = frozenset(
    """
    Adam Adèle Adrien Agathe Agnès Aicha Aïcha Alain Alexandre Alexandra Alexis Alice Aline Amandine Amélie
    Anaïs André Andrée Angélique Anne Annie Antoine Arnaud Arthur Audrey Aurélie Aurélien Axel Baptiste
    Béatrice Benjamin Benoît Bernadette Bernard Bertrand Brigitte Bruno Camille Carole Caroline Catherine
    Cécile Céline Chantal Charles Charlotte Chloé Christelle Christian Christiane Christine Christophe
    Claire Claude Claudine Clément Clémence Colette Corinne Cyril Damien Daniel Danielle Danièle David
    Delphine Denis Denise Didier Dominique Dylan Édouard Éléonore Élisa Élise Élodie Émilie Emma Emmanuel
    Emmanuelle Enzo Éric Estelle Éthan Étienne Eva Fabien Fabienne Fabrice Farid Fatima Fatou Florence
    Florian Francis Franck François Françoise Frédéric Frédérique Gabriel Gaël Gaëlle Geneviève Georges
    Gérard Germaine Ghislaine Gilbert Gilles Ginette Grégoire Grégory Guillaume Guy Hélène Henri Hervé
    Hugo Inès Isabelle Jacqueline Jacques Jade Jean Jeanne Jérémy Jérôme Joël Joëlle Jonathan Josiane
    Joseph Josette Julie Julien Juliette Justine Karim Karima Karine Kevin Laetitia Laura Laurence Laurent
    Léa Léna Léo Léon Lina Line Lionel Lou Louis Louise Luc Lucas Lucie Lucien Lucienne Ludovic Madeleine
    Maël Malik Manon Marc Marcel Marcelle Margaux Marguerite Maria Marie Marine Marion Marius Martine
    Mathéo Mathieu Mathilde Matthieu Maurice Maxime Mélanie Michel Micheline Michèle Mickaël Mireille
    Mohamed Monique Morgane Muriel Myriam Nadia Nadine Nathalie Nathan Nicolas Nicole Noah Noémie Océane
    Odette Olivier Pascal Pascale Patrice Patricia Patrick Paul Paulette Philippe Pierre Quentin Rachid
    Raphaël Raymond Rémi Renée René Richard Robert Roger Romain Sabine Sacha Samia Samir Samuel Sandrine
    Sarah Sébastien Serge Simone Solène Sophie Stéphane Stéphanie Suzanne Sylvain Sylvie Thérèse Théo
    Thierry Thomas Timothée Valentin Valérie Véronique Victor Vincent Virginie Xavier Yannick Yasmine
    Yves Yvette Yvonne Zoé
    """.split()
)

ENGLISH_FIRST_NAMES = frozenset(
    """
    Aaron Abigail Adam Aiden Alan Albert Alex Alexander Alice Alicia Allison Alyssa Amanda Amber Amelia Amy
    Andrea Andrew Angela Ann Anna Anne Anthony Arthur Ashley Austin Ava Barbara Benjamin Betty Beverly Brandon
    Brenda Brian Brittany Bruce Bryan Caleb Carl Carol Caroline Carolyn Catherine Charles Charlotte Cheryl
    Chloe Chris Christian Christina Christine Christopher Cynthia Daniel Danielle David Deborah Debra Denise
    Dennis Diana Diane Donald Donna Doris Dorothy Douglas Dylan Edward Elijah Elizabeth Ella Emily Emma
    Eric Ethan Eugene Evelyn Frances Gabriel Gary George Gerald Gloria Grace Gregory Hannah Harold Harper
    Heather Helen Henry Isabella Isaac Jack Jacob Jacqueline James Janet Janice Jason Jean Jeffrey Jennifer
    Jeremy Jerry Jesse Jessica Joan Joe John Jonathan Jordan Jose Joseph Joshua Joyce Juan Judith Judy
    Julia Julie Justin Karen Katherine Kathleen Kathryn Kayla Keith Kelly Kenneth Kevin Kimberly Kyle Larry
    Laura Lauren Lawrence Liam Lily Linda Lisa Logan Lori Louis Lucas Madison Marie Marilyn Mark Martha
    Mary Mason Matthew Megan Melissa Mia Michael Michelle Mike Natalie Nathan Nicholas Nicole Noah Olivia
    Pamela Patricia Patrick Paul Peter Philip Rachel Ralph Randy Raymond Rebecca Richard Robert Roger Ronald
    Rose Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sharon Shirley Sophia Stephanie
    Stephen Steve Steven Susan Teresa Terry Thomas Timothy Tom Tyler Victoria Vincent Virginia Walter Wayne
    William Zachary
    """.split()
)

FIRST_NAMES = FRENCH_FIRST_NAMES | ENGLISH_FIRST_NAMES

# Given names that are also months: never a person without a title or a relative before them.
NEVER_ALONE = frozenset({"April", "May", "June", "August", "Avril", "Mai"})

# Given names that are also ordinary words; at the start of a sentence ("Hope this helps", "Will the
# infusion...", "Mark my words", "Grace period", "Rose-colored urine", "Jack up the bed") they count
# only when a capitalised surname follows.
AMBIGUOUS_FIRST_NAMES = frozenset(
    """
    Hope Faith Grace Joy Will Mark Frank Bill Sue Pat Jack Ray Rose Dawn Iris Gene Art Guy Don Carol Lily
    Daisy Holly Ivy Amber Penny Chase Hunter Max Rich Nick Rob Miles Drew Chance Sandy Patience Olive
    Marine Violette Prudence Constance Blanche Noël Victoire Aimée Céleste Line Summer Autumn
    """.split()
)

# Titles that introduce a name. The name's span excludes the title: the replacement keeps it ("Dr M.").
TITLES = (
    "Dr|Dre|Drs|Pr|Pre|Mme|Mmes|Mlle|Mr|Mrs|Ms|Mx|Miss|Prof|Docteur|Docteure|Professeur|Professeure|"
    "Madame|Monsieur|Mademoiselle|Doctor|Professor|Nurse|Sister|Father|Infirmière|Infirmier|"
    "Nurse practitioner|Sage-femme"
)

RELATIVES_FR = (
    "mari|femme|épouse|époux|compagnon|compagne|conjoint|conjointe|fils|fille|enfant|bébé|frère|sœur|soeur|"
    "père|mère|papa|maman|grand-mère|grand-père|mamie|mamy|papi|papy|petit-fils|petite-fille|belle-mère|"
    "beau-père|belle-sœur|belle-soeur|beau-frère|belle-fille|gendre|oncle|tante|cousin|cousine|neveu|nièce|"
    "ami|amie|copain|copine|voisin|voisine|collègue|kiné|kinésithérapeute|médecin|généraliste|neurologue|"
    "oncologue|cardiologue|psychiatre|psychologue|psy|infirmière|infirmier|pédiatre|gynéco|gynécologue|"
    "dermatologue|rhumatologue|chirurgien|chirurgienne|ophtalmo|ophtalmologue|dentiste|sage-femme|"
    "aide-soignante|aide-soignant|aidante|aidant|endocrinologue|pneumologue|orthophoniste|ostéopathe"
)
RELATIVES_EN = (
    "husband|wife|spouse|partner|boyfriend|girlfriend|fiancé|fiancée|fiance|fiancee|son|daughter|child|"
    "kid|baby|boy|girl|brother|sister|father|mother|dad|mom|mum|mommy|daddy|grandmother|grandfather|"
    "grandma|grandpa|granny|grandson|granddaughter|aunt|uncle|cousin|nephew|niece|friend|neighbor|"
    "neighbour|coworker|colleague|therapist|physical therapist|counselor|counsellor|doctor|GP|"
    "oncologist|neurologist|cardiologist|surgeon|nurse|caregiver|psychiatrist|psychologist|dentist|"
    "pediatrician|stepson|stepdaughter|stepmother|stepfather|roommate|sponsor|endocrinologist"
)
RELATIVE_ADJECTIVES = (
    "petit|petite|grand|grande|aîné|aînée|cadet|cadette|dernier|dernière|chère|cher|adoré|adorée|"
    "little|older|younger|eldest|youngest|big|baby|best|dear|late|new|old"
)
POSSESSIVES = "mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|my|our|his|her|their|your"

GREETINGS = (
    "Bonjour|Bonsoir|Coucou|Salut|Merci|Bravo|Courage|Félicitations|Bienvenue|Chère|Cher|"
    "Hi|Hello|Hey|Dear|Thanks|Thank you|Welcome|Congrats|Congratulations|Good luck|Hugs to|Prayers for|"
    "Pensées à|Pensées pour|Bisous à|Bises à"
)
NAMING = "je m'appelle|je m’appelle|s'appelle|s’appelle|prénommée?|nommée?|my name is|named|called"

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
    "classification|method|tumor|tumour|disorder|phenomenon"
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
    CHU MDPH CPAM IRM PET MRI ICU ER OK
    """.split()
)

# Words that cannot be a name after a lower-case title ("le dr a dit", "dr. said").
NOT_LOWERCASE_NAMES = frozenset(
    """
    a à ai as avait est était sera dit a-t-il m m'a m’a qui que quoi dont lui leur les le la ne n pas
    said says told thinks thought wants wanted who which that is was has had and or but says did does
    will would should could can may might also just never always then et ou mais donc car pour avec
    """.split()
)
