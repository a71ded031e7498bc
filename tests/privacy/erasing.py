"""The erase form of /privacy/personne as a coordinator reads it: its labels, to tick them
(``tests.formfill.tick``)."""
from __future__ import annotations

from tests.formfill import tick

CONFIRM = ("Je confirme l'effacement définitif, pour les personnes cochées, de ce que j'ai "
           "choisi ci-dessus.")
KEEP_WORDS = ("Les garder, anonymes : seules ses coordonnées et données personnelles sont "
              "effacées ; ce qu'elle a dit reste dans les analyses, la section du contrat et "
              "les exports, sans rien qui permette de la reconnaître.")
ERASE_WORDS = ("Les effacer aussi : ses réponses aux questionnaires et ses contributions "
               "sortent de toutes les analyses, des comptes, des citations, de la section du "
               "contrat et des exports ; la liste des contributions indique seulement qu'un "
               "texte a été effacé.")


def confirm(form, words: str = KEEP_WORDS) -> None:
    """Choose what becomes of the person's words (``KEEP_WORDS`` or ``ERASE_WORDS``) and
    tick the confirmation."""
    tick(form, words)
    tick(form, CONFIRM)
