"""What the demo networks talk about (`manage.py seed_demo`): invented, synthetic, never about real
people. Each network has its own threads and no sentence appears twice across the demo
(tests/living/test_demo.py checks it, and that French networks carry no English).

A thread: (kind, space index, title, first post, replies, index of the accepted reply or None).
Polls add their options and clinical cases their fields (see POLLS and CASES)."""

from typing import NamedTuple


class DemoThread(NamedTuple):
    kind: str
    space: int
    title: str
    body: str
    replies: tuple[str, ...]
    accepted: int | None = None


# Introductions in each network's welcome thread.
INTRODUCTIONS = {
    "cancer-du-sein": (
        "Bonjour à toutes et à tous ! Diagnostiquée au printemps, je commence l'hormonothérapie et je cherche des personnes qui sont passées par là.",
        "Coucou, je suis le mari d'une patiente. Je lis beaucoup ici, j'ose enfin écrire.",
        "Salut ! Deux ans après la fin des traitements, j'ai envie de rendre un peu de ce que ce groupe m'a donné.",
    ),
    "maladies-chroniques": (
        "Bonjour, je vis avec une spondylarthrite depuis dix ans et je découvre ce groupe avec plaisir.",
        "Bonjour la communauté ! Diabétique de type 2 depuis peu, j'ai encore tout à apprendre.",
        "Bonsoir, fibromyalgie diagnostiquée l'an dernier : je viens surtout chercher des astuces pour le sommeil.",
    ),
    "cardiologues": (
        "Bonjour, cardiologue libéral, activité mixte écho et rythmologie. Ravi de rejoindre le réseau.",
        "Bonjour à tous, praticienne hospitalière en USIC, je m'intéresse surtout à l'insuffisance cardiaque.",
    ),
    "preparateurs-pharmacie": (
        "Bonjour, préparatrice depuis huit ans en officine de quartier, passionnée par la phytothérapie.",
        "Salut à tous, préparateur en pharmacie hospitalière, je m'occupe surtout de la rétrocession.",
    ),
    "infirmiers": (
        "Bonjour, IDE en libéral en zone rurale depuis six ans. Contente de trouver un espace entre collègues.",
        "Bonjour à tous, infirmier de bloc opératoire, je viens échanger sur l'organisation et la formation.",
    ),
    "patients-chu": (
        "Bonjour, suivie en néphrologie au CHU depuis trois ans, je suis là pour l'entraide.",
        "Bonjour à tous, mon fils est suivi en pédiatrie et j'aimerais des conseils pratiques pour les hospitalisations.",
    ),
    "type1-english": (
        "Hi everyone! Diagnosed with type 1 at 19, now 34, and still learning every week.",
        "Hello, parent of a newly diagnosed 9-year-old here. Feeling a bit overwhelmed, glad this group exists.",
    ),
}

