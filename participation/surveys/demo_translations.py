"""The demo survey in Arabic, Turkish, English and easy-read French (issue 15).

Keys are the question or option names of demo_data/questionnaire.xlsx (``"q:name"`` for a
question, ``"o:question:option"`` for an option) and ``"survey"``; values are
``{field: {tag: text}}``. Easy-read French (FALC, "facile à lire et à comprendre") follows
the European rules: short sentences, one idea each, everyday words, numbers in digits.
"""
from __future__ import annotations

LANGUAGES = "fr, ar, tr, en, fr-x-falc"
INTRO = ("Quelques questions sur la vie dans votre quartier : trois minutes suffisent. "
         "Vos coordonnées sont facultatives et gardées à part de vos réponses.")
THANKS = "Merci ! Vos réponses aideront à préparer les rencontres du 27 juin."


def _t(ar: str, tr: str, en: str, falc: str) -> dict[str, str]:
    return {"ar": ar, "tr": tr, "en": en, "fr-x-falc": falc}


YES = _t("نعم", "Evet", "Yes", "Oui")
NO = _t("لا", "Hayır", "No", "Non")

TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "survey": {
        "title": _t("استطلاع سريع – حي باستور-فوش (أزبروك)",
                    "Hızlı anket – Pasteur-Foch Mahallesi (Hazebrouck)",
                    "Quick survey – Pasteur-Foch neighbourhood (Hazebrouck)",
                    "Petit questionnaire sur le quartier Pasteur-Foch à Hazebrouck"),
        "intro": _t("بعض الأسئلة عن الحياة في حيّكم: تكفي ثلاث دقائق. "
                    "بيانات الاتصال اختيارية وتُحفظ منفصلة عن إجاباتكم.",
                    "Mahallenizdeki yaşam hakkında birkaç soru: üç dakika yeterli. "
                    "İletişim bilgileri isteğe bağlıdır ve yanıtlarınızdan ayrı tutulur.",
                    "A few questions about life in your neighbourhood: three minutes are "
                    "enough. Contact details are optional and kept apart from your answers.",
                    "Voici quelques questions sur votre quartier. Répondre prend 3 minutes. "
                    "Votre nom et votre téléphone : si vous voulez. Ils sont gardés à part."),
        "thanks": _t("شكرًا! ستساعد إجاباتكم في التحضير للقاءات يوم 27 يونيو.",
                     "Teşekkürler! Yanıtlarınız 27 Haziran buluşmalarının hazırlanmasına "
                     "yardımcı olacak.",
                     "Thank you! Your answers will help prepare the meetings on 27 June.",
                     "Merci ! Vos réponses nous aident. Elles servent à préparer la rencontre "
                     "du 27 juin."),
    },
    "q:cc_connu": {"label": _t(
        "هل تعرفون المجلس المواطني؟", "Yurttaş konseyini (conseil citoyen) biliyor musunuz?",
        "Do you know the citizens' council?",
        "Le conseil citoyen est un groupe d'habitants. Le connaissez-vous ?")},
    "q:cc_participer": {"label": _t(
        "هل تودّون الانضمام إليه؟", "Konseye katılmak ister misiniz?",
        "Would you like to join it?", "Voulez-vous faire partie du conseil citoyen ?")},
    "q:contact": {
        "label": _t("رقم الهاتف والاسم واللقب", "Telefon numaranız, adınız ve soyadınız",
                    "Your phone number, first name and last name",
                    "Votre nom et votre numéro de téléphone"),
        "help": _t("فقط إذا كنتم ترغبون في أن نتصل بكم.",
                   "Yalnızca sizinle tekrar iletişime geçmemizi istiyorsanız.",
                   "Only if you would like us to contact you again.",
                   "Écrivez-les seulement si vous voulez un appel."),
    },
    "q:manques": {"label": _t(
        "ما الذي ينقصكم في الحي؟ (بنك، أطباء، إلخ)",
        "Mahallede neyin eksikliğini hissediyorsunuz? (banka, doktor vb.)",
        "What is missing in the neighbourhood for you? (bank, doctors, etc.)",
        "Qu'est-ce qui manque dans le quartier ? Par exemple : une banque, un médecin.")},
    "q:insecurite": {"label": _t(
        "ما الذي يُشعركم بعدم الأمان؟", "Güvensizlik duygusuna ne yol açıyor?",
        "What makes you feel unsafe?", "Qu'est-ce qui vous fait peur dans le quartier ?")},
    "o:insecurite:tapage": {"label": _t(
        "الضجيج الليلي (موسيقى، تلفاز، إلخ)", "Gece gürültüsü (müzik, televizyon vb.)",
        "Noise at night (music, television, etc.)", "Le bruit la nuit : musique, télé")},
    "o:insecurite:incivilite": {"label": _t(
        "السلوكيات غير المدنية (تخريب الممتلكات العامة، السرقات)",
        "Saygısız davranışlar (kent mobilyalarına zarar, hırsızlık)",
        "Antisocial behaviour (damage to street furniture, theft)",
        "Des objets cassés dans la rue. Des vols.")},
    "o:insecurite:trafic": {"label": _t(
        "تجارة المواد الممنوعة", "Yasadışı ürün ticareti", "Trade in illegal goods",
        "La vente de produits interdits, comme la drogue")},
    "o:insecurite:violence": {"label": _t("العنف", "Şiddet", "Violence", "La violence")},
    "o:insecurite:nuisances": {"label": _t(
        "الإزعاج الصوتي", "Gürültü rahatsızlığı", "Noise nuisance", "Trop de bruit")},
    "o:insecurite:aucune": {"label": _t("لا جواب", "Yanıt yok", "No answer",
                                        "Pas de réponse")},
    "q:info_quartier": {"label": _t(
        "هل تعرفون ما يجري في حيّكم؟", "Mahallenizde neler olup bittiğini biliyor musunuz?",
        "Do you know what is going on in your neighbourhood?",
        "Savez-vous ce qui se passe dans votre quartier ?")},
    "q:info_canal": {"label": _t(
        "كيف وصلتكم المعلومة؟", "Bu bilgiyi nereden edindiniz?", "How did you hear about it?",
        "Comment avez-vous eu l'information ?")},
    "o:info_canal:bouche": {"label": _t(
        "عن طريق الكلام بين الناس", "Kulaktan kulağa", "Word of mouth",
        "Des gens m'en ont parlé")},
    "o:info_canal:facebook": {"label": _t("فيسبوك", "Facebook", "Facebook", "Facebook")},
    "o:info_canal:centre_social": {"label": _t(
        "المركز الاجتماعي", "Sosyal merkez", "Community centre", "Le centre social")},
    "o:info_canal:site_ville": {"label": _t(
        "موقع البلدية على الإنترنت", "Belediyenin internet sitesi", "The town's website",
        "Le site internet de la ville")},
    "o:info_canal:ecoles": {"label": _t("في المدارس", "Okullarda", "At school", "À l'école")},
    "o:info_canal:conseil": {"label": _t(
        "المجلس المواطني", "Yurttaş konseyi", "Citizens' council", "Le conseil citoyen")},
    "q:venir_27_juin": {"label": _t(
        "ستُنظَّم قريبًا (يوم 27 يونيو من الساعة 12:30 إلى الساعة 16:00) لقاءات (شواء تشاركي "
        "وطاولات حوار للمواطنين) للتحاور حول مستقبل حيّكم. هل تنوون الحضور؟ الشواء مجاني لكل "
        "المشاركين.",
        "Yakında (27 Haziran'da 12.30 ile 16.00 arası) mahallenizin geleceğini konuşmak için "
        "buluşmalar (ortak mangal ve yurttaş masaları) düzenleniyor. Gelmeyi düşünüyor "
        "musunuz? Katılan herkese mangal ikram edilecek.",
        "Soon (on 27 June from 12:30 to 4 pm) there will be meetings (a shared barbecue and "
        "citizens' tables) to talk about the future of your neighbourhood. Do you plan to "
        "come? A barbecue is offered to everyone who takes part.",
        "Une rencontre a lieu le 27 juin, de 12 h 30 à 16 h. On parle de l'avenir du "
        "quartier. Il y a un barbecue gratuit. Allez-vous venir ?")},
    "q:securite_note": {"label": _t(
        "كيف تقيّمون مستوى أمانكم في الحي على سُلّم من 1 إلى 10؟",
        "Mahalledeki güvenlik düzeyinizi 1'den 10'a kadar bir ölçekte nasıl "
        "değerlendirirsiniz?",
        "On a scale from 1 to 10, how safe do you feel in the neighbourhood?",
        "Vous sentez-vous en sécurité dans le quartier ? Donnez une note de 1 à 10. "
        "1 veut dire : pas du tout. 10 veut dire : tout à fait.")},
}
for _question in ("cc_connu", "cc_participer", "info_quartier", "venir_27_juin"):
    TEXTS[f"o:{_question}:oui"] = {"label": YES}
    TEXTS[f"o:{_question}:non"] = {"label": NO}


def _objects(survey) -> dict:
    """``{key: survey, question or option}`` for the keys of ``TEXTS``."""
    found = {"survey": survey}
    for question in survey.questions:
        found[f"q:{question.name}"] = question
        found.update({f"o:{question.name}:{o.name}": o for o in question.options})
    return found


def translate_demo(survey) -> None:
    """Give the demo survey its intro, thank-you message and every translation; the caller
    commits. A key of ``TEXTS`` the survey lacks is a programming error (KeyError)."""
    from participation.surveys.translations import set_text

    survey.languages, survey.intro, survey.thanks = LANGUAGES, INTRO, THANKS
    objects = _objects(survey)
    for key, fields in TEXTS.items():
        for field, texts in fields.items():
            for tag, text in texts.items():
                set_text(survey, objects[key], field, tag, text)
