"""Where the demo landscape lives: approximate centres, postcodes, streets and stops of Stadtteile.

Coordinates are rounded centres of each Stadtteil (good enough for a directions link), the
streets are real streets running through it, the stop is a nearby KVB stop.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stadtteil:
    code: str
    latitude: float
    longitude: float
    postcode: str
    streets: tuple[str, ...]
    stop: str


def _s(code, lat, lon, postcode, streets, stop):
    return Stadtteil(code, lat, lon, postcode, tuple(streets), stop)


STADTTEILE = {
    s.code: s
    for s in [
        # Innenstadt
        _s("altstadt-nord", 50.9415, 6.9545, "50667", ["Komödienstraße", "Gereonstraße", "Burgmauer", "Eigelstein"], "Dom/Hbf"),
        _s("altstadt-sued", 50.9290, 6.9540, "50676", ["Severinstraße", "Rolandstraße", "Georgsplatz", "Mathiasstraße"], "Chlodwigplatz"),
        _s("neustadt-nord", 50.9470, 6.9410, "50672", ["Hansaring", "Brabanter Straße", "Krefelder Straße", "Friesenwall"], "Ebertplatz"),
        _s("neustadt-sued", 50.9275, 6.9390, "50674", ["Zülpicher Straße", "Volksgartenstraße", "Kyffhäuserstraße", "Alteburger Straße"], "Barbarossaplatz"),
        _s("deutz", 50.9365, 6.9760, "50679", ["Deutzer Freiheit", "Siegburger Straße", "Gotenring", "Mindener Straße"], "Deutz/Messe"),
        # Rodenkirchen
        _s("bayenthal", 50.9115, 6.9700, "50968", ["Goltsteinstraße", "Bonner Straße", "Schönhauser Straße"], "Schönhauser Straße"),
        _s("raderberg", 50.9065, 6.9460, "50968", ["Brühler Straße", "Raderberger Straße"], "Raderberg"),
        _s("zollstock", 50.9025, 6.9375, "50969", ["Höninger Weg", "Gottesweg", "Kendenicher Straße"], "Zollstock Südfriedhof"),
        _s("rodenkirchen-stadtteil", 50.8915, 6.9950, "50996", ["Hauptstraße", "Maternusstraße", "Frankstraße"], "Rodenkirchen Bf"),
        _s("meschenich", 50.8525, 6.9345, "50997", ["Brühler Landstraße", "An der Fuhr"], "Meschenich Kirche"),
        _s("suerth", 50.8745, 7.0010, "50999", ["Sürther Hauptstraße", "Ulmenallee"], "Sürth Bf"),
        # Lindenthal
        _s("lindenthal-stadtteil", 50.9345, 6.9145, "50931", ["Dürener Straße", "Bachemer Straße", "Gleueler Straße"], "Dürener Straße/Gürtel"),
        _s("suelz", 50.9225, 6.9205, "50937", ["Berrenrather Straße", "Luxemburger Straße", "Sülzburgstraße"], "Weißhausstraße"),
        _s("klettenberg", 50.9135, 6.9225, "50939", ["Luxemburger Straße", "Siebengebirgsallee"], "Klettenbergpark"),
        _s("braunsfeld", 50.9430, 6.8995, "50933", ["Aachener Straße", "Stolberger Straße"], "Wüllnerstraße"),
        _s("weiden", 50.9380, 6.8310, "50858", ["Aachener Straße", "Ostlandstraße"], "Weiden Zentrum"),
        # Ehrenfeld
        _s("ehrenfeld-stadtteil", 50.9490, 6.9185, "50823", ["Venloer Straße", "Subbelrather Straße", "Körnerstraße", "Vogelsanger Straße"], "Venloer Straße/Gürtel"),
        _s("neuehrenfeld", 50.9585, 6.9245, "50823", ["Nußbaumerstraße", "Iltisstraße", "Subbelrather Straße"], "Nußbaumerstraße"),
        _s("bickendorf", 50.9545, 6.8960, "50827", ["Rochusstraße", "Venloer Straße"], "Rochusplatz"),
        _s("ossendorf", 50.9700, 6.9000, "50827", ["Von-Hünefeld-Straße", "Butzweilerhofallee"], "Alter Flughafen Butzweilerhof"),
        _s("vogelsang", 50.9520, 6.8660, "50829", ["Vogelsanger Straße", "Rotdornweg"], "Vogelsanger Markt"),
        _s("bocklemuend-mengenich", 50.9735, 6.8730, "50829", ["Ollenhauerring", "Görlinger-Zentrum"], "Görlinger Zentrum"),
        # Nippes
        _s("nippes-stadtteil", 50.9600, 6.9545, "50733", ["Neusser Straße", "Wilhelmstraße", "Kempener Straße", "Florastraße"], "Florastraße"),
        _s("bilderstoeckchen", 50.9705, 6.9345, "50739", ["Escher Straße", "Longericher Straße"], "Escher Straße"),
        _s("weidenpesch", 50.9780, 6.9605, "50737", ["Neusser Straße", "Scheibenstraße"], "Scheibenstraße"),
        _s("longerich", 50.9905, 6.9300, "50739", ["Longericher Hauptstraße", "Paul-Humburg-Straße"], "Longerich Friedhof"),
        _s("niehl", 50.9800, 6.9750, "50735", ["Sebastianstraße", "Niehler Kirchweg", "Feldgärtenstraße"], "Sebastianstraße"),
        _s("riehl", 50.9610, 6.9745, "50735", ["Riehler Straße", "Boltensternstraße", "Stammheimer Straße"], "Zoo/Flora"),
        _s("mauenheim", 50.9705, 6.9470, "50733", ["Siegfriedstraße", "Nibelungenstraße"], "Mauenheimer Gürtel"),
        # Chorweiler
        _s("chorweiler-stadtteil", 51.0280, 6.8950, "50765", ["Pariser Platz", "Liverpooler Platz", "Florenzer Straße", "Athener Ring"], "Chorweiler"),
        _s("seeberg", 51.0195, 6.9060, "50769", ["Netzestraße", "Kopenhagener Straße"], "Seeberg"),
        _s("volkhoven-weiler", 51.0185, 6.8775, "50765", ["Volkhovener Weg", "Weilerweg"], "Volkhoven/Weiler"),
        _s("heimersdorf", 51.0080, 6.9160, "50767", ["Taborplatz", "Volkhovener Weg"], "Heimersdorf"),
        _s("fuehlingen", 51.0300, 6.9400, "50769", ["Neusser Landstraße", "Fühlinger Kirchweg"], "Fühlingen"),
        _s("worringen", 51.0725, 6.8750, "50769", ["Alte Neusser Landstraße", "St.-Tönnis-Straße"], "Worringen Bf"),
        # Porz
        _s("porz-stadtteil", 50.8855, 7.0600, "51143", ["Hauptstraße", "Josefstraße", "Friedrich-Ebert-Ufer"], "Porz Markt"),
        _s("finkenberg", 50.8700, 7.0650, "51149", ["Stresemannstraße", "Konrad-Adenauer-Straße"], "Steinstraße"),
        _s("gremberghoven", 50.8950, 7.0500, "51149", ["Frankfurter Straße", "Talweg"], "Gremberghoven"),
        _s("poll", 50.9150, 7.0055, "51105", ["Siegburger Straße", "Poller Kirchweg"], "Poll Salmstraße"),
        _s("wahn", 50.8620, 7.0950, "51147", ["Frankfurter Straße", "Burgallee"], "Porz-Wahn Bf"),
        _s("zuendorf", 50.8655, 7.0455, "51143", ["Hauptstraße", "Houdainer Straße"], "Zündorf"),
        _s("urbach", 50.8655, 7.0800, "51145", ["Kaiserstraße", "Frankfurter Straße"], "Porz-Urbach"),
        # Kalk
        _s("kalk-stadtteil", 50.9400, 7.0050, "51103", ["Kalker Hauptstraße", "Kalk-Mülheimer Straße", "Vietorstraße", "Dillenburger Straße"], "Kalk Post"),
        _s("humboldt-gremberg", 50.9290, 7.0055, "51105", ["Taunusstraße", "Rolshover Straße", "Gremberger Straße"], "Kalk Kapelle"),
        _s("vingst", 50.9405, 7.0345, "51107", ["Ostheimer Straße", "Heßhofstraße"], "Vingst"),
        _s("hoehenberg", 50.9500, 7.0395, "51103", ["Germaniastraße", "Olpener Straße"], "Fuldaer Straße"),
        _s("ostheim", 50.9350, 7.0550, "51107", ["Rösrather Straße", "Gernsheimer Straße"], "Ostheim"),
        _s("neubrueck", 50.9400, 7.0750, "51109", ["Europaring", "Neubrücker Ring"], "Neubrück"),
        _s("merheim", 50.9550, 7.0500, "51109", ["Olpener Straße", "Ostmerheimer Straße"], "Merheim"),
        # Mülheim
        _s("muelheim-stadtteil", 50.9620, 7.0050, "51063", ["Frankfurter Straße", "Wiener Platz", "Keupstraße", "Buchheimer Straße", "Regentenstraße"], "Wiener Platz"),
        _s("buchheim", 50.9600, 7.0255, "51063", ["Herler Straße", "Alte Wipperfürther Straße"], "Buchheim Herler Straße"),
        _s("buchforst", 50.9530, 7.0150, "51065", ["Waldecker Straße", "Kalk-Mülheimer Straße"], "Buchforst Waldecker Straße"),
        _s("hoehenhaus", 50.9855, 7.0250, "51061", ["Berliner Straße", "Honschaftsstraße"], "Höhenhaus"),
        _s("holweide", 50.9700, 7.0450, "51067", ["Bergisch Gladbacher Straße", "Burgwiesenstraße"], "Holweide Vischeringstraße"),
        _s("dellbrueck", 50.9750, 7.0795, "51069", ["Dellbrücker Hauptstraße", "Bergisch Gladbacher Straße"], "Dellbrück Hauptstraße"),
        _s("duennwald", 51.0000, 7.0350, "51069", ["Berliner Straße", "Von-Diergardt-Straße"], "Dünnwald Waldbad"),
        _s("stammheim", 50.9880, 6.9925, "51061", ["Stammheimer Ring", "Bonhoefferstraße"], "Stammheim S-Bahn"),
    ]
}