THREADS: dict[str, list[DemoThread]] = {
    "cancer-du-sein": [
        DemoThread(
            "question",
            0,
            "Hormonothérapie et douleurs articulaires : comment vous gérez ?",
            "Depuis deux mois sous inhibiteur de l'aromatase, j'ai les mains raides le matin et mal aux genoux dans les escaliers. Est-ce que ça passe avec le temps ?",
            (
                "Chez moi les douleurs ont culminé vers le troisième mois puis se sont atténuées. La marche quotidienne a vraiment fait la différence.",
                "Parlez-en à votre oncologue : on m'a proposé de changer de molécule et les douleurs ont nettement diminué.",
                "L'activité physique adaptée proposée par l'hôpital m'a redonné de la souplesse, c'est gratuit dans certains centres.",
                "Merci beaucoup, je vais demander un rendez-vous plus tôt que prévu.",
            ),
            accepted=1,
        ),
        DemoThread(
            "discussion",
            1,
            "Reprise du travail en mi-temps thérapeutique",
            "Je reprends lundi à mi-temps après huit mois d'arrêt. J'appréhende le regard des collègues et la fatigue de fin de journée.",
            (
                "La visite de pré-reprise avec le médecin du travail m'a beaucoup aidée à organiser mon poste.",
                "J'avais préparé une phrase simple pour répondre aux questions, ça évite de tout raconter dix fois.",
                "Les premières semaines, je dormais en rentrant. Au bout d'un mois, c'était beaucoup mieux.",
                "Pensez aussi au télétravail partiel si votre métier le permet, ça économise les trajets.",
            ),
        ),
        DemoThread(
            "question",
            3,
            "Que mettre dans le sac pour la première chimio ?",
            "Première séance jeudi. On m'a dit que ça dure plusieurs heures : qu'est-ce qui vous a été utile ?",
            (
                "Un plaid, des chaussettes chaudes et une gourde : les salles sont souvent fraîches.",
                "Des bonbons au gingembre contre le goût métallique, et un casque pour écouter des podcasts.",
                "Mon conjoint m'accompagnait, ça fait passer le temps. Prévoyez aussi un encas salé.",
            ),
            accepted=0,
        ),
        DemoThread(
            "poll",
            2,
            "Proches : qu'est-ce qui vous aide le plus ?",
            "Petit sondage pour les proches et aidants du groupe, pour mieux savoir quoi proposer ici.",
            (
                "Pour moi, c'est clairement de pouvoir en parler sans devoir être fort tout le temps.",
                "Les informations pratiques sur les aides à domicile m'ont manqué au début.",
            ),
        ),
        DemoThread(
            "question",
            0,
            "Radiothérapie et crème hydratante : laquelle choisir ?",
            "Mes séances commencent lundi. L'équipe m'a parlé d'hydrater la peau mais je ne sais pas quoi acheter ni quand l'appliquer.",
            (),
        ),
        DemoThread(
            "discussion",
            1,
            "Vos petites victoires de la semaine",
            "J'ai remonté la rue jusqu'à la boulangerie sans m'arrêter. Et vous, qu'est-ce qui vous a fait du bien ?",
            (
                "J'ai refait un gâteau pour l'anniversaire de ma fille, comme avant.",
                "Premier cours de yoga doux terminé, fière de moi !",
                "Mes sourcils repoussent, je ne pensais pas que ça me rendrait aussi heureuse.",
                "Une nuit complète sans réveil à quatre heures, enfin.",
            ),
        ),
    ],
    "maladies-chroniques": [
        DemoThread(
            "question",
            0,
            "Biothérapie et vaccins : vous avez fait comment ?",
            "Mon rhumatologue veut démarrer une biothérapie. On me parle de mettre à jour les vaccins avant : dans quel ordre l'avez-vous fait ?",
            (
                "Mon médecin traitant a tout regroupé sur deux rendez-vous avant le début du traitement.",
                "Certains vaccins vivants sont à faire avant de commencer, demandez la liste écrite à votre rhumatologue.",
                "La pharmacie peut aussi faire certains rappels, ça m'a fait gagner du temps.",
            ),
            accepted=1,
        ),
        DemoThread(
            "discussion",
            1,
            "Douleurs chroniques et sommeil",
            "Les nuits sont devenues compliquées : je me réveille à cause des douleurs et je suis épuisée la journée.",
            (
                "La consultation douleur de mon hôpital m'a proposé des séances de relaxation, je dors mieux.",
                "Un matelas plus ferme et une bouillotte sur les lombaires, ça paraît bête mais ça aide.",
                "Je note mes nuits dans un carnet, ça m'a permis de voir ce qui les dégrade.",
            ),
        ),
        DemoThread(
            "question",
            3,
            "Reconnaissance RQTH : ça vaut le coup ?",
            "On m'a conseillé de demander la reconnaissance de travailleur handicapé. Avez-vous eu des avantages concrets ?",
            (
                "Oui, j'ai obtenu un aménagement d'horaires et un siège adapté grâce à elle.",
                "Le dossier à la MDPH prend du temps, comptez plusieurs mois. Faites-vous aider par une assistante sociale.",
                "Rien ne vous oblige à l'annoncer à votre employeur, c'est vous qui décidez.",
            ),
            accepted=2,
        ),
        DemoThread(
            "poll",
            1,
            "À quel moment de la journée êtes-vous le plus en forme ?",
            "Pour organiser nos échanges en visio, dites-nous quel moment vous convient.",
            ("Le matin pour moi, l'après-midi je suis vidée.",),
        ),
        DemoThread(
            "discussion",
            2,
            "Expliquer la fatigue à son entourage",
            "Ma famille ne comprend pas que je doive annuler un repas au dernier moment. Comment leur expliquer ?",
            (
                "La théorie des cuillères m'a aidée : je l'ai racontée à ma sœur et elle a enfin compris.",
                "J'ai proposé des sorties plus courtes plutôt que de tout annuler, c'est un bon compromis.",
            ),
        ),
    ],
    "cardiologues": [
        DemoThread(
            "question",
            1,
            "Reprise des AOD après une extraction dentaire",
            "Patient de 72 ans sous apixaban pour FA, extraction de deux molaires prévue. Quel délai de reprise proposez-vous ?",
            (
                "Pour un geste à faible risque hémorragique, je reprends généralement le soir même ou le lendemain selon l'hémostase.",
                "Je me coordonne avec le chirurgien-dentiste : hémostase locale soigneuse et reprise à 24 heures le plus souvent.",
                "Attention à la fonction rénale chez ce patient avant de reprendre à pleine dose.",
            ),
            accepted=1,
        ),
        DemoThread(
            "case",
            0,
            "Syncope à l'effort chez une jeune sportive",
            "Je soumets ce cas pour avis, en particulier sur la suite des explorations.",
            (
                "L'IRM cardiaque me paraît indispensable avant toute reprise du sport.",
                "Avez-vous un Holter de longue durée ? Un trouble du rythme paroxystique reste possible.",
                "Je proposerais aussi une épreuve d'effort sous surveillance, après l'IRM.",
                "Dans notre centre, ce type de tableau passe en RCP rythmologie, je peux vous donner le contact.",
            ),
        ),
        DemoThread(
            "poll",
            2,
            "Télésurveillance de l'insuffisance cardiaque : votre usage",
            "Où en êtes-vous avec la télésurveillance depuis son remboursement ?",
            (
                "Nous l'utilisons pour une trentaine de patients, surtout après une hospitalisation.",
                "Le temps infirmier nécessaire est le vrai frein chez nous.",
            ),
        ),
        DemoThread(
            "question",
            1,
            "Épreuve d'effort ou scintigraphie chez le diabétique asymptomatique ?",
            "Quel examen privilégiez-vous pour le dépistage de l'ischémie silencieuse chez un diabétique de type 2 à haut risque ?",
            (),
        ),
        DemoThread(
            "discussion",
            2,
            "Nouvelles recommandations sur l'hypertension : vos impressions",
            "Les cibles tensionnelles plus basses changent-elles votre pratique en consultation ?",
            (
                "J'insiste davantage sur l'automesure, sinon on traite la blouse blanche.",
                "Chez les patients âgés fragiles, je reste prudent sur les cibles basses.",
                "Les associations fixes en un comprimé ont vraiment amélioré l'observance chez mes patients.",
            ),
        ),
    ],
    "preparateurs-pharmacie": [
        DemoThread(
            "question",
            1,
            "Substitution d'un biosimilaire au comptoir",
            "Une patiente s'inquiète quand on lui délivre un biosimilaire à la place de son traitement habituel. Comment l'expliquez-vous ?",
            (
                "J'explique que l'efficacité et la sécurité ont été démontrées, et qu'elle garde le même suivi.",
                "Je note la marque délivrée sur sa carte pour qu'elle puisse la montrer à son médecin.",
                "Le pharmacien titulaire reprend parfois l'échange en confidentialité, c'est rassurant.",
            ),
            accepted=0,
        ),
        DemoThread(
            "discussion",
            0,
            "Préparations magistrales : votre organisation",
            "Nous relançons les préparations en officine. Comment organisez-vous la traçabilité ?",
            (
                "Registre informatique et double contrôle par le pharmacien avant chaque délivrance.",
                "Nous avons dédié un créneau fixe le matin, sinon les interruptions sont permanentes.",
            ),
        ),
        DemoThread(
            "poll",
            2,
            "Formation continue : quel format préférez-vous ?",
            "Pour proposer des sessions entre collègues du réseau.",
            ("Les ateliers pratiques en petit groupe restent ce que je retiens le mieux.",),
        ),
        DemoThread(
            "question",
            1,
            "Ruptures de stock : comment prévenez-vous les patients ?",
            "Les ruptures s'enchaînent sur certains traitements. Vous avez une méthode pour prévenir les patients ?",
            (
                "On tient un tableau partagé des alternatives validées avec les médecins du secteur.",
                "Un SMS quand le produit revient, les patients apprécient beaucoup.",
            ),
            accepted=1,
        ),
    ],
    "infirmiers": [
        DemoThread(
            "question",
            1,
            "Pansement d'ulcère veineux qui ne cicatrise pas",
            "Patiente de 80 ans, ulcère de jambe depuis quatre mois malgré la compression. Des idées pour relancer la cicatrisation ?",
            (
                "Vérifiez l'index de pression systolique : une composante artérielle change toute la prise en charge.",
                "L'état nutritionnel compte énormément, une évaluation avec la diététicienne peut débloquer la situation.",
                "Une consultation en centre plaies et cicatrisation nous a beaucoup aidés pour un cas similaire.",
            ),
            accepted=0,
        ),
        DemoThread(
            "case",
            0,
            "Douleur abdominale et confusion chez un patient à domicile",
            "Cas dé-identifié d'une tournée de la semaine dernière : je souhaite vos retours sur la conduite à tenir.",
            (
                "Le globe vésical est une cause fréquente de confusion chez la personne âgée, avez-vous pu le vérifier ?",
                "Appel au médecin traitant et surveillance rapprochée de la température, c'est ce que j'aurais fait.",
                "Pensez à revoir les traitements récents, un nouvel antalgique peut suffire à expliquer la confusion.",
            ),
        ),
        DemoThread(
            "poll",
            2,
            "Combien de patients voyez-vous par tournée ?",
            "Pour comparer nos organisations en libéral.",
            ("Entre vingt-cinq et trente le matin, beaucoup moins l'après-midi.",),
        ),
        DemoThread(
            "discussion",
            2,
            "Prévenir l'épuisement professionnel",
            "Après un hiver difficile, plusieurs collègues de mon cabinet sont à bout. Comment vous protégez-vous ?",
            (
                "Nous avons instauré une réunion d'équipe mensuelle où l'on parle aussi de ce qui pèse.",
                "Je bloque un jour sans tournée par semaine, c'est non négociable.",
                "L'analyse de pratiques avec une psychologue a changé ma façon de vivre certaines situations.",
            ),
        ),
    ],
    "patients-chu": [
        DemoThread(
            "question",
            3,
            "Où se garer pour les consultations du bâtiment principal ?",
            "Première consultation au CHU la semaine prochaine. Le parking est-il vraiment toujours plein ?",
            (
                "Le parking relais avec la navette est plus simple le matin, comptez quinze minutes de plus.",
                "Si vous avez une carte mobilité inclusion, il y a des places réservées près de l'entrée des consultations.",
                "Le tramway s'arrête juste devant, c'est ce que je fais maintenant.",
            ),
            accepted=0,
        ),
        DemoThread(
            "discussion",
            1,
            "Hospitalisation de jour : vos conseils",
            "Mon premier hôpital de jour approche. Comment se passe une journée type ?",
            (
                "Apportez de quoi lire : il y a beaucoup d'attente entre les examens.",
                "Demandez à l'accueil si un repas est prévu, ça dépend des services.",
            ),
        ),
        DemoThread(
            "question",
            3,
            "Accéder à ses résultats d'analyses",
            "Comment récupérez-vous vos comptes rendus après une hospitalisation ?",
            (
                "Ils arrivent maintenant dans l'espace santé numérique, pensez à l'activer.",
                "Le secrétariat du service peut aussi vous les envoyer par courrier sur demande.",
            ),
            accepted=0,
        ),
        DemoThread(
            "poll",
            2,
            "Qu'aimeriez-vous améliorer dans l'accueil du CHU ?",
            "Les représentants des usagers préparent une réunion : votre avis compte.",
            ("La signalétique, sans hésiter : je me perds à chaque fois.",),
        ),
    ],
    "type1-english": [
        DemoThread(
            "question",
            0,
            "Switching to a closed-loop system: worth it?",
            "My clinic offered me a hybrid closed-loop pump. For those who switched, how were the first weeks?",
            (
                "The first two weeks were tiring with alarms, then my nights became much calmer.",
                "Ask for a session with the diabetes nurse before starting, settings make a huge difference.",
                "My time in range went up a lot, but I still count carbs carefully for meals.",
            ),
            accepted=1,
        ),
        DemoThread(
            "discussion",
            1,
            "Exercise and hypos",
            "I started running again and keep going low after about forty minutes. What works for you?",
            (
                "I lower my basal an hour before running and carry glucose tabs in a belt.",
                "A small snack with some protein before the run helped me a lot.",
            ),
        ),
        DemoThread(
            "poll",
            2,
            "How do you handle diabetes at school?",
            "For parents and teens: which arrangement works best with the school?",
            ("A written care plan signed with the school nurse made everything easier for us.",),
        ),
    ],
}

