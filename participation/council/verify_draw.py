#!/usr/bin/env python3
"""Vérifier un tirage au sort de conseil citoyen publié par Parole de quartier.

Usage : python verify_draw.py tirage.json

Ce fichier n'utilise que la bibliothèque standard de Python (3.8 ou plus récent). Il contient
l'algorithme exact utilisé par la plateforme, qui l'importe elle-même : ce que vous exécutez
est ce que le serveur a exécuté.

Le fichier JSON publié contient :
- "candidates" : la liste des candidatures, chacune avec son numéro public et son sexe
  ("f", "h", ou "" quand il n'est pas connu ou pas pris en compte) ;
- "seed" : la graine annoncée avant le tirage (par exemple les chiffres de dés lancés en
  public) ;
- "seats" : le nombre de sièges ; "substitutes" : le nombre de suppléants classés ;
- "parity" : true si le collège doit respecter la parité femmes-hommes (à un siège près) ;
- "fingerprint" et "result" : l'empreinte de la liste et le résultat annoncés, à vérifier.

L'algorithme :
1. la liste est écrite dans l'ordre des numéros, une ligne "numéro;sexe" par candidature ;
   son empreinte est le SHA-256 de ce texte ;
2. chaque candidature reçoit un ticket = SHA-256 de "graine|empreinte|numéro" ;
3. on classe les tickets du plus petit au plus grand ; si la parité s'applique, on prend à
   chaque tour le plus petit ticket dont le sexe ne creuse pas l'écart entre femmes et
   hommes au-delà d'un ; quand ce n'est plus possible, le plus petit ticket restant ;
4. les premiers du classement ont un siège, les suivants sont suppléants, dans l'ordre.
"""
from __future__ import annotations

import hashlib
import json
import sys

FORMAT = "pdq-tirage-1"


def normalise_seed(seed) -> str:
    """Spaces do not count: "4 2 6" and "4  2 6 " are the same seed."""
    return " ".join(str(seed).split())


def canonical_list(candidates) -> str:
    rows = sorted((int(c["number"]), str(c.get("sex") or "")) for c in candidates)
    return "".join(f"{number};{sex}\n" for number, sex in rows)


def fingerprint(candidates) -> str:
    return hashlib.sha256(canonical_list(candidates).encode("utf-8")).hexdigest()


def ticket(seed, list_fingerprint: str, number: int) -> str:
    text = f"{normalise_seed(seed)}|{list_fingerprint}|{int(number)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _keeps_parity(sex: str, counts: dict) -> bool:
    if sex not in counts:
        return True
    other = "h" if sex == "f" else "f"
    return counts[sex] + 1 - counts[other] <= 1


def rank(candidates, seed, parity: bool) -> list:
    """The full ranked list of numbers (seats first, then substitutes, then the rest)."""
    fp = fingerprint(candidates)
    pool = sorted((ticket(seed, fp, c["number"]), int(c["number"]), str(c.get("sex") or ""))
                  for c in candidates)
    counts = {"f": 0, "h": 0}
    order = []
    while pool:
        pick = pool[0]
        if parity:
            pick = next((p for p in pool if _keeps_parity(p[2], counts)), pool[0])
        pool.remove(pick)
        if pick[2] in counts:
            counts[pick[2]] += 1
        order.append(pick[1])
    return order


def run_draw(inputs: dict) -> dict:
    """Re-run the draw from its published inputs."""
    if not str(inputs.get("seed") or "").strip():
        raise ValueError("la graine est vide")
    order = rank(inputs["candidates"], inputs["seed"], bool(inputs.get("parity")))
    seats, subs = int(inputs["seats"]), int(inputs["substitutes"])
    return {"fingerprint": fingerprint(inputs["candidates"]), "seats": order[:seats],
            "substitutes": order[seats:seats + subs]}


def check(inputs: dict) -> list:
    """Differences between the announced result and the re-computed one (empty if none)."""
    computed = run_draw(inputs)
    announced = dict(inputs.get("result") or {})
    announced.setdefault("fingerprint", inputs.get("fingerprint"))
    problems = []
    for key in ("fingerprint", "seats", "substitutes"):
        if announced.get(key) != computed[key]:
            problems.append(f"{key} : annoncé {announced.get(key)}, recalculé {computed[key]}")
    return problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("Usage : python verify_draw.py tirage.json")
        return 2
    with open(argv[0], encoding="utf-8") as fh:
        inputs = json.load(fh)
    computed = run_draw(inputs)
    print(f"Empreinte de la liste : {computed['fingerprint']}")
    print(f"Graine : {normalise_seed(inputs['seed'])}")
    print("Sièges : " + ", ".join(str(n) for n in computed["seats"]))
    print("Suppléants, dans l'ordre : " + ", ".join(str(n) for n in computed["substitutes"]))
    problems = check(inputs)
    if problems:
        print("NON CONFORME :")
        for line in problems:
            print("  " + line)
        return 1
    print("CONFORME : le résultat publié est bien celui que donne l'algorithme.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
