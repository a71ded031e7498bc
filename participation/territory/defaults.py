"""The default challenge tree, from the national frame of the Quartiers 2030 contracts."""
from __future__ import annotations

# (code, parent code, name, colour, keywords)
NATIONAL_TREE: list[tuple[str, str, str, str, str]] = [
    ("S", "", "Socle", "#1f5f8b", ""),
    ("S1", "S", "Éducation", "#2a6f97", "école, collège, lycée, devoirs, aide aux devoirs, "
     "soutien scolaire, scolarité, enfants, parents, enseignants, orientation, stage, "
     "décrochage, déscolarisation, périscolaire, cantine, crèche, garderie, petite enfance, "
     "assistante maternelle, garde d'enfants, illettrisme"),
    ("S2", "S", "Santé", "#b5179e", "médecin, généraliste, médecin traitant, docteur, santé, "
     "pédiatre, dentiste, ophtalmologue, spécialiste, soins, hôpital, urgences, pharmacie, "
     "infirmier, kiné, maison médicale, psychologue, santé mentale, dépression, prévention, "
     "alimentation, addiction, handicap"),
    ("S3", "S", "Emploi et insertion", "#7b2cbf", "emploi, travail, boulot, chômage, "
     "chômeurs, embauche, recrutement, formation, insertion, stage, apprentissage, entreprise, "
     "job, intérim, CV, mission locale, france travail, pôle emploi, création d'entreprise"),
    ("S4", "S", "Transition écologique", "#2d6a4f", "déchets, tri, tri sélectif, recyclage, "
     "compost, composteur, énergie, électricité, facture, isolation, chauffage, jardin, vert, "
     "climat, eau, pollution, réparation, gaspillage, économie circulaire"),
    ("S5", "S", "Sécurité et tranquillité publique", "#9d0208", "sécurité, insécurité, "
     "police, gendarmerie, trafic, drogue, dealers, deal, stupéfiants, "
     "vitesse, ralentisseurs, rodéos, motos, caméra, vidéosurveillance, bruit, tapage, "
     "incivilités, vol, cambriolage, agression, violence, bagarres, nuisance, médiateur, "
     "danger, dangereux"),
    ("T", "", "Transversal", "#6c584c", ""),
    ("T1", "T", "Cadre de vie et renouvellement urbain", "#588157", "propreté, saleté, "
     "déchets, encombrants, crottes de chien, espaces verts, pelouse, arbres, "
     "fleurs, entretien, mobilier urbain, bancs, éclairage, lampadaires, poubelles, aire de "
     "jeux, jeux pour enfants, rénovation, travaux, voirie, trottoirs, parking"),
    ("T2", "T", "Lutte contre les discriminations", "#bc6c25", "discrimination, racisme, "
     "stéréotype, image du quartier, préjugés, exclusion, adresse, origine"),
    ("T3", "T", "Égalité femmes-hommes", "#c9184a", "femmes, hommes, égalité, filles, "
     "garçons, sexisme, mères, mamans"),
    ("L", "", "Enjeux locaux", "#495057", ""),
    ("L1", "L", "Lien social", "#e76f51", "voisins, voisinage, lien, fête, fête des voisins, "
     "repas, convivialité, rencontre, lieu de rencontre, solitude, personnes "
     "âgées, seniors, entraide, animation, centre social, association, activités, ateliers"),
    ("L2", "L", "Accès aux droits et services", "#0077b6", "droits, démarches, papiers, "
     "caf, cpam, sécurité sociale, administratif, numérique, internet, ordinateur, "
     "permanence, assistante sociale, services publics, france services, banque, poste, "
     "commerces, épicerie, boulangerie"),
    ("L3", "L", "Culture, sport et loisirs", "#9c6644", "culture, sport, loisirs, sortie, "
     "bibliothèque, médiathèque, cinéma, théâtre, musique, concert, jeux, "
     "city stade, terrain de foot, salle de sport, piscine, vacances"),
    ("L4", "L", "Mobilité", "#3a86ff", "bus, transport, transports en commun, navette, "
     "mobilité, voiture, vélo, piste cyclable, permis, train, gare, abri bus, arrêt, horaires, "
     "déplacement"),
    ("L5", "L", "Logement", "#6d597a", "logement, bailleur, loyer, charges, humidité, "
     "moisissures, insalubrité, résidence, appartement, immeuble, ascenseur, hall, "
     "réhabilitation, chauffage, travaux, gardien"),
    ("L6", "L", "Participation citoyenne", "#f4a261", "conseil citoyen, participation, "
     "parole, avis, écoute, concertation, consultation, réunion, élus, mairie, information, "
     "communication"),
]
