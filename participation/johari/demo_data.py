"""The Hazebrouck Johari windows (seed 003): every post-it of Annexe 3, lines 2625-2757.

Each page of the annex is one question (one quadrant) with the residents' post-its then the
partners'. The bullets that comment on the answers ("Certaines propositions étaient communes
à celles des habitants...") are the author's summary, not post-its, and are left out.
"""
from __future__ import annotations

from datetime import date

EXERCISE = {"title": "Fenêtre de Johari — barbecue participatif et partenaires",
            "held_on": date(2023, 6, 27)}
# The title in the residents' languages (the prompts and group names are the defaults: the
# catalogues translate them when the groups are made)
TITLE_TRANSLATIONS = {
    "ar": "نافذة جوهاري — الشواء التشاركي والشركاء",
    "tr": "Johari penceresi — katılımcı mangal ve ortaklar",
    "en": "Johari window — participatory barbecue and partners",
    "fr-x-falc": "Fenêtre de Johari : le barbecue avec les habitants et les partenaires",
}

# {group slug: {quadrant: [post-it, ...]}}
POSTITS = {
    "habitants": {
        # "Qu'est-ce que je suis la/le seul(-e) à connaître de mon quartier ?" (lines 2627-2641)
        "cachee": [
            "La présence de la croix Rouge",
            "L'existence du jardin Abbé Lemire",
            "L'installation des ruches derrière les résidences des Marronniers",
            "La création de l'association PSAH qui permet de lutter contre les phobies "
            "scolaires, le harcèlement mais également le cyber-harcèlement",
            "La possibilité d'acheter du lait et des œufs à la ferme Mordacq",
            "L'organisation d'évènements permettant de récolter des fonds en faveur des "
            "sorties familiales au CANM",
            "Les incivilités liées aux déjections canines",
        ],
        # "Qu'est-ce que nous connaissions tous de notre quartier ?" (lines 2661-2675)
        "publique": [
            "La délimitation du quartier",
            "Les consultations du nourrisson",
            "Les assistantes sociales au centre social et les personnes ressources",
            "Les commerces et structures présents : CANM, bibliothèque, friagerie, "
            "boulangerie, etc.",
            "L'aide aux devoirs",
            "Les dépôts sauvages depuis la REOMI, l'insécurité, les nuisances dans les halls "
            "d'immeubles",
            "Le sentiment partagé des habitants concernant le centre social",
        ],
        # "Qu'est-ce que ni moi ni les autres ne connaissent pas de notre quartier ?"
        # (lines 2694-2710)
        "inconnue": [
            "Le calme et la tranquillité",
            "La propreté dans les résidences",
            "La répartition des frais de gestion de poubelles",
            "Ce qui est proposé sur le quartier",
            "Un réseau de bus",
            "Une épicerie de quartier",
            "L'avancée des travaux de réhabilitation",
            "Le devenir du quartier",
            "Des prestataires",
        ],
        # "Qu'est-ce que je suis la/le seul(-e) à ne pas connaître de notre quartier ?"
        # (lines 2729-2743)
        "aveugle": [
            "Les résidences",
            "L'entretien des espaces verts",
            "Toutes les activités du CANM",
            "D'espace pour la convivialité (un café)",
            "Le calme, la tranquillité, la propreté, la sécurité (absence des caméras, "
            "insécurité dans le parc de jeux pour enfants)",
            "Les organismes intervenant sur le quartier",
            "La cohésion entre les résidences Pasteur et Foch",
        ],
    },
    "partenaires": {
        # lines 2643-2657
        "cachee": [
            "La situation de l'emploi dans le quartier ainsi que les possibilités de "
            "formation des jeunes",
            "Les problématiques liées à la scolarité des jeunes du quartier : difficultés "
            "scolaires persistantes, déscolarisation.",
            "Le projet de réhabilitation des résidences et celui de destruction de la "
            "résidence Platane",
            "Typologie des logements et le nombre d'habitants",
            "L'existence du conseil citoyen",
            "La gestion des espaces verts",
            "Les objectifs de peuplement",
            "Les conflits entre voisins",
            "Le nombre de personnes se rendant aux permanences du service social de proximité",
        ],
        # lines 2677-2688
        "publique": [
            "Le LAPE les frimousses",
            "Restauration à domicile",
            "Les habitants extérieurs au quartier qui viennent profiter des commerces de "
            "qualité et des activités du CANM",
            "Quartier à la fois collectif et individuel",
            "Les conditions de travail difficile des travailleurs pour la rénovation du "
            "quartier",
            "Les diagnostics sociaux du quartier",
            "Le partenariat avec le centre social",
            "Les actions mises en place",
            "Proximités des établissements",
        ],
        # lines 2712-2723
        "inconnue": [
            "Les commerces de proximités abordables aux habitants",
            "Le territoire",
            "Les structures de petites enfance",
            "Les services d'aide à la personne",
            "Un lieu de ressource",
            "La démarche citoyenne et le fonctionnement du conseil citoyen",
            "Un accueil des nouveaux habitants (afin qu'ils découvrent le quartier)",
            "La médiation de quartier",
            "Les besoins et ressentis des habitants",
        ],
        # lines 2745-2756
        "aveugle": [
            "Le périmètre précis du quartier",
            "Le financement de la réhabilitation",
            "Les moyens de déplacements",
            "Les coordonnées du concierge dans les résidences",
            "Le nombre de jeunes déscolarisés",
            "Le niveau de délinquances",
            "La difficulté d'accès au soin",
            "La lutte contre l'illettrisme",
        ],
    },
}

