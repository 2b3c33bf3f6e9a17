"""Capitalised words of health talk that are not people: medicines, eponymous diseases, hospitals and
institutions named after people, shops, insurers and apps, cities. Members capitalise them where a
name could stand ("Pour mon fils, Doliprane et Advil", "un médicament qui s'appelle Keytruda", "je
suis passée chez Leclerc", "Merci Docteur"), so the rules that read a name from its context alone
(after a relative, a greeting, "chez", a sign-off) check these lists first.

Decision (issue 5): hospitals and institutions named after people ("Gustave Roussy", "Institut
Curie", "Robert Debré", "Fred Hutch") are places, not people; the person scan does not report them.
A network policy that wants places hidden needs a place detector, not this one.
"""

import re

# Brand names and the international names members capitalise, French and American markets.
MEDICINES = frozenset(
    """
    Abilify Actiskenan Adderall Advil Advair Aerius Aimovig Aldactone Aleve Alli Ambien Amlor Androcur
    Aranesp Arimidex Aromasine Asacol Aspirine Aspirin Atarax Augmentin Avastin Avonex Bactrim Benlysta
    Bépanthen Betaferon Biafine Bisoprolol Bétadine Botox Brilique Buscopan Celebrex Cellcept Cialis
    Cimzia Clamoxyl Clarityne Clomid Comirnaty Concerta Copaxone Cordarone Cortancyl Cosentyx Coumadine
    Coversyl Crestor Cymbalta Dafalgan Darzalex Depakine Depakote Deroxat Dexeryl Diamicron Doliprane Duphalac Duphaston Durogesic Dupixent Efferalgan Effexor Eliquis EllaOne Emend Enantone
    Enbrel Entyvio Eprex Euthyrox Exjade Farydak Femara Forlax Forxiga Fragmine Gardasil Gaviscon Gilenya
    Glucophage Herceptin Humalog Humira Ibrance Imfinzi Imodium Imurel Imuran Inexium Innohep Invokana
    Ixprim Jakavi Januvia Jardiance Kardegic Kenzen Keppra Kesimpta Keytruda Kisqali Lamaline Lamictal
    Lantus Laroxyl Lasilix Lasix Lenvima Levemir Levothyrox Lévothyrox Levoxyl Lexapro Lexomil Lipitor
    Lovenox Lucentis Lynparza Lyrica Mabthera Mayzent Medrol Metformine Metformin Mirena Mopral Motilium
    Motrin Mounjaro Movicol Nexium Neulasta Neupogen Nexplanon Norlevo Norvasc Novorapid Nucala Nurofen
    Ocrevus Olumiant Opdivo Orelox Otezla Oxycontin Ozempic Paxlovid Pentasa Perjeta Plaquenil Plavix
    Pradaxa Previscan Prevenar Primpéran Profenid Prograf Prolia Prozac Rebif Remicade Revlimid Rinvoq
    Risperdal Ritaline Ritalin Rituxan Roaccutane Rybelsus Saxenda Seretide Seroplex Seroquel Simponi
    Singulair Skenan Skyrizi Smecta Solupred Spasfon Spikevax Spiriva Stelara Stilnox Strattera
    Symbicort Synthroid Tagrisso Tahor Taltz Tamiflu Tamoxifène Tamoxifen Tecentriq Tecfidera Tegretol
    Temesta Tecvayli Topamax Toujeo Tramadol Tremfya Tresiba Trileptal Trulicity Tylenol Tysabri
    Utrogestan Valium Velcade Ventoline Ventolin Verzenios Veklury Victoza Vidal Vimpat Vogalène
    Voltarène Voltaren Vyvanse Wegovy Wellbutrin Xanax Xarelto Xeljanz Xgeva Xolair Yaz Zeposia Zithromax
    Zocor Zofran Zoladex Zoloft Zometa Zyprexa Zyrtec
    """.split()
)

# Diseases, signs and tests named after people, when members write the name alone ("Mon père,
# Alzheimer depuis 5 ans", "my dad, Parkinson's for 10 years", "I have Addison's").
EPONYMS = frozenset(
    """
    Addison Alzheimer Angelman Apgar Asperger Babinski Barlow Basedow Becker Behçet Bell Bouveret Broca
    Burkitt Charcot Creutzfeldt Crohn Cushing Doppler Down Duchenne Dupuytren Epley Ewing Fabry Friedreich
    Gaucher Gehrig Glasgow Graves Guillain Guthrie Hashimoto Hirschsprung Hodgkin Holter Horton Huntington
    Kahler Kaposi Kawasaki Klinefelter Korsakoff Lasègue Lyme Marfan Ménière Osgood Paget Parkinson Pompe
    Raynaud Rett Scheuermann Sjögren Sjogren Steinert Tietze Tourette Verneuil Waldenström Wernicke
    Whipple Willebrand Wilms
    """.split()
)

