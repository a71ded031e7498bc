"""How an imported survey's answers were collected, as the section and the survey's page
name it ("Canaux de recueil : Tablettes KoboCollect (62)", not "Import (62)").

An answers file says which tool exported it by its shape (``detect``, the headers the import
reads anyway, docs/surveys.md "What each tool exports"): Google Forms writes ``Horodateur`` /
``Timestamp`` first; ODK Central ``KEY``, ``SubmissionDate``, ``ReviewState``; KoboToolbox
its ``_id``, ``_index``, ``_validation_status``, ``_status``, ``__version__``, ``meta/rootUuid``
columns; anything else (the platform's template, a sheet typed by hand) is a spreadsheet.
The file cannot tell a KoboCollect tablet from Kobo's web form, nor paper sheets typed into a
spreadsheet from an online one: the coordinator confirms or corrects the guess in the
import form, and the choice is stored with each response (``Response.collected_with``).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.surveys.csv_read import norm

# The tool of an import, as the section names it (``Response.collected_with``).
TOOLS = {
    "kobocollect": _l("Tablettes KoboCollect"),
    "odk_collect": _l("Tablettes ODK Collect"),
    "kobo_web": _l("Formulaire en ligne KoboToolbox (Enketo)"),
    "google_forms": _l("Formulaire Google Forms"),
    "papier_tableur": _l("Questionnaires papier saisis dans un tableur"),
    "tableur": _l("Tableur importé"),
}
GOOGLE = {"horodateur", "timestamp", "horodatage", "marque temporelle"}  # TIMESTAMP_HEADERS
ODK = {"key", "submissiondate", "reviewstate"}
KOBO = {"_id", "_index", "_validation_status", "_status", "__version__", "meta/rootuuid",
        "_submission_time"}


def detect(header: list[str]) -> str:
    """The ``TOOLS`` key an answers file's ``header`` (its first row, as read) points to:
    "google_forms", "odk_collect", "kobocollect" (KoboToolbox: its tablets are the usual
    case, docs/surveys.md), else "tableur". A Kobo column needs one of its own names
    beyond ``_submission_time`` and ``_uuid``, which the platform's template has too."""
    names = {(cell or "").strip().lower() for cell in header}
    if header and norm(header[0]) in GOOGLE:
        return "google_forms"
    if names & ODK:
        return "odk_collect"
    if names & (KOBO - {"_submission_time"}):
        return "kobocollect"
    return "tableur"


def chosen(value: str | None, detected: str) -> str:
    """The coordinator's ``value`` when it is one of ``TOOLS``, else ``detected``."""
    return value if value in TOOLS else detected


def channel_label(channel: str, tool: str | None, channels: dict) -> str:
    """How a response's channel reads: its import's tool (``TOOLS``), else the channel's
    own label (``channels``: ``models.CHANNELS``; "Import" for files imported before the
    tool was kept)."""
    if channel == "import" and tool in TOOLS:
        return str(TOOLS[tool])
    return str(channels.get(channel, channel))


def register(bp) -> None:
    """``TOOLS`` as the templates' global ``collection_tools`` (``_collection_tool.html``)."""
    bp.add_app_template_global(TOOLS, "collection_tools")
