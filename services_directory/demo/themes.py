"""The kinds of offer the demo landscape is made of, and the shared text parts offers are built from.

Texts come as tuples in the order of `TEXT_LANGUAGES`. German and English exist for every part;
Arabic, Turkish and Ukrainian are real translations of the same templates.
"""

from dataclasses import dataclass, field

TEXT_LANGUAGES = ("de", "en", "ar", "tr", "uk")
KIM_TARGET_GROUPS = [
    "unionsbuerger-18-27", "migrierte-18-27", "haushaltsangehoerige",
    "alleinerziehende", "behinderung-18-27", "lsbtiq-18-27",
]


@dataclass(frozen=True)
class Theme:
    key: str
    title: tuple
    summary: tuple
    body: tuple
    fields: list
    groups: list
    legal: list = field(default_factory=lambda: ["keiner"])
    statuses: list = field(default_factory=list)
    ages: tuple = (None, None)
    access: str = "wa"  # w walk-in, a appointment, r referral, o online booking
    slots: str = "counselling"  # counselling, course, evening, meeting, office
    cost: str = ""  # a FEES key, or "" for free of charge
    bring: tuple = ("id",)
    programme: str = ""
    languages: tuple = ()
    delivery: tuple = ("vor-ort",)
    team: tuple = ("Beratungsteam", "Counselling team")


def texts(*values):
    assert len(values) == len(TEXT_LANGUAGES), values[0]
    return dict(zip(TEXT_LANGUAGES, values, strict=True))


# What to bring, composed per offer.
BRING = {
    "id": texts(
        "Pass, Personalausweis oder Aufenthaltsdokument",
        "passport, ID card or residence document",
        "جواز السفر أو بطاقة الهوية أو وثيقة الإقامة",
        "pasaport, kimlik kartı veya oturum belgesi",
        "паспорт, посвідчення особи або документ про перебування",
    ),
    "letters": texts(
        "Briefe und Bescheide von Behörden",
        "letters and decisions from public authorities",
        "الرسائل والقرارات الصادرة عن الدوائر الرسمية",
        "resmi kurumlardan gelen mektuplar ve kararlar",
        "листи та рішення від державних установ",
    ),
    "certificates": texts(
        "Zeugnisse und Nachweise über Ausbildung und Berufserfahrung, wenn möglich mit Übersetzung",
        "certificates and proof of training and work experience, translated if possible",
        "الشهادات وإثباتات التدريب والخبرة المهنية، مترجمة إن أمكن",
        "mümkünse tercümeli diploma, eğitim ve iş deneyimi belgeleri",
        "атестати, дипломи та підтвердження досвіду роботи, за можливості з перекладом",
    ),
    "entitlement": texts(
        "Berechtigungsschein oder Zulassung (vom BAMF, Jobcenter oder der Agentur für Arbeit)",
        "certificate of entitlement or admission (from the BAMF, Jobcenter or employment agency)",
        "شهادة الأحقية أو القبول (من المكتب الاتحادي للهجرة أو مركز العمل أو وكالة العمل)",
        "katılım hakkı belgesi veya kabul yazısı (BAMF, Jobcenter veya İş Ajansı'ndan)",
        "довідка про право на участь або допуск (від BAMF, Jobcenter або агентства з праці)",
    ),
    "health": texts(
        "Gesundheitskarte oder Behandlungsschein, falls vorhanden",
        "health insurance card or treatment voucher, if you have one",
        "بطاقة التأمين الصحي أو قسيمة العلاج إن وجدت",
        "varsa sağlık kartı veya tedavi belgesi",
        "медична страхова картка або направлення на лікування, якщо є",
    ),
    "child": texts(
        "Geburtsurkunde oder Dokument des Kindes",
        "the child's birth certificate or document",
        "شهادة ميلاد الطفل أو وثيقته",
        "çocuğun doğum belgesi veya kimliği",
        "свідоцтво про народження або документ дитини",
    ),
    "nothing": texts(
        "Nichts – kommen Sie einfach vorbei",
        "nothing – just come along",
        "لا شيء – تعال فقط",
        "hiçbir şey – sadece gelin",
        "нічого – просто приходьте",
    ),
}

