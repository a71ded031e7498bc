"""French departments: the code a commune's INSEE code starts with, and its name.

Source: INSEE, Code officiel géographique 2024 (101 departments; Corsica is 2A and 2B,
overseas departments have three-digit codes 971 to 976). A commune's department is the
first two characters of its INSEE code, three for codes starting with 97. Postcodes follow
the same departments except Corsica (20xxx for both 2A and 2B) and a few communes served by
a neighbouring department's post office: ``departements_of_postcode`` gives the candidates.
"""
from __future__ import annotations

DEPARTEMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime",
    "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne",
    "25": "Doubs", "26": "Drôme", "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère",
    "30": "Gard", "31": "Haute-Garonne", "32": "Gers", "33": "Gironde", "34": "Hérault",
    "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire", "38": "Isère",
    "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne",
    "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche", "51": "Marne",
    "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse",
    "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise",
    "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe",
    "73": "Savoie", "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime",
    "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme",
    "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne",
    "90": "Territoire de Belfort", "91": "Essonne", "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise", "971": "Guadeloupe",
    "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}


def departement_of(insee_code: str | None) -> str | None:
    """The department code of a commune's INSEE code ("59350" -> "59", "97411" -> "974",
    "2A004" -> "2A"), or None when the code is missing or names no department."""
    code = (insee_code or "").strip().upper()
    found = code[:3] if code.startswith("97") else code[:2]
    return found if len(code) == 5 and found in DEPARTEMENTS else None


def departements_of_postcode(postcode: str) -> list[str]:
    """The departments a five-digit postcode may belong to ("59100" -> ["59"], "20000" ->
    ["2A", "2B"], "97400" -> ["974"]); [] for anything else."""
    code = postcode.strip()
    if len(code) != 5 or not code.isdigit():
        return []
    if code.startswith("20"):
        return ["2A", "2B"]
    found = code[:3] if code.startswith("97") else code[:2]
    return [found] if found in DEPARTEMENTS else []


def departement_label(code: str) -> str:
    """ "Nord (59)"; the bare code for an unknown one."""
    name = DEPARTEMENTS.get(code)
    return f"{name} ({code})" if name else code
