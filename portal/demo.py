"""Demo editorial content: home introduction, an about page, legal and accessibility pages.

Only fills pages that are still empty, so it never overwrites what an operator wrote and a
second run changes nothing.
"""

import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from portal.models import ContentPage, HomePage, PortalSettings
from portal.structure import ensure_structure

DEMO_NOTE = {
    "de": "Demo-Inhalt: Dieses Portal zeigt Beispieldaten.",
    "en": "Demo content: this portal shows sample data.",
}

HOME_INTRO = {
    "de": "<p>Hier finden Sie Beratung, Deutschkurse, Hilfe bei Arbeit, Wohnen, Gesundheit und Familie in Köln. Suchen Sie in Ihrer Sprache.</p>",
    "en": "<p>Find counselling, German courses and help with work, housing, health and family in Cologne. Search in your language.</p>",
    "ar": "<p>ابحث هنا عن الاستشارات ودورات اللغة الألمانية والمساعدة في العمل والسكن والصحة والأسرة في كولونيا. ابحث بلغتك.</p>",
    "tr": "<p>Köln'de danışmanlık, Almanca kursları ve iş, konut, sağlık ve aile konularında yardım bulun. Kendi dilinizde arayın.</p>",
    "uk": "<p>Знайдіть консультації, курси німецької мови та допомогу з роботою, житлом, здоров'ям і сім'єю в Кельні. Шукайте своєю мовою.</p>",
}