# Hospitals and institutions named after people, by their first word: a name that starts one of these
# phrases is the place ("Je suis suivie à Gustave Roussy", "Fred Hutch has a trial").
INSTITUTIONS = (
    "Gustave Roussy",
    "Léon Bérard",
    "Oscar Lambret",
    "Georges Pompidou",
    "Georges-François Leclerc",
    "Robert Debré",
    "Armand Trousseau",
    "Henri Mondor",
    "Antoine Béclère",
    "Ambroise Paré",
    "Paul Brousse",
    "Raymond Poincaré",
    "Jean Verdier",
    "Louis Mourier",
    "Édouard Herriot",
    "Edouard Herriot",
    "Jean Perrin",
    "François Baclesse",
    "Eugène Marquis",
    "Henri Becquerel",
    "Antoine Lacassagne",
    "Claudius Regaud",
    "Paul Strauss",
    "Jean Godinot",
    "Alexis Vautrin",
    "René Gauducheau",
    "Jeanne de Flandre",
    "Roger Salengro",
    "Simone Veil",
    "Max Fourestier",
    "Pierre Wertheimer",
    "Paoli-Calmettes",
    "Marie Curie",
    "Fred Hutch",
    "Fred Hutchinson",
    "Johns Hopkins",
    "Sloan Kettering",
    "Dana-Farber",
    "Cedars-Sinai",
    "MD Anderson",
    "Barbara Ann Karmanos",
    "Roswell Park",
    "Lenox Hill",
    "Beth Israel",
    "Mass General",
    "Mount Sinai",
    "Mayo Clinic",
    "Memorial Hermann",
    "St. Jude",
    "Saint Jude",
)
INSTITUTIONS_BY_FIRST_WORD: dict[str, tuple[str, ...]] = {}
for _institution in INSTITUTIONS:
    _first = _institution.split()[0].split("-")[0]
    INSTITUTIONS_BY_FIRST_WORD[_first] = (*INSTITUTIONS_BY_FIRST_WORD.get(_first, ()), _institution)

# Shops, pharmacies, insurers, public bodies, apps and sites members go to "chez" or "with".
BRANDS = frozenset(
    """
    Aetna Ameli Amazon Apple Auchan Boulanger Bouygues Carrefour Castorama Costco Cultura CVS Darty
    Decathlon Décathlon Dexcom Doctolib Facebook Fnac Free Google Harmonie Ikea Instagram Intermarché
    Internet Kaiser Kroger Leclerc Leroy Lidl Maiia Malakoff Medicare Medicaid Messenger Monoprix MGEN
    Netflix Orange Picard Reddit Sephora SFR Target Telegram TikTok Twitter Uber Vitale Walgreens Walmart
    WhatsApp YouTube Zoom Cigna Humana Optum Anthem Kaiser Omnipod Medtronic Tandem Freestyle Libre
    """.split()
)

# Cities, regions and countries: never a surname after a first name ("Karim de Marseille"), never a
# person after "chez" or in a signature.
PLACES = frozenset(
    """
    Paris Lyon Marseille Toulouse Bordeaux Lille Nantes Strasbourg Rennes Nice Grenoble Dijon Tours
    Montpellier Reims Metz Nancy Rouen Caen Brest Quimper Lorient Vannes Angers Limoges Poitiers Niort
    Orléans Clermont-Ferrand Amiens Besançon Mulhouse Colmar Perpignan Nîmes Avignon Toulon Cannes Pau
    Bayonne Biarritz Annecy Chambéry Valence Vienne Lourdes Albi Laval Troyes Calais Dunkerque Roubaix
    Tourcoing Villeurbanne Créteil Versailles Boulogne Neuilly Argenteuil Montreuil Nanterre Saint-Denis
    Villejuif Garches Bichat Necker Cochin Tenon Lariboisière Purpan Rangueil Pellegrin Timone Pitié
    Salpêtrière Roussy Curie Debré Pompidou Mayo Hopkins Kettering Sinai Bretagne
    Normandie Alsace Provence Corse Savoie Auvergne Bourgogne Picardie Lorraine France Belgique Suisse
    Canada Québec Maroc Algérie Tunisie Sénégal Espagne Italie Allemagne Portugal Europe Afrique
    Boston Chicago London Londres Houston Denver Seattle Austin Dallas Atlanta Phoenix Miami Orlando Tampa
    Detroit Cleveland Pittsburgh Philadelphia Baltimore Nashville Memphis Portland Sacramento Oakland
    Minneapolis Milwaukee Madison Omaha Charlotte Raleigh Durham Richmond Savannah Jacksonville Tulsa
    Rochester Buffalo Albany Springfield Columbus Cincinnati Indianapolis Louisville Evanston Brooklyn
    Queens Manhattan Texas California Florida Ohio Georgia Virginia Carolina Michigan Arizona Colorado
    Oregon Washington America England Scotland Ireland Wales Australia Mexico Toronto Montreal Vancouver
    """.split()
)

