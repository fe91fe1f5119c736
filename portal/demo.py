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
    "fa": "<p>در اینجا مشاوره، دوره‌های زبان آلمانی و کمک در زمینه کار، مسکن، سلامت و خانواده در کلن را پیدا کنید. به زبان خودتان جست‌وجو کنید.</p>",
    "ru": "<p>Здесь вы найдёте консультации, курсы немецкого языка и помощь в вопросах работы, жилья, здоровья и семьи в Кёльне. Ищите на своём языке.</p>",
    "ro": "<p>Găsiți aici consiliere, cursuri de germană și ajutor pentru muncă, locuință, sănătate și familie în Köln. Căutați în limba dumneavoastră.</p>",
    "bg": "<p>Тук ще намерите консултации, курсове по немски и помощ за работа, жилище, здраве и семейство в Кьолн. Търсете на своя език.</p>",
    "pl": "<p>Znajdziesz tu doradztwo, kursy niemieckiego oraz pomoc w sprawach pracy, mieszkania, zdrowia i rodziny w Kolonii. Szukaj w swoim języku.</p>",
}

SEARCH_PROMPT = {
    "de": "Was suchen Sie?",
    "en": "What are you looking for?",
    "ar": "عمّ تبحث؟",
    "tr": "Ne arıyorsunuz?",
    "uk": "Що ви шукаєте?",
    "fa": "دنبال چه هستید؟", "ru": "Что вы ищете?", "ro": "Ce căutați?", "bg": "Какво търсите?", "pl": "Czego szukasz?",
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
    "fa": "درباره این پورتال", "ru": "Об этом портале", "ro": "Despre acest portal", "bg": "За този портал", "pl": "O tym portalu",
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
    "fa": [
        _h("این پورتال برای چیست؟"),
        _p("مدیریت ادغام شهری (KIM) شهر کلن در اینجا خدمات سازمان‌ها، مراکز مشاوره و ادارات را گرد می‌آورد."),
        _callout("رایگان و بدون ثبت‌نام", "لازم نیست ثبت‌نام کنید. ما هیچ داده‌ای از جست‌وجوی شما که بتواند شما را شناسایی کند ذخیره نمی‌کنیم."),
        _faq("پرسش‌های رایج", [
            ("چه کسانی می‌توانند از خدمات استفاده کنند؟", "هر خدمت می‌گوید برای چه کسانی است. بسیاری از خدمات برای همه باز هستند."),
            ("آیا مشاوره هزینه دارد؟", "بیشتر مشاوره‌ها رایگان هستند. هزینه‌ها در کنار هر خدمت آمده است."),
        ]),
    ],
    "ru": [
        _h("Для чего этот портал?"),
        _p("Муниципальный менеджмент интеграции (KIM) города Кёльн собирает здесь предложения организаций, консультационных служб и ведомств."),
        _callout("Бесплатно и без регистрации", "Регистрироваться не нужно. Мы не храним данных о вашем поиске, по которым можно вас узнать."),
        _faq("Частые вопросы", [
            ("Кто может пользоваться предложениями?", "В каждом предложении указано, для кого оно. Многие предложения открыты для всех."),
            ("Платная ли консультация?", "Большинство консультаций бесплатны. Стоимость указана в предложении."),
        ]),
    ],
    "ro": [
        _h("La ce folosește acest portal?"),
        _p("Managementul municipal al integrării (KIM) al orașului Köln adună aici ofertele organizațiilor, ale centrelor de consiliere și ale autorităților."),
        _callout("Gratuit și fără înregistrare", "Nu trebuie să vă înregistrați. Nu păstrăm date despre căutarea dumneavoastră care v-ar putea identifica."),
        _faq("Întrebări frecvente", [
            ("Cine poate folosi ofertele?", "Fiecare ofertă spune cui se adresează. Multe oferte sunt deschise tuturor."),
            ("Costă consilierea?", "Cele mai multe consilieri sunt gratuite. Costurile sunt afișate la ofertă."),
        ]),
    ],
    "bg": [
        _h("За какво е този портал?"),
        _p("Общинското управление на интеграцията (KIM) на град Кьолн събира тук предложенията на организации, консултантски центрове и институции."),
        _callout("Безплатно и без регистрация", "Не е нужно да се регистрирате. Не съхраняваме данни за търсенето ви, по които може да бъдете разпознати."),
        _faq("Често задавани въпроси", [
            ("Кой може да ползва предложенията?", "Всяко предложение казва за кого е. Много предложения са отворени за всички."),
            ("Платено ли е консултирането?", "Повечето консултации са безплатни. Разходите са посочени при предложението."),
        ]),
    ],
    "pl": [
        _h("Do czego służy ten portal?"),
        _p("Miejskie zarządzanie integracją (KIM) miasta Kolonia zbiera tu oferty organizacji, poradni i urzędów."),
        _callout("Bezpłatnie i bez rejestracji", "Nie musisz się rejestrować. Nie przechowujemy danych o twoim wyszukiwaniu, które mogłyby cię zidentyfikować."),
        _faq("Częste pytania", [
            ("Kto może korzystać z ofert?", "Każda oferta mówi, dla kogo jest. Wiele ofert jest otwartych dla wszystkich."),
            ("Czy doradztwo jest płatne?", "Większość porad jest bezpłatna. Koszty są podane przy ofercie."),
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
        "fa": [_callout("محتوای نمایشی", "این پورتال داده‌های نمونه نشان می‌دهد.", "important"), _h("ناشر"),
               _p("شهر کلن، مدیریت ادغام شهری (KIM)، Willy-Brandt-Platz 2، 50679 کلن (نشانی نمونه برای نمایش).")],
        "ru": [_callout("Демонстрационный контент", "Этот портал показывает примерные данные.", "important"), _h("Издатель"),
               _p("Город Кёльн, муниципальный менеджмент интеграции (KIM), Willy-Brandt-Platz 2, 50679 Кёльн (примерный адрес для демо).")],
        "ro": [_callout("Conținut demonstrativ", "Acest portal arată date de exemplu.", "important"), _h("Editor"),
               _p("Orașul Köln, managementul municipal al integrării (KIM), Willy-Brandt-Platz 2, 50679 Köln (adresă de exemplu pentru demo).")],
        "bg": [_callout("Демонстрационно съдържание", "Този портал показва примерни данни.", "important"), _h("Издател"),
               _p("Град Кьолн, общинско управление на интеграцията (KIM), Willy-Brandt-Platz 2, 50679 Кьолн (примерен адрес за демото).")],
        "pl": [_callout("Treść demonstracyjna", "Ten portal pokazuje przykładowe dane.", "important"), _h("Wydawca"),
               _p("Miasto Kolonia, miejskie zarządzanie integracją (KIM), Willy-Brandt-Platz 2, 50679 Kolonia (przykładowy adres na potrzeby demo).")],
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
        "fa": [_h("چه چیزی ذخیره می‌کنیم"),
               _p("وقتی جست‌وجو می‌کنید، فقط متن جست‌وجو، زبان، فیلترها و تعداد نتایج را ذخیره می‌کنیم. نشانی IP، حساب کاربری یا نشست را ذخیره نمی‌کنیم. به این ترتیب می‌بینیم کدام خدمات کم است."),
               _h("بدون خدمات شخص ثالث"), _p("این سایت هیچ قلم، نقشه یا آماری از ارائه‌دهندگان دیگر بارگیری نمی‌کند.")],
        "ru": [_h("Что мы храним"),
               _p("Когда вы ищете, мы сохраняем только текст поиска, язык, фильтры и число результатов. Мы не храним IP-адрес, учётную запись или сеанс. Так мы видим, каких предложений не хватает."),
               _h("Без сторонних сервисов"), _p("Этот сайт не загружает шрифты, карты или статистику других поставщиков.")],
        "ro": [_h("Ce păstrăm"),
               _p("Când căutați, păstrăm doar textul căutării, limba, filtrele și numărul de rezultate. Nu păstrăm adresa IP, un cont sau o sesiune. Așa vedem ce oferte lipsesc."),
               _h("Fără servicii terțe"), _p("Acest site nu încarcă fonturi, hărți sau statistici de la alți furnizori.")],
        "bg": [_h("Какво съхраняваме"),
               _p("Когато търсите, съхраняваме само текста на търсенето, езика, филтрите и броя на резултатите. Не съхраняваме IP адрес, профил или сесия. Така виждаме кои предложения липсват."),
               _h("Без услуги на трети страни"), _p("Този сайт не зарежда шрифтове, карти или статистика от други доставчици.")],
        "pl": [_h("Co przechowujemy"),
               _p("Gdy szukasz, zapisujemy tylko tekst wyszukiwania, język, filtry i liczbę wyników. Nie zapisujemy adresu IP, konta ani sesji. Dzięki temu widzimy, których ofert brakuje."),
               _h("Bez usług podmiotów trzecich"), _p("Ta strona nie ładuje czcionek, map ani statystyk od innych dostawców.")],
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
        "fa": [_h("وضعیت انطباق"),
               _p("این پورتال می‌کوشد الزامات BITV 2.0 و WCAG 2.1 در سطح AA را برآورده کند. هر صفحه به‌طور خودکار با axe-core بررسی می‌شود."),
               _h("گزارش یک مانع"),
               _p('به مانعی برخوردید؟ <a href="/fa/barrier-report/">از طریق فرم به ما خبر دهید.</a> لازم نیست نامتان را بگویید.')],
        "ru": [_h("Состояние соответствия"),
               _p("Этот портал стремится соответствовать BITV 2.0 и WCAG 2.1 на уровне AA. Каждая страница автоматически проверяется с помощью axe-core."),
               _h("Сообщить о барьере"),
               _p('Столкнулись с барьером? <a href="/ru/barrier-report/">Сообщите нам через форму.</a> Указывать имя не нужно.')],
        "ro": [_h("Stadiul conformității"),
               _p("Acest portal urmărește să îndeplinească cerințele BITV 2.0 și WCAG 2.1, nivelul AA. Fiecare pagină este verificată automat cu axe-core."),
               _h("Semnalați o barieră"),
               _p('Ați întâlnit o barieră? <a href="/ro/barrier-report/">Semnalați-o prin formular.</a> Nu trebuie să vă dați numele.')],
        "bg": [_h("Състояние на съответствието"),
               _p("Този портал се стреми да отговаря на BITV 2.0 и WCAG 2.1, ниво AA. Всяка страница се проверява автоматично с axe-core."),
               _h("Съобщете за бариера"),
               _p('Попаднахте на бариера? <a href="/bg/barrier-report/">Съобщете ни чрез формуляра.</a> Не е нужно да посочвате името си.')],
        "pl": [_h("Stan zgodności"),
               _p("Ten portal ma spełniać wymagania BITV 2.0 i WCAG 2.1 na poziomie AA. Każda strona jest automatycznie sprawdzana za pomocą axe-core."),
               _h("Zgłoś barierę"),
               _p('Napotkałeś barierę? <a href="/pl/barrier-report/">Zgłoś ją przez formularz.</a> Nie musisz podawać imienia.')],
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
        "ar": [_h("معلومات بلغة الإشارة الألمانية"),
               _p("نعرض هنا مقاطع فيديو بلغة الإشارة الألمانية مع ترجمة نصية. يمكن لفريق التحرير رفع المقاطع في قسم الإدارة.")],
        "tr": [_h("Alman İşaret Dili'nde bilgiler"),
               _p("Burada altyazılı Alman İşaret Dili videoları gösteriyoruz. Editörler videoları yönetim alanında yükleyebilir.")],
        "uk": [_h("Інформація німецькою жестовою мовою"),
               _p("Тут ми показуємо відео німецькою жестовою мовою із субтитрами. Редакція може завантажувати відео в адмін-панелі.")],
        "ru": [_h("Информация на немецком жестовом языке"),
               _p("Здесь мы показываем видео на немецком жестовом языке с субтитрами. Редакция может загружать видео в панели администрирования.")],
        "fa": [_h("اطلاعات به زبان اشاره آلمانی"),
               _p("در اینجا ویدئوهایی به زبان اشاره آلمانی با زیرنویس نشان می‌دهیم. تحریریه می‌تواند ویدئوها را در بخش مدیریت بارگذاری کند.")],
        "ro": [_h("Informații în limba germană a semnelor"),
               _p("Aici prezentăm videoclipuri în limba germană a semnelor, cu subtitrări. Redacția poate încărca videoclipuri în zona de administrare.")],
        "bg": [_h("Информация на германски жестов език"),
               _p("Тук показваме видеоклипове на германски жестов език със субтитри. Редакцията може да качва видеоклипове в административната част.")],
        "pl": [_h("Informacje w niemieckim języku migowym"),
               _p("Tutaj pokazujemy filmy w niemieckim języku migowym z napisami. Redakcja może dodawać filmy w panelu administracyjnym.")],
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
        pages.append((about, {"title": ABOUT_TITLES, "body": ABOUT_BODY}))
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
