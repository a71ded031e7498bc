"""The metadata columns of a KoboToolbox / Ona / ODK Central / Google Forms export: what each
one is (named in the import preview for what it is, never a vague "date de la soumission"),
and which date becomes the response's date.

Sources: XLSForm spec "Metadata" (start, end, today, deviceid…: written by the device),
KoboToolbox's export columns (``_id``, ``_uuid``, ``_submission_time`` in UTC, …), ODK Central's
CSV (``SubmissionDate``, ``KEY``, ``SubmitterName``…), Google Forms' ``Horodateur``.

**The response's date** (``response_moment``): the moment the resident answered, as the
platform's own offline collection does (``sync.py``: the device's time of collection). In
order: ``end`` (the form finished on the device), ``start`` (opened on the device),
``today`` (the device's day), then the server's reception date (``_submission_time``,
``SubmissionDate``). The reception date is only a fallback because a tablet used in the
street without network sends its interviews hours or days later (the evening's Wi-Fi, the
next office day): counting those answers on the upload day would move a Saturday
micro-trottoir to Monday. The device's clock is not trusted when it is ahead of the
server's reception (``CLOCK_SLACK``, above any time-zone difference) or before 2000 (a
tablet reset to its factory date): the reception date is taken and the preview counts those
lines. Every date is stored as a UTC instant, like every instant of the database
(``parse_instant``): a time with its offset (``+02:00``, ``Z``, Google Forms' ``UTC+2``) is
converted with it; a time without one is the wall-clock time of where the answers were
collected, read in ``ZONE`` (Europe/Paris: the platform has no other territory time zone;
Google Forms' ``Horodateur`` is in the form's time zone, Excel and a phone's ``start``/``end``
without offset are local times), except ``_submission_time``, which KoboToolbox writes in
UTC without saying so (``UTC_COLUMNS``). The import preview says so (``ZONE_NOTE``).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.clock import PARIS, to_utc
from participation.surveys.formats import parse_datetime, written_offset

# where a date without offset is read (``parse_instant``), and the columns written in UTC
ZONE = PARIS
UTC_COLUMNS = ("_submission_time",)
HAS_TIME = re.compile(r"\d[:h]\d{2}")
ZONE_NOTE = _l("Heures sans fuseau lues à l'heure de Paris (Europe/Paris), enregistrées en "
               "UTC et affichées à l'heure de Paris ; une heure suivie de son décalage "
               "(« UTC+2 », « +02:00 », « Z ») est lue avec lui.")
DEVICE_TIMES = ("end", "start", "today")
SERVER_TIMES = ("_submission_time", "SubmissionDate")
TIME_COLUMNS = DEVICE_TIMES + SERVER_TIMES
# a device clock read as written (no offset) against a server time in UTC differs by at
# most 14 hours (UTC+14); more than that ahead of the reception is a wrong clock
CLOCK_SLACK = timedelta(hours=14)
OLDEST = datetime(2000, 1, 1)

# column -> what it is, as the preview shows it
DESCRIPTIONS = {
    "start": _l("début de la saisie (horloge de l'appareil)"),
    "end": _l("fin de la saisie (horloge de l'appareil)"),
    "today": _l("jour de la saisie (appareil)"),
    "_submission_time": _l("date de réception sur le serveur KoboToolbox (heure UTC)"),
    "SubmissionDate": _l("date de réception sur le serveur ODK Central"),
    "deviceid": _l("identifiant de l'appareil"),
    "DeviceID": _l("identifiant de l'appareil"),
    "_id": _l("numéro de la soumission sur le serveur KoboToolbox"),
    "_uuid": _l("identifiant unique de la soumission"),
    "instanceID": _l("identifiant unique de la soumission"),
    "meta/instanceID": _l("identifiant unique de la soumission"),
    "meta-instanceID": _l("identifiant unique de la soumission"),
    "KEY": _l("clé de la soumission (ODK Central)"),
    "meta/rootUuid": _l("identifiant d'origine de la soumission (avant ses modifications)"),
    "meta-rootUuid": _l("identifiant d'origine de la soumission (avant ses modifications)"),
    "meta/deprecatedID": _l("identifiant de la version remplacée d'une soumission modifiée"),
    "formhub/uuid": _l("identifiant du formulaire sur le serveur"),
    "_xform_id_string": _l("identifiant du formulaire sur le serveur"),
    "__version__": _l("version du formulaire"),
    "_version": _l("version du formulaire"),
    "FormVersion": _l("version du formulaire"),
    "_index": _l("numéro de ligne de l'export"),
    "_status": _l("état de l'envoi"),
    "Status": _l("état de l'envoi"),
    "_validation_status": _l("statut de validation (KoboToolbox)"),
    "ReviewState": _l("statut de relecture (ODK Central)"),
    "_notes": _l("notes de relecture"),
    "_tags": _l("étiquettes de relecture"),
    "Edits": _l("nombre de modifications de la soumission"),
    "_attachments": _l("pièces jointes (photos, sons)"),
    "AttachmentsPresent": _l("nombre de pièces jointes reçues"),
    "AttachmentsExpected": _l("nombre de pièces jointes attendues"),
    "_geolocation": _l("position GPS de la saisie"),
    "SubmitterID": _l("numéro du compte qui a envoyé (ODK Central)"),
    "audit": _l("journal de saisie de l'appareil"),
    "meta/audit": _l("journal de saisie de l'appareil"),
    "meta/instanceName": _l("nom donné à la soumission par le formulaire"),
    "meta-instanceName": _l("nom donné à la soumission par le formulaire"),
    "instanceName": _l("nom donné à la soumission par le formulaire"),
    "_date_modified": _l("date de la dernière modification sur le serveur"),
    "_last_edited": _l("date de la dernière modification sur le serveur"),
    "_edited": _l("soumission modifiée sur le serveur (oui/non)"),
    "_duration": _l("durée de la saisie (secondes)"),
    "_media_count": _l("nombre de pièces jointes reçues"),
    "_total_media": _l("nombre de pièces jointes attendues"),
    "_media_all_received": _l("toutes les pièces jointes reçues (oui/non)"),
    "_xform_id": _l("identifiant du formulaire sur le serveur"),
    "_review_status": _l("statut de relecture (Ona)"),
    "_review_comment": _l("commentaire de relecture"),
}
# personal metadata: listed as personal data and never stored
PERSONAL = {
    "SubmitterName": _l("nom du compte qui a envoyé (ODK Central)"),
    "_submitted_by": _l("compte qui a envoyé (KoboToolbox)"),
    "username": _l("nom d'utilisateur de l'appareil"),
    "phonenumber": _l("numéro de téléphone de l'appareil"),
    "email": _l("adresse e-mail du compte de l'appareil"),
    "simserial": _l("numéro de série de la carte SIM"),
    "subscriberid": _l("identifiant d'abonné de la carte SIM (IMSI)"),
}
GOOGLE_TIME = _l("horodateur Google Forms : envoi du formulaire, retenu comme date de la réponse")
PAPER_TIME = _l("date du questionnaire papier, retenue comme date de la réponse (un jour sans "
                "heure est lu à midi, heure de Paris)")


def time_role(title: str, header: list[str]) -> str:
    """The preview's words for a date column of ``header``: what it is and whether it gives
    the response's date (the first of ``TIME_COLUMNS`` present) or is a fallback."""
    chosen = next((c for c in TIME_COLUMNS if c in header), None)
    what = str(DESCRIPTIONS[title])
    if title == chosen:
        return _("%(what)s — retenue comme date de la réponse", what=what)
    if title in SERVER_TIMES and chosen in DEVICE_TIMES:
        return _("%(what)s — retenue seulement quand l'heure de l'appareil manque ou est "
                 "fausse", what=what)
    return _("%(what)s — retenue seulement quand « %(c)s » est vide", what=what, c=chosen)


