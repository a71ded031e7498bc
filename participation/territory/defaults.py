"""The default challenge tree, from the national frame of the Quartiers 2030 contracts."""
from __future__ import annotations

# (code, parent code, name, colour, keywords)
NATIONAL_TREE: list[tuple[str, str, str, str, str]] = [
    ("S", "", "Socle", "#1f5f8b", ""),
    ("S1", "S", "Éducation", "#2a6f97", "école, collège, lycée, devoirs, scolarité, enfants, "
     "parents, orientation, stage, décrochage, périscolaire"),
    ("S2", "S", "Santé", "#b5179e", "médecin, santé, pédiatre, soins, hôpital, pharmacie, "
     "psychologue, prévention, dentiste, alimentation, addiction"),
    ("S3", "S", "Emploi et insertion", "#7b2cbf", "emploi, travail, chômage, formation, "
     "insertion, stage, entreprise, job, mission locale, france travail"),
    ("S4", "S", "Transition écologique", "#2d6a4f", "déchets, tri, compost, énergie, "
     "jardin, vert, climat, recyclage, eau, chauffage"),
    ("S5", "S", "Sécurité et tranquillité publique", "#9d0208", "sécurité, insécurité, police, "
     "trafic, deal, vitesse, caméra, bruit, incivilités, vol, violence, nuisance"),
    ("T", "", "Transversal", "#6c584c", ""),
    ("T1", "T", "Cadre de vie et renouvellement urbain", "#588157", "propreté, espaces verts, "
     "entretien, mobilier urbain, bancs, éclairage, poubelles, aire de jeux, rénovation"),
    ("T2", "T", "Lutte contre les discriminations", "#bc6c25", "discrimination, racisme, "
     "stéréotype, image du quartier, préjugés, exclusion"),
    ("T3", "T", "Égalité femmes-hommes", "#c9184a", "femmes, hommes, égalité, filles, "
     "garçons, sexisme, mères"),
    ("L", "", "Enjeux locaux", "#495057", ""),
    ("L1", "L", "Lien social", "#e76f51", "voisins, lien, fête, convivialité, rencontre, "
     "solitude, entraide, animation, centre social, activités"),
    ("L2", "L", "Accès aux droits et services", "#0077b6", "droits, démarches, caf, cpam, "
     "administratif, numérique, internet, permanence, services, banque, poste"),
    ("L3", "L", "Culture, sport et loisirs", "#9c6644", "culture, sport, loisirs, sortie, "
     "bibliothèque, musique, jeux, city stade"),
    ("L4", "L", "Mobilité", "#3a86ff", "bus, transport, navette, mobilité, voiture, vélo, "
     "permis, train, abri bus, horaires"),
    ("L5", "L", "Logement", "#6d597a", "logement, bailleur, loyer, humidité, insalubrité, "
     "résidence, appartement, réhabilitation, chauffage"),
    ("L6", "L", "Participation citoyenne", "#f4a261", "conseil citoyen, participation, "
     "parole, avis, réunion, information, communication"),
]
