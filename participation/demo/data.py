"""Demo data drawn from the Hazebrouck contract (seed 003)."""
from __future__ import annotations

TERRITORY = {"name": "Cœur de Flandre agglo", "slug": "coeur-de-flandre"}
COMMUNES = [("Hazebrouck", "59295"), ("Bailleul", "59043"), ("Merville", "59400")]
CONTRACT = {"name": "Contrat de ville Quartiers 2030 — Hazebrouck", "start_year": 2024,
            "end_year": 2030, "midterm_year": 2027}
# Seed 003 lines 173-260: about 1,200 residents; four "espaces vécus". The official code
# below is a demo value: check it against the national QPV reference before real use.
QUARTIER = {"code": "QN05938M", "name": "Pasteur-Foch", "kind": "qpv", "population": 1200}
RESIDENT_NAMES = [
    "Résidences Pasteur et Foch",
    "Maisons des années 60",
    "Cité Pasteur",
    "Maisons mitoyennes des années 80",
]
# The ten themes of the result tables (seed 003 lines 769-916) plus the conseil citoyen.
TREE = [
    ("TH01", "", "Accès aux droits", "#0077b6", "droits, démarches, caf, cpam, msa, ccas, "
     "france services, numérique, informatique, permanence, administratif, wifi, "
     "service social, assistante sociale, aide à la personne, commerce, épicerie, boulangerie"),
    ("TH02", "", "Santé", "#b5179e", "médecin, medecin, santé, pédiatre, pédiatrie, "
     "spécialiste, psychologue, pharmacie, soins, prévention, hygiène, alimentation, "
     "téléconsultation, maison médicale, soin, nourrisson"),
    ("TH03", "", "Sécurité", "#9d0208", "sécurité, insécurité, police, vitesse, caméra, "
     "vidéo-surveillance, trafic, stupéfiants, nuisance, bruit, vandalisme, médiateur, "
     "halls, rats, délinquance, incivilités, calme, tranquillité, surveillance"),
    ("TH04", "", "Cadre de vie", "#588157", "propreté, déchets, poubelles, espaces verts, "
     "entretien, mobilier urbain, bancs, abri, déjections, jardin, aire de jeux, "
     "réhabilitation, travaux"),
    ("TH05", "", "Lutte contre les discriminations / Égalité femmes-hommes", "#bc6c25",
     "discrimination, stéréotypes, image du quartier, exclusion, femmes, hommes, égalité"),
    ("TH06", "", "Lien social et accès à la culture", "#e76f51", "lien social, voisins, "
     "fête, convivialité, culture, sorties, activités, centre social, jardin partagé, "
     "entraide, personnes âgées, communication, information, "
     "cohésion, café, association"),
    ("TH07", "", "Transition écologique", "#2d6a4f", "compost, composteurs, tri, énergie, "
     "eau de pluie, repair café, recyclage, économie circulaire"),
    ("TH08", "", "Mobilité", "#3a86ff", "bus, navette, mobil'haz, transport, abri bus, "
     "horaires, vélo, mobilité, voiture, permis, déplacement, véhiculé"),
    ("TH09", "", "Éducation", "#2a6f97", "école, collège, devoirs, enfants, parents, "
     "orientation, stage, jeunes, éducation, "
     "scolaire, déscolarisation, déscolarisé, illettrisme, petite enfance"),
    ("TH10", "", "Emploi", "#7b2cbf", "emploi, travail, pôle emploi, france travail, "
     "mission locale, job dating, entreprises, stage, chômage, forum métiers"),
    ("TH11", "", "Conseil citoyen", "#f4a261", "conseil citoyen, participation, parole des "
     "habitants, charte, conseil des enfants, conseil des jeunes, "
     "démarche citoyenne, engagement citoyen, nouveaux habitants"),
]
# (password, name, role): printed by `flask demo load`; demo only.
USERS = [
    ("admin@coeurdeflandre.example", "Admin démo", "admin", "demo-admin-2024"),
    ("coordination@coeurdeflandre.example", "Camille Coordination", "coordinator",
     "demo-coordination-2024"),
    ("animation@coeurdeflandre.example", "Sami Animation", "facilitator",
     "demo-animation-2024"),
    ("partenaire@coeurdeflandre.example", "Bailleur partenaire", "partner",
     "demo-partenaire-2024"),
]
# A few lines of the tables citoyennes (seed 003 lines 780-860) with the partners' answer
# as the public reply: (theme code, kind, author role, text, status, public reply)
CONTRIBUTIONS = [
    ("TH02", "constat", "habitant",
     "Pénurie de médecin traitant - beaucoup ne prennent plus de nouveau patient",
     "etude", "Les partenaires étudient un local associant un poste de téléconsultation "
     "dans le quartier."),
    ("TH02", "proposition", "habitant",
     "Implanter une maison médicale sur le quartier avec psychologue, orthophoniste",
     "etude", None),
    ("TH08", "constat", "habitant",
     "Horaires du mobil'haz inadaptés et pas assez fréquents", "retenue",
     "Une étude des besoins en mobilité est lancée pour tendre vers un bouquet de mobilité "
     "complet."),
    ("TH08", "proposition", "habitant",
     "Implanter des abris de bus et du mobilier urbain", "recue", None),
    ("TH03", "proposition", "habitant", "Remettre un médiateur de quartier", "retenue",
     "Les partenaires se sont engagés à remettre un médiateur de quartier ou un agent de "
     "proximité."),
    ("TH04", "constat", "habitant",
     "Beaucoup de déjections canines dans le peu d'espaces verts existants", "recue", None),
    ("TH11", "proposition", "habitant",
     "Remettre en place un conseil citoyen en instaurant une charte de bienveillance "
     "(secret des échanges, discrétion...)", "en_cours",
     "Le conseil citoyen est en cours de renouvellement : les candidatures sont ouvertes."),
]