# Words members address or sign with that are roles, not names: "Merci Docteur", "Thanks Doc",
# "Bisous, Maman", "Love, Mom", "Thank God".
NOT_NAMES = frozenset(
    """
    Docteur Docteure Doc Doctor Doctors Nurse Nurses Infirmière Infirmier Madame Monsieur Mademoiselle
    Sir Madam Maman Papa Mamie Mamy Papi Papy Mom Mum Mommy Mummy Dad Daddy Mama Grandma Grandpa Granny
    Nana Gran God Dieu Jésus Jesus Lord Seigneur Amen Everyone Everybody All Tous Toutes Team Équipe
    Ladies Girls Guys Folks Friends Amis Amies Bises Bisous Love Hugs Merci Thanks Courage Coach Pharmacist
    Christmas Noël Easter Pâques Thanksgiving Google Internet YouTube WhatsApp TikTok LinkedIn Facebook
    Instagram Doctolib Ameli FaceTime PowerPoint iPhone
    """.split()
)

# Famous and fictional people: members talk about them ("comme dans Dr House", "Louis Pasteur would
# be amazed"), and naming them identifies no one. Full names, or a title with a fictional doctor.
_PUBLIC_FULL_NAMES = (
    "Louis Pasteur|Marie Curie|Pierre Curie|Florence Nightingale|Stephen Hawking|Angelina Jolie|"
    "Simone Veil|Sigmund Freud|Albert Einstein|Lou Gehrig|Frida Kahlo|Michael J\\. Fox|Michael J Fox|"
    "Christopher Reeve|Magic Johnson|Serena Williams|Selena Gomez|Lady Gaga|Claude Bernard|"
    "Jean-Martin Charcot|Alexander Fleming|Edward Jenner|Elizabeth Blackwell|Clara Barton|Mary Seacole|"
    "Virginia Apgar|Jonas Salk|Robert Koch|Ignaz Semmelweis|Charles Darwin|Abraham Lincoln|"
    "Martin Luther King|Barack Obama|Donald Trump|Joe Biden|Emmanuel Macron|Jacques Chirac|"
    "François Mitterrand|Charles de Gaulle|Johnny Hallyday|Céline Dion|Meredith Grey|Derek Shepherd|"
    "Gregory House|Doogie Howser|Patch Adams|Grey's Anatomy|Hippocrate|Hippocrates|Galien|Ambroise Paré|"
    "Henrietta Lacks|Oliver Sacks|Atul Gawande|Michel Cymes|Christian Barnard|Kate Middleton|"
    "Prince Harry|Elton John|Freddie Mercury|Rock Hudson|Steve Jobs|Venus Williams|Michael Jackson"
)
_FICTIONAL_DOCTORS = "House|Seuss|Who|Quinn|Frankenstein|Jekyll|Hyde|Strange|Dolittle|Zhivago|Oz|Phil|Knock|Dre|Mamour|McDreamy"
PUBLIC_FIGURES = re.compile(
    rf"\b(?:{_PUBLIC_FULL_NAMES})\b"
    rf"|\b(?:Dr|Docteur|Doctor|Doc|Dr\.)\s?(?:{_FICTIONAL_DOCTORS})\b"
)
PUBLIC_FIGURE_GATE = re.compile(
    r"Pasteur|Curie|Nightingale|Hawking|Jolie|Veil|Freud|Einstein|Gehrig|Kahlo|Fox|Reeve|Johnson|Williams|"
    r"Gomez|Gaga|Bernard|Charcot|Fleming|Jenner|Blackwell|Barton|Seacole|Apgar|Salk|Koch|Semmelweis|"
    r"Darwin|Lincoln|King|Obama|Trump|Biden|Macron|Chirac|Mitterrand|Gaulle|Hallyday|Dion|Grey|Shepherd|"
    r"House|Howser|Adams|Hippocrat|Galien|Paré|Lacks|Sacks|Gawande|Cymes|Barnard|Middleton|Harry|Elton|"
    r"Mercury|Hudson|Jobs|Jackson|Seuss|Who|Quinn|Frankenstein|Jekyll|Hyde|Strange|Dolittle|Zhivago|Oz|"
    r"Phil|Knock|Dre|Mamour|McDreamy"
)