# Options of each network's poll (its thread of kind "poll", in that order).
POLLS = {
    "cancer-du-sein": ("Pouvoir en parler librement", "Des informations pratiques", "Du temps de répit", "Être accompagné aux rendez-vous"),
    "maladies-chroniques": ("Le matin", "En début d'après-midi", "En fin de journée", "Le soir"),
    "cardiologues": ("Pour plus de vingt patients", "Pour quelques patients", "Pas encore, mais c'est prévu", "Non, pas prévu"),
    "preparateurs-pharmacie": ("Ateliers pratiques", "Webinaires courts", "E-learning à son rythme", "Congrès"),
    "infirmiers": ("Moins de quinze", "Entre quinze et vingt-cinq", "Entre vingt-cinq et trente-cinq", "Plus de trente-cinq"),
    "patients-chu": ("La signalétique", "Les temps d'attente", "Les informations données à l'arrivée", "Le stationnement"),
    "type1-english": ("A written care plan", "Regular meetings with teachers", "A phone app shared with the nurse", "We manage on our own"),
}  # fmt: skip

# The clinical case of a network (its thread of kind "case").
CASES = {
    "cardiologues": {
        "age_band": "18-29", "sex": "F",
        "context": "Sportive de compétition, syncope brutale pendant un effort intense, sans prodrome, récupération rapide.",
        "history": "Pas d'antécédent personnel notable. Notion de mort subite chez un apparenté au second degré.",
        "examinations": "ECG de repos : repolarisation discutable en précordiales. Échocardiographie : ventricule gauche non dilaté, fonction conservée.",
        "question": "Quelles explorations complémentaires avant d'autoriser la reprise, et faut-il un avis génétique ?",
    },
    "infirmiers": {
        "age_band": "80+", "sex": "M",
        "context": "Patient vivant seul, passage infirmier quotidien. Douleur abdominale basse et propos incohérents à la visite du matin.",
        "history": "Hypertrophie prostatique connue. Introduction récente d'un antalgique par le médecin traitant.",
        "examinations": "Température normale, tension stable, abdomen sensible sous l'ombilic.",
        "question": "Quelles vérifications faire au domicile avant d'appeler, et quelles informations transmettre au médecin ?",
    },
}  # fmt: skip

# English spaces for the English-language demo network (the default spaces are French).
ENGLISH_SPACES = (
    ("Treatments", "Pumps, sensors, insulin and everything around them."),
    ("Daily life", "Work, school, sport and food: what helps day to day."),
    ("Family and carers", "For parents, partners and friends."),
    ("Questions", "Ask the community."),
)