# The previous year's consultation (tables citoyennes of June 2022), so the analyses and the
# section compare two years: (theme code, kind, [what residents said]). Written as residents
# write; the needs overlap 2023's (doctors, buses, green spaces) and some were not raised again.
PREVIOUS_LABEL, PREVIOUS_DATE = "Tables citoyennes du 14 juin 2022", (2022, 6, 14)
PREVIOUS = [
    ("TH02", "constat", [
        "Pas de médecin traitant dans le quartier", "un médecin", "Il manque un médecin",
        "pas assez de médecins", "On n'a plus de médecin depuis le départ du docteur",
        "trouver un médecin traitant c'est impossible", "Des médecins",
        "La pharmacie de garde est trop loin sans voiture",
        "pharmacie de garde inaccessible le dimanche", "Pas de pharmacie de garde à pied",
        "la pharmacie de garde est à l'autre bout de la ville",
        "Aller à la pharmacie de garde sans voiture, impossible"]),
    ("TH08", "constat", [
        "Pas de bus le dimanche", "le bus ne passe pas assez souvent", "Plus de bus",
        "des bus le soir", "Le bus pour aller au centre passe trop peu",
        "un bus vers la gare", "La navette ne s'arrête plus devant la résidence",
        "la navette du marché ne passe plus", "Remettre la navette du jeudi",
        "une navette pour les personnes âgées", "La navette a été supprimée"]),
    ("TH04", "constat", [
        "Les espaces verts ne sont pas entretenus", "entretien des espaces verts",
        "Les pelouses sont laissées à l'abandon", "espaces verts sales",
        "Plus d'entretien des espaces verts", "Les poubelles débordent",
        "les poubelles ne sont pas ramassées", "Des poubelles partout dans les halls",
        "Trop de poubelles sur les trottoirs", "Les poubelles restent des jours"]),
    ("TH06", "proposition", [
        "Des activités pour les jeunes", "plus d'activités pour les ados",
        "Des activités le mercredi", "des activités pour les enfants pendant les vacances",
        "Organiser des activités pour les jeunes le week-end"]),
]