SEARCH_PROMPT = {
    "de": "Was suchen Sie?",
    "en": "What are you looking for?",
    "ar": "عمّ تبحث؟",
    "tr": "Ne arıyorsunuz?",
    "uk": "Що ви шукаєте?",
}


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _faq(title, items):
    return {
        "type": "faq",
        "value": {"title": title, "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items]},
    }


def _callout(title, text, kind="info"):
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


ABOUT_TITLES = {
    "de": "Über dieses Portal", "en": "About this portal", "ar": "حول هذه البوابة",
    "tr": "Bu portal hakkında", "uk": "Про цей портал",
}
ABOUT_BODY = {
    "de": [
        _h("Wofür ist das Portal?"),
        _p("Das Kommunale Integrationsmanagement (KIM) der Stadt Köln sammelt hier Angebote von Trägern, Beratungsstellen und Behörden."),
        _callout("Kostenlos und ohne Anmeldung", "Sie müssen sich nicht anmelden. Wir speichern keine Daten über Ihre Suche, die Sie erkennen lassen."),
        _faq("Häufige Fragen", [
            ("Wer kann die Angebote nutzen?", "Jedes Angebot sagt, für wen es ist. Viele Angebote sind für alle offen."),
            ("Kostet die Beratung etwas?", "Die meisten Beratungen sind kostenlos. Kosten stehen beim Angebot."),
        ]),
    ],
    "en": [
        _h("What is this portal for?"),
        _p("The City of Cologne's Kommunales Integrationsmanagement (KIM) collects offers from carriers, counselling services and public bodies here."),
        _callout("Free and without registration", "You do not need to register. We store no data about your search that could identify you."),
        _faq("Frequently asked questions", [
            ("Who can use the offers?", "Each offer says who it is for. Many offers are open to everyone."),
            ("Does counselling cost anything?", "Most counselling is free. Any cost is shown with the offer."),
        ]),
    ],
    "ar": [
        _h("ما الغرض من هذه البوابة؟"),
        _p("تجمع إدارة الاندماج البلدية (KIM) في مدينة كولونيا هنا عروض الجهات المقدمة ومراكز الاستشارة والدوائر الرسمية."),
        _callout("مجاني وبدون تسجيل", "لا تحتاج إلى التسجيل. لا نخزن أي بيانات عن بحثك يمكن أن تدل عليك."),
        _faq("أسئلة شائعة", [
            ("من يمكنه الاستفادة من العروض؟", "كل عرض يوضح لمن هو موجه. كثير من العروض مفتوحة للجميع."),
            ("هل الاستشارة مدفوعة؟", "معظم الاستشارات مجانية. تظهر التكاليف مع العرض."),
        ]),
    ],
    "tr": [
        _h("Bu portal ne işe yarar?"),
        _p("Köln Belediyesi'nin Yerel Entegrasyon Yönetimi (KIM), kurumların, danışma merkezlerinin ve resmi dairelerin hizmetlerini burada topluyor."),
        _callout("Ücretsiz ve kayıt gerektirmez", "Kayıt olmanıza gerek yok. Aramanız hakkında sizi tanımlayabilecek hiçbir veri saklamıyoruz."),
        _faq("Sık sorulan sorular", [
            ("Hizmetlerden kimler yararlanabilir?", "Her hizmet kimler için olduğunu belirtir. Birçok hizmet herkese açıktır."),
            ("Danışmanlık ücretli mi?", "Danışmanlıkların çoğu ücretsizdir. Varsa ücret hizmette belirtilir."),
        ]),
    ],
    "uk": [
        _h("Для чого цей портал?"),
        _p("Муніципальне управління інтеграцією (KIM) міста Кельн збирає тут пропозиції організацій, консультаційних служб і установ."),
        _callout("Безкоштовно й без реєстрації", "Вам не потрібно реєструватися. Ми не зберігаємо даних про ваш пошук, за якими можна вас упізнати."),
        _faq("Часті запитання", [
            ("Хто може користуватися пропозиціями?", "Кожна пропозиція вказує, для кого вона. Багато пропозицій відкриті для всіх."),
            ("Чи платна консультація?", "Більшість консультацій безкоштовні. Вартість зазначено в пропозиції."),
        ]),
    ],
}

LEGAL_BODIES = {
    "impressum": {
        "ar": [_callout("محتوى تجريبي", "هذه البوابة تعرض بيانات تجريبية.", "important"), _h("الناشر"),
               _p("مدينة كولونيا، إدارة الاندماج البلدية (KIM)، Willy-Brandt-Platz 2، 50679 كولونيا (عنوان تجريبي).")],
        "tr": [_callout("Demo içerik", "Bu portal örnek veriler gösterir.", "important"), _h("Yayıncı"),
               _p("Köln Belediyesi, Yerel Entegrasyon Yönetimi (KIM), Willy-Brandt-Platz 2, 50679 Köln (demo için örnek adres).")],
        "uk": [_callout("Демонстраційний вміст", "Цей портал показує зразкові дані.", "important"), _h("Видавець"),
               _p("Місто Кельн, муніципальне управління інтеграцією (KIM), Willy-Brandt-Platz 2, 50679 Кельн (зразкова адреса для демо).")],
        "de": [_callout("Demo-Inhalt", DEMO_NOTE["de"], "important"), _h("Herausgeberin"),
               _p("Stadt Köln, Kommunales Integrationsmanagement, Willy-Brandt-Platz 2, 50679 Köln (Beispieladresse für die Demo)."),
               _h("Verantwortlich für den Inhalt"), _p("Die Träger sind für ihre Angebote verantwortlich. Die Redaktion prüft neue Einträge.")],
        "en": [_callout("Demo content", DEMO_NOTE["en"], "important"), _h("Publisher"),
               _p("City of Cologne, Kommunales Integrationsmanagement, Willy-Brandt-Platz 2, 50679 Cologne (sample address for the demo)."),
               _h("Responsible for the content"), _p("Carriers are responsible for their offers. The editorial team reviews new entries.")],
    },
    "datenschutz": {
        "ar": [_h("ما الذي نحفظه"),
               _p("عندما تبحث، نحفظ فقط نص البحث واللغة والمرشحات وعدد النتائج. لا نحفظ عنوان IP ولا حسابًا ولا جلسة. هكذا نعرف أي العروض ما زالت ناقصة."),
               _h("لا خدمات من أطراف ثالثة"), _p("هذا الموقع لا يحمّل خطوطًا أو خرائط أو إحصاءات من مزوّدين آخرين.")],
        "tr": [_h("Neleri saklıyoruz"),
               _p("Arama yaptığınızda yalnızca arama metnini, dili, filtreleri ve sonuç sayısını saklarız. IP adresi, hesap veya oturum saklamayız. Böylece hangi hizmetlerin eksik olduğunu görürüz."),
               _h("Üçüncü taraf hizmeti yok"), _p("Bu site başka sağlayıcılardan yazı tipi, harita veya istatistik yüklemez.")],
        "uk": [_h("Що ми зберігаємо"),
               _p("Коли ви шукаєте, ми зберігаємо лише текст пошуку, мову, фільтри та кількість результатів. Ми не зберігаємо IP-адресу, обліковий запис чи сесію. Так ми бачимо, яких пропозицій бракує."),
               _h("Без сторонніх сервісів"), _p("Цей сайт не завантажує шрифти, карти чи статистику від інших постачальників.")],
        "de": [_h("Was wir speichern"),
               _p("Wenn Sie suchen, speichern wir nur den Suchtext, die Sprache, die Filter und die Zahl der Treffer. Wir speichern keine IP-Adresse, kein Konto und keine Sitzung. So sehen wir, welche Angebote fehlen."),
               _h("Keine Dienste Dritter"), _p("Diese Seite lädt keine Schriften, Karten oder Statistik von anderen Anbietern.")],
        "en": [_h("What we store"),
               _p("When you search we store only the search text, the language, the filters and the number of results. We store no IP address, no account and no session. This shows us which offers are missing."),
               _h("No third-party services"), _p("This site loads no fonts, maps or analytics from other providers.")],
    },
    "barrierefreiheit": {
        "ar": [_h("حالة التوافق"),
               _p("تهدف هذه البوابة إلى استيفاء متطلبات BITV 2.0 وWCAG 2.1 في المستوى AA. تُفحص كل صفحة آليًا باستخدام axe-core."),
               _h("الإبلاغ عن عائق"),
               _p('هل واجهت عائقًا؟ <a href="/ar/barrier-report/">أبلغنا عنه عبر النموذج.</a> لا يلزم ذكر اسمك.')],
        "tr": [_h("Uyumluluk durumu"),
               _p("Bu portal BITV 2.0 ve WCAG 2.1 AA düzeyini karşılamayı amaçlar. Her sayfa axe-core ile otomatik olarak denetlenir."),
               _h("Engel bildirin"),
               _p('Bir engelle mi karşılaştınız? <a href="/tr/barrier-report/">Formla bize bildirin.</a> Adınızı vermeniz gerekmez.')],
        "uk": [_h("Стан відповідності"),
               _p("Цей портал має на меті відповідати BITV 2.0 і WCAG 2.1 рівня AA. Кожна сторінка автоматично перевіряється за допомогою axe-core."),
               _h("Повідомити про бар'єр"),
               _p('Натрапили на бар\'єр? <a href="/uk/barrier-report/">Повідомте нам через форму.</a> Вказувати ім\'я не потрібно.')],
        "de": [_h("Stand der Vereinbarkeit"),
               _p("Dieses Portal soll die Anforderungen der BITV 2.0 und der WCAG 2.1 auf Stufe AA erfüllen. Alle Seiten werden automatisch mit axe-core geprüft."),
               _h("Barriere melden"),
               _p('Sie stoßen auf eine Barriere? <a href="/de/barrier-report/">Melden Sie sie uns über das Formular.</a> Sie müssen keinen Namen angeben.'),
               _h("Schlichtungsverfahren"),
               _p("Wenn Sie keine befriedigende Antwort erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden.")],
        "en": [_h("Compliance status"),
               _p("This portal aims to meet BITV 2.0 and WCAG 2.1 level AA. Every page is checked automatically with axe-core."),
               _h("Report a barrier"),
               _p('Found a barrier? <a href="/en/barrier-report/">Report it with the form.</a> You do not need to give your name.'),
               _h("Enforcement procedure"),
               _p("If you do not receive a satisfactory answer, you can contact the ombudsman for accessible information technology of North Rhine-Westphalia.")],
    },
    "leichte-sprache": {
        "de": [_h("Was ist diese Internet-Seite?"),
               _p("Auf dieser Internet-Seite finden Sie Hilfe in Köln."),
               _p("Zum Beispiel: Beratung. Deutsch-Kurse. Hilfe bei der Arbeit. Hilfe bei der Wohnung."),
               _h("Wer macht die Internet-Seite?"),
               _p("Die Stadt Köln macht die Internet-Seite."),
               _p("Viele Vereine schreiben ihre Angebote hier hinein."),
               _h("Wie finde ich Hilfe?"),
               _p("Oben auf der Seite ist ein Such-Feld."),
               _p("Schreiben Sie in das Such-Feld, was Sie suchen."),
               _p("Zum Beispiel: Wohnung."),
               _p("Dann klicken Sie auf: Suchen."),
               _h("Kostet das Geld?"),
               _p("Die Internet-Seite kostet kein Geld."),
               _p("Viele Angebote kosten auch kein Geld.")],
    },
    "gebaerdensprache": {
        "de": [_h("Informationen in Deutscher Gebärdensprache"),
               _p("Hier zeigen wir Videos in Deutscher Gebärdensprache mit Untertiteln. Die Redaktion kann Videos im Verwaltungsbereich hochladen.")],
        "en": [_h("Information in German Sign Language"),
               _p("Here we show videos in German Sign Language with captions. Editors can upload videos in the admin.")],
    },
}


def _fill(page, field, values):
    """Set `<field>_<lang>` for each language whose value is still empty; return True if changed."""
    changed = False
    for language, value in values.items():
        name = f"{field}_{language}"
        current = getattr(page, name)
        empty = current is None or (hasattr(current, "raw_data") and len(current.raw_data) == 0) or current == ""
        if empty:
            setattr(page, name, json.dumps(value) if isinstance(value, list) else value)
            changed = True
    return changed


DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "kim-demo-admin"


def ensure_demo_admin():
    """A superuser that exists only in a demo database: `load_demo_data` is never run in production."""
    user, _created = get_user_model().objects.get_or_create(
        username=DEMO_ADMIN_USERNAME, defaults={"email": "admin@kim-koeln.example"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_ADMIN_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load(stdout):
    ensure_structure()
    created = updated = unchanged = 0
    with translation.override("de"):
        home = HomePage.objects.get()
        pages = [(home, {"intro": HOME_INTRO, "search_prompt": SEARCH_PROMPT})]
        about = ContentPage.objects.child_of(home).filter(slug_de="ueber-das-portal").first()
        if about is None:
            about = ContentPage(
                title=ABOUT_TITLES["de"], slug="ueber-das-portal", slug_de="ueber-das-portal", slug_en="about",
                show_in_menus=True, **{f"title_{code}": title for code, title in ABOUT_TITLES.items()},
            )
            home.add_child(instance=about)
            created += 1
        pages.append((about, {"body": ABOUT_BODY}))
        for slug, bodies in LEGAL_BODIES.items():
            page = ContentPage.objects.child_of(home).get(slug_de=slug)
            pages.append((page, {"body": bodies}))
        for page, fields in pages:
            changed = any([_fill(page, field, values) for field, values in fields.items()])
            if changed or not page.live:
                page.save_revision().publish()
                if page is not about or not created:
                    updated += 1
            else:
                unchanged += 1
        settings = PortalSettings.for_site(home.get_site())
        if not settings.barrier_contact_email:
            settings.barrier_contact_email = "barrierefreiheit@kim-koeln.example"
            settings.save()
    ensure_demo_admin()
    summary = f"created {created}, updated {updated}, unchanged {unchanged}"
    stdout.write(f"      editorial pages: {summary}")
    stdout.write(f"      demo login (this database only): admin / {DEMO_ADMIN_PASSWORD}")
    return summary