# Fees, where an offer is not free of charge.
FEES = {
    "integration-course": texts(
        "Kostenbeitrag 2,29 € je Unterrichtsstunde; wer Bürgergeld oder Leistungen nach AsylbLG bekommt, kann sich befreien lassen.",
        "Contribution of €2.29 per lesson; people receiving Bürgergeld or asylum seekers' benefits can be exempted.",
        "مساهمة قدرها 2.29 يورو عن كل حصة؛ يمكن إعفاء من يحصل على Bürgergeld أو على مساعدات قانون إعانات طالبي اللجوء.",
        "Ders saati başına 2,29 € katkı payı; Bürgergeld veya AsylbLG yardımı alanlar muaf tutulabilir.",
        "Внесок 2,29 € за академічну годину; отримувачі Bürgergeld або допомоги за AsylbLG можуть бути звільнені.",
    ),
    "course": texts(
        "Kursgebühr 40 € je Kurs, ermäßigt 10 € (mit KölnPass kostenlos).",
        "Course fee €40, reduced €10 (free with a KölnPass).",
        "رسوم الدورة 40 يورو، مخفضة 10 يورو (مجانية مع بطاقة KölnPass).",
        "Kurs ücreti 40 €, indirimli 10 € (KölnPass ile ücretsiz).",
        "Вартість курсу 40 €, пільгова 10 € (з KölnPass безкоштовно).",
    ),
    "test": texts(
        "Gebühr für den Einbürgerungstest: 25 €.",
        "Fee for the naturalisation test: €25.",
        "رسوم اختبار التجنس: 25 يورو.",
        "Vatandaşlık testi ücreti: 25 €.",
        "Плата за тест на громадянство: 25 €.",
    ),
    "meeting": texts(
        "Kostenbeitrag 2 € pro Treffen für Getränke und Snacks; niemand wird abgewiesen.",
        "€2 per meeting for drinks and snacks; nobody is turned away.",
        "مساهمة 2 يورو لكل لقاء للمشروبات والوجبات الخفيفة؛ لا يُرد أحد.",
        "İçecek ve atıştırmalıklar için buluşma başına 2 € katkı; kimse geri çevrilmez.",
        "Внесок 2 € за зустріч на напої та перекуси; нікому не відмовляють.",
    ),
}

PLACE_PHRASE = texts(
    "Angebot in Köln-{place}.", "In Cologne-{place}.", "في كولونيا - {place}.", "Yer: Köln-{place}.",
    "Місце: Кельн-{place}.",
)

PROVIDER_SENTENCES = [
    texts(
        "Das Angebot wird von {provider} durchgeführt.", "This offer is run by {provider}.",
        "تقدم هذا العرض جهة {provider}.", "Bu hizmeti {provider} sunmaktadır.",
        "Цю пропозицію здійснює {provider}.",
    ),
    texts(
        "Träger ist {provider}.", "The provider is {provider}.", "الجهة المقدمة: {provider}.",
        "Hizmet sağlayıcı: {provider}.", "Організатор: {provider}.",
    ),
    texts(
        "{provider} bietet diese Unterstützung im Stadtteil {place} an.",
        "{provider} offers this support in {place}.",
        "تقدم {provider} هذا الدعم في حي {place}.",
        "{provider} bu desteği {place} semtinde sunuyor.",
        "{provider} надає цю підтримку в районі {place}.",
    ),
]

ACCESS_SENTENCES = {
    "w": texts(
        "Sie können ohne Termin in die offene Sprechstunde kommen.",
        "You can come to the open consultation hours without an appointment.",
        "يمكنك الحضور إلى ساعات الاستشارة المفتوحة دون موعد مسبق.",
        "Açık danışma saatlerine randevusuz gelebilirsiniz.",
        "Ви можете прийти на відкриті консультаційні години без попереднього запису.",
    ),
    "a": texts(
        "Bitte vereinbaren Sie vorher einen Termin – telefonisch oder per E-Mail.",
        "Please make an appointment first, by phone or email.",
        "يرجى تحديد موعد مسبقًا عبر الهاتف أو البريد الإلكتروني.",
        "Lütfen önceden telefonla veya e-posta ile randevu alın.",
        "Будь ласка, спершу домовтеся про зустріч телефоном або електронною поштою.",
    ),
    "r": texts(
        "Für die Teilnahme brauchen Sie eine Zuweisung, zum Beispiel vom Jobcenter, der Agentur für Arbeit oder einer Beratungsstelle.",
        "To take part you need a referral, for example from the Jobcenter, the employment agency or a counselling service.",
        "للمشاركة تحتاج إلى إحالة، مثلًا من مركز العمل (Jobcenter) أو وكالة العمل أو مركز استشارة.",
        "Katılmak için örneğin Jobcenter'dan, İş Ajansı'ndan veya bir danışma merkezinden yönlendirme gerekir.",
        "Для участі потрібне направлення, наприклад від Jobcenter, агентства з праці або консультаційного центру.",
    ),
    "o": texts(
        "Termine können Sie auch online buchen.", "You can also book appointments online.",
        "يمكنك أيضًا حجز المواعيد عبر الإنترنت.", "Randevuları internetten de alabilirsiniz.",
        "Записатися можна також онлайн.",
    ),
}

LANGUAGE_SENTENCE = texts(
    "Das Angebot ist auch auf {languages} möglich.", "Also available in {languages}.",
    "العرض متاح أيضًا باللغات: {languages}.", "Hizmet şu dillerde de sunulur: {languages}.",
    "Також доступно такими мовами: {languages}.",
)

DEMO_NOTE = texts(
    "Demo-Inhalt: Dieses Angebot ist ein erfundenes Beispiel, um das Portal vorzuführen.",
    "Demo content: this offer is a made-up example to demonstrate the portal.",
    "محتوى تجريبي: هذا العرض مثال مُختلق لعرض البوابة.",
    "Demo içerik: Bu hizmet, portalı tanıtmak için uydurulmuş bir örnektir.",
    "Демонстраційний вміст: ця пропозиція — вигаданий приклад для демонстрації порталу.",
)

PROVIDER_DEMO_NOTE = {
    "de": "Demo-Inhalt: Name und Profil dienen nur der Vorführung des Portals; die Angebote sind erfunden.",
    "en": "Demo content: the name and profile only demonstrate the portal; the offers are made up.",
}
