"""Reading a form's errors as a person (and a screen reader) meets them: the error summary at
the top (role="alert", one link per mistake to its field, GOV.UK / DSFR pattern) and each
message next to its field, tied to the control with ``aria-describedby``."""
from __future__ import annotations


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def summary_links(page) -> dict[str, str]:
    """``{target id: link text}`` of the page's error summary; AssertionError when the page
    has no summary with role="alert"."""
    summary = page.html.select_one(".error-summary[role=alert]")
    assert summary is not None, "no error summary with role=alert on the page"
    return {a["href"].lstrip("#"): _plain(a.get_text(" "))
            for a in summary.select("li a[href^='#']")}


def described(page, target: str) -> str:
    """The text tied to the field ``target`` (an id: the control, or the fieldset of a
    group of radio buttons) through ``aria-describedby``: what a screen reader says with
    it."""
    element = page.html.find(id=target)
    assert element is not None, f"no element #{target}"
    ids = (element.get("aria-describedby") or "").split()
    assert ids, f"#{target} has no aria-describedby"
    return " ".join(_plain(page.html.find(id=i).get_text(" ")) for i in ids
                    if page.html.find(id=i) is not None)


def assert_every_error_shown(page, expected: dict[str, str]) -> None:
    """Each ``{field id: message}`` of ``expected`` is in the summary (a link to the field)
    and next to its field, all on the same page; the summary lists nothing else."""
    links = summary_links(page)
    assert set(links) == set(expected), (links, expected)
    for target, message in expected.items():
        assert _plain(message) in links[target], (target, links[target])
        assert _plain(message) in described(page, target), (target, described(page, target))
