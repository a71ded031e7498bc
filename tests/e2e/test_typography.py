"""French typography in a real Chromium at 360 px: no "!", "?", ":", ";" or "»" starts a line.

For every such sign after a space in the page's main text, the block holding it is narrowed
to end just after the word before the sign: with an ordinary space the sign would wrap alone
onto the next line; with the no-break space of ``core.typography`` it stays with its word.
"""
from __future__ import annotations

import pytest

from tests.events.conftest import make_event

pytestmark = pytest.mark.e2e

ORPHANS = """() => {
  const main = document.querySelector('main');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const rect = (node, i) => { const r = document.createRange(); r.setStart(node, i);
    r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  const bad = [];
  let checked = 0;
  for (const node of nodes) {
    const text = node.data;
    for (let i = 1; i < text.length; i++) {
      if (!'!?:;»'.includes(text[i])) continue;
      let j = i - 1;
      while (j >= 0 && /\\s/.test(text[j])) j--;
      if (j < 0 || j === i - 1) continue;
      const block = node.parentElement.closest('p, li, h1, h2, h3, dd, dt, td, th, label, div');
      if (!block) continue;
      const saved = block.getAttribute('style');
      const left = block.getBoundingClientRect().left;
      block.style.width = (rect(node, j).right - left + 1) + 'px';
      block.style.boxSizing = 'content-box';
      block.style.padding = '0';
      const word = rect(node, j);
      if (rect(node, i).top > word.top + 2) bad.push(text.slice(Math.max(0, j - 20), i + 1));
      checked++;
      if (saved === null) block.removeAttribute('style'); else block.setAttribute('style', saved);
    }
  }
  return {bad, checked};
}"""


def test_no_sign_starts_a_line_at_360px(page, territory, quartier):
    event = make_event(
        territory, quartier_ids=[quartier.id], title="Grand barbecue du quartier !",
        description="Venez nombreux ! Une question ? Appelez la mairie ; on vous répond. "
                    "Au programme : « tables citoyennes » et jeux.")
    page.goto(f"/events/{event.id}")
    result = page.evaluate(ORPHANS)
    assert result["checked"] >= 6
    assert result["bad"] == []
