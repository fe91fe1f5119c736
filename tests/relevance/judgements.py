"""Judged queries over the demo landscape (see DEMO_CONTENT.md): query, language, and the demo
themes whose offers a searcher expects among the first ten results.

Offers are identified by theme (the `<theme>.` prefix of the demo offers' contact e-mail), which
is stable across reloads. Languages without offer texts in the demo (ru, fa, pl, ro, bg) can only
match vocabulary labels, which is exactly what those queries check.
"""

HOUSING = ("wohnungssuche", "wohnungsnotfall", "kim-cm")
HEALTH = ("schwangerschaft", "gesundheitslotsen", "psychosozial", "gewaltschutz", "inklusion", "senioren")
GERMAN_COURSES = ("integrationskurs", "frauenkurs", "berufssprachkurs")
WORK = ("eu-beratung", "berufssprachkurs", "anerkennung", "jobcenter", "berufsberatung", "bewerbung", "durchstarten")

JUDGEMENTS = [
    # German
    ("Wohnungssuche", "de", ("wohnungssuche",)),
    ("Wohnung", "de", ("wohnungssuche",)),
    ("Wohnugnssuche", "de", ("wohnungssuche",)),
    ("Deutschkurs", "de", GERMAN_COURSES),
    ("Sprachkurs", "de", GERMAN_COURSES),
    ("Psychologische Hilfe für Gefluechtete", "de", ("psychosozial",)),
    ("Schulden", "de", ("schuldnerberatung",)),
    ("Schuldnerberatng", "de", ("schuldnerberatung",)),
    ("Anerkennung meines Abschlusses", "de", ("anerkennung",)),
    ("Kita-Platz", "de", ("kita",)),
    ("Einbürgerungstest", "de", ("einbuergerung",)),
    ("Asylverfahren Anhörung", "de", ("asylverfahren",)),
    ("Duldung Bleiberecht", "de", ("bleiberecht",)),
    ("schwanger", "de", ("schwangerschaft",)),
    ("Hausaufgaben", "de", ("lernhilfe",)),
    ("Bewerbung Lebenslauf", "de", ("bewerbung",)),
    ("Ausbildungsplatz finden", "de", ("ausbildung", "berufsberatung")),
    ("Alleinerziehende", "de", ("alleinerziehende",)),
    ("Jugendmigrationsdienst", "de", ("jmd",)),
    ("Pflegeberatung für Senioren", "de", ("senioren",)),
    ("Ehrenamt", "de", ("ehrenamt",)),
    ("häusliche Gewalt", "de", ("gewaltschutz",)),
    # English
    ("help finding a flat", "en", ("wohnungssuche",)),
    ("recognition of my degree", "en", ("anerkennung",)),
    ("debt counselling", "en", ("schuldnerberatung",)),
    ("pregnancy", "en", ("schwangerschaft",)),
    ("homework help", "en", ("lernhilfe",)),
    ("German course", "en", GERMAN_COURSES),
    ("naturalisation", "en", ("einbuergerung",)),
    ("job application", "en", ("bewerbung",)),
    # Arabic
    ("السكن", "ar", HOUSING),
    ("استشارات الديون", "ar", ("schuldnerberatung",)),
    ("الحمل", "ar", ("schwangerschaft",)),
    ("دورة اللغة الألمانية", "ar", GERMAN_COURSES + ("sprachcafe",)),
    # Turkish
    ("Borç danışmanlığı", "tr", ("schuldnerberatung",)),
    ("Ev aramada yardım", "tr", ("wohnungssuche",)),
    ("Hamilelik", "tr", ("schwangerschaft",)),
    ("Almanca kursu", "tr", GERMAN_COURSES + ("sprachcafe",)),
    # Ukrainian
    ("житло", "uk", HOUSING),
    ("борги", "uk", ("schuldnerberatung",)),
    ("вагітність", "uk", ("schwangerschaft",)),
    # Russian, Persian, Polish, Romanian, Bulgarian: vocabulary labels only
    ("Жильё", "ru", HOUSING),
    ("Здоровье", "ru", HEALTH),
    ("مسکن", "fa", HOUSING),
    ("Praca", "pl", WORK),
    ("Sănătate", "ro", HEALTH),
    ("Жилище", "bg", HOUSING),
]