# The contract's own conclusions (lines 708-729), as the facilitator's conclusions.
CONCLUSIONS = {
    "discordance": (
        "- Les habitants abordent des propositions plus concrètes sur le fonctionnement du "
        "quartier, du CANM et des aides sociales = vision plus centrée du quartier au sens "
        "strict,\n"
        "- Les partenaires prennent plus de recul et abordent les actions mises en place par "
        "les structures ou services communaux au sein de la ville et pas exclusivement sur le "
        "quartier = vision du quartier au sens large."),
    "partage": (
        "- Les commerces de proximité semblent insuffisants et / ou inaccessibles pour la "
        "population\n"
        "- Le frein à la mobilité: limitation des déplacements à l'extérieur du quartier et de "
        "la ville surtout si non véhiculés\n"
        "- Un manque de communication et / ou de diversité des services existants et "
        "activités proposées."),
    "constats_habitants": (
        "- Perception d'un sentiment d'insécurité: souhait d'une atmosphère plus calme et "
        "paisible, d'un quartier plus surveillé garantissant la sécurité des enfants.\n"
        "- Souhait d'une meilleure cohésion entre les résidences et entre voisinage = besoin "
        "d'encore plus de moments, d'espaces et équipements de convivialité."),
    "constats_partenaires": (
        "- Manque de connaissance des besoins des habitants (difficultés d'accès au soin, "
        "difficultés scolaires des enfants...) = besoin de diagnostic actualisé\n"
        "- Questionnement sur la prise en charge des nouveaux habitants et l'engagement "
        "citoyen du quartier"),
}

# The post-its behind the two shared points of the facilitators' conclusion (seed 003, lines
# 715-719: "Les commerces de proximité ..." and "Le frein à la mobilité ..."), whose suggested
# challenge the demo's facilitator confirmed (as in the review queue: a person said yes).
# Every other suggestion of the demo stays to check ("à vérifier dans la file").
CONFIRMED = {
    "TH01": ("Les commerces et structures présents : CANM, bibliothèque, friagerie, "
             "boulangerie, etc.", "Les commerces de proximités abordables aux habitants"),
    "TH08": ("Un réseau de bus", "Les moyens de déplacements"),
}
FACILITATOR = "animation@coeurdeflandre.example"