def parse_instant(raw: str, dayfirst: bool = True, zone=ZONE) -> datetime:
    """A response's date as the naive UTC instant stored: the clock time as
    ``formats.parse_datetime`` reads it, less its written offset (``formats.written_offset``:
    ISO ``+02:00``/``Z``, Google Forms' ``UTC+2``), else read as wall-clock time in ``zone``
    (``clock.to_utc``; ``datetime.UTC`` for a column written in UTC). A day without a time
    (``today``: "2024-06-05") is that day at noon in ``zone``, so that it is the same day in
    UTC and in Paris (as a paper batch's day). ValueError with the French message.
    "2024/06/04 6:10:00 PM UTC+2" -> 2024-06-04 16:10; "21/11/2026 09:15:02" (Paris,
    winter) -> 2026-11-21 08:15:02; "2024-06-05" -> 2024-06-05 10:00 (Paris, summer)."""
    wall = parse_datetime(raw, dayfirst)
    offset = written_offset(raw)
    if offset is not None:
        return wall - offset
    if not HAS_TIME.search(raw or ""):
        wall = wall.replace(hour=12)
    return to_utc(wall, zone)


def _first(record: dict, columns, read) -> tuple[str, datetime] | None:
    for key in columns:
        raw = (record.get(key) or "").strip()
        if raw:
            return key, read(key, raw)
    return None


def response_moment(record: dict, read) -> tuple[str, datetime]:
    """``(column used, naive datetime)`` of one export row (order and guards: module
    docstring); ``read(column, raw)`` parses a cell (ValueError naming the column). Raises
    ValueError when no date column has a value."""
    device = _first(record, DEVICE_TIMES, read)
    server = _first(record, SERVER_TIMES, read)
    if device and server and (device[1] > server[1] + CLOCK_SLACK or device[1] < OLDEST):
        return "clock", server[1]
    found = device or server
    if found is None:
        raise LookupError
    return found
