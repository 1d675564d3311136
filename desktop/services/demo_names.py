"""Word pools for the synthetic demo data: names, places, fictitious authorities, texts.

Every person in a demo vault is an invented combination of common first and family names; no
combination is meant to denote a real person. The authorities are invented towns
("Musterstadt", "Beispielkreis"). Names keep their Latin-extended spelling (Turkish, Balkan,
Polish, Romanian, Vietnamese, …) so that search, sorting and letters meet real diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """A group of names that go together, with the nationalities (ISO codes) they come with."""

    weight: int
    family: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    nationalities: tuple[tuple[str, int], ...]
    places: tuple[str, ...]


ORIGINS: tuple[Origin, ...] = (
    Origin(
        18,
        ("Şahin", "Yılmaz", "Öztürk", "Demir", "Çelik", "Kaya", "Aydın", "Arslan", "Doğan",
         "Koç", "Kılıç", "Yıldız", "Özdemir", "Güneş", "Karataş", "Korkmaz", "Çakır", "Şimşek",
         "Aksoy", "Akgül", "Ertuğrul", "Bozkurt", "Taş", "Uçar"),
        ("Mehmet", "Mustafa", "Ahmet", "Hüseyin", "Hasan", "İbrahim", "Emre", "Burak", "Serkan",
         "Oğuz", "Uğur", "Çağlar", "Yusuf", "Murat", "Zana"),
        ("Ayşe", "Fatma", "Zeynep", "Elif", "Gülşen", "Özlem", "Şule", "Büşra", "Rojda"),
        (("TR", 10),),
        ("İzmir", "Ankara", "Gaziantep", "Diyarbakır", "Trabzon", "Kayseri", "Şanlıurfa"),
    ),
    Origin(
        16,
        ("Kovačević", "Ćosić", "Đorđević", "Jovanović", "Petrović", "Nikolić", "Marković",
         "Hadžić", "Begović", "Mehmedović", "Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala",
         "Bajrami", "Ramadani", "Stojanović", "Popović", "Šarić", "Mušić", "Delić", "Ajeti",
         "Rexhepi"),
        ("Dragan", "Nikola", "Miloš", "Željko", "Emir", "Edin", "Armin", "Besnik", "Arben",
         "Dževad", "Đorđe", "Luka", "Ilir", "Senad"),
        ("Jelena", "Ivana", "Mirjana", "Amra", "Lejla", "Vjosa", "Drita", "Šejla", "Albana"),
        (("RS", 4), ("XK", 4), ("BA", 3), ("MK", 2), ("AL", 3), ("ME", 1)),
        ("Priština", "Niš", "Tuzla", "Skopje", "Prizren", "Tirana", "Bihać", "Novi Pazar"),
    ),
    Origin(
        20,
        ("Haddad", "Al-Hassan", "Khalil", "Mansour", "Saleh", "Nasser", "Abdallah", "El Amrani",
         "Benali", "Belkacem", "Chaouki", "Ouahbi", "Zahraoui", "Haddouchi", "Al-Khatib",
         "Darwish", "Hamdan", "Qasim", "Al-Jaber", "Bensalah", "Mahmoud", "Ibrahim"),
        ("Mohammed", "Muhammad", "Mohamed", "Ahmad", "Youssef", "Yusuf", "Omar", "Khaled",
         "Ali", "Karim", "Samir", "Bilal", "Hamza", "Rachid", "Tarek", "Walid"),
        ("Fatima", "Aisha", "Mariam", "Leila", "Nour", "Rania", "Salma", "Amal", "Samira"),
        (("SY", 5), ("IQ", 4), ("MA", 4), ("DZ", 4), ("TN", 3), ("LB", 2), ("EG", 2),
         ("LY", 1), ("JO", 1), ("PS", 1)),
        ("Aleppo", "Homs", "Mossul", "Erbil", "Casablanca", "Oran", "Sfax", "Tanger", "Beirut"),
    ),
    Origin(
        14,
        ("Ahmadi", "Hosseini", "Rahimi", "Karimi", "Mohammadi", "Sultani", "Popal", "Nazari",
         "Rezaei", "Jafari", "Qureshi", "Khan", "Chaudhry", "Noori", "Sadat", "Wardak"),
        ("Ahmad", "Farid", "Jawad", "Mustafa", "Reza", "Ali", "Hamid", "Wahid", "Imran",
         "Bilal", "Mohammad", "Navid", "Sohail"),
        ("Farzana", "Maryam", "Zahra", "Parwin", "Shabnam", "Ayesha", "Nargis"),
        (("AF", 8), ("IR", 3), ("PK", 3)),
        ("Kabul", "Herat", "Kandahar", "Masar-e Scharif", "Teheran", "Lahore", "Peschawar"),
    ),
    Origin(
        14,
        ("Okafor", "Diallo", "Bah", "Barry", "Camara", "Touré", "Traoré", "Koné", "Ndiaye",
         "Diop", "Mensah", "Asante", "Adeyemi", "Okonkwo", "Eze", "Tesfaye", "Haile", "Abdi",
         "Warsame", "Tekle", "Sow", "Sesay"),
        ("Mamadou", "Ibrahima", "Abdoulaye", "Chinedu", "Emeka", "Kwame", "Kofi", "Ousmane",
         "Moussa", "Amadou", "Yonas", "Dawit", "Alhassane", "Lamin"),
        ("Aminata", "Fatoumata", "Adaeze", "Ngozi", "Akosua", "Mariama", "Hiwet", "Fadumo"),
        (("NG", 4), ("GN", 4), ("GM", 2), ("SN", 2), ("GH", 2), ("CI", 2), ("ML", 1),
         ("CM", 1), ("ER", 2), ("SO", 2), ("ET", 1), ("SL", 1)),
        ("Lagos", "Conakry", "Banjul", "Dakar", "Accra", "Abidjan", "Asmara", "Mogadischu"),
    ),
    Origin(
        9,
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Łukaszewicz", "Popescu", "Ionescu",
         "Constantinescu", "Țăranu", "Munteanu", "Dumitrașcu", "Beridze", "Kapanadze",
         "Gelashvili", "Petrov", "Ivanov", "Kovalenko", "Bondarenko"),
        ("Łukasz", "Paweł", "Grzegorz", "Ștefan", "Mihai", "Andrei", "Ionuț", "Giorgi",
         "Levan", "Dmitri", "Oleksandr", "Sergej"),
        ("Małgorzata", "Agnieszka", "Ioana", "Elena", "Andreea", "Nino", "Tamar", "Olena"),
        (("PL", 2), ("RO", 3), ("MD", 2), ("GE", 4), ("RU", 2), ("UA", 1), ("BY", 1)),
        ("Tiflis", "Kutaissi", "Chișinău", "Iași", "Constanța", "Łódź", "Kraków"),
    ),
    Origin(
        5,
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"),
        ("Văn Minh", "Đức Anh", "Quốc Bảo", "Hữu Phúc", "Thành Long"),
        ("Thị Hương", "Thị Lan", "Ngọc Ánh", "Thu Trang"),
        (("VN", 1),),
        ("Hà Nội", "Hải Phòng", "Vinh", "Nghệ An"),
    ),
    Origin(
        4,
        ("Müller", "Weiß", "Schäfer", "Becker", "Jørgensen", "Sørensen", "Fernández", "Muñoz",
         "Gonçalves", "Pérez", "Rodríguez"),
        ("Viktor", "Aleksandr", "Jesús", "Andrés", "Ángel", "José", "Søren"),
        ("Irina", "Jelena", "María", "Inés", "Åsa"),
        (("KZ", 3), ("RU", 2), ("CO", 2), ("VE", 2), ("CU", 1), ("PE", 1)),
        ("Karaganda", "Omsk", "Bogotá", "Caracas", "La Habana", "Lima"),
    ),
)

# Spellings of the same given name, as they turn up in Aliaspersonalien.
GIVEN_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Mohammad", "Mehmet"),
    ("Yusuf", "Youssef", "Jussuf", "Yousef"),
    ("Ahmad", "Ahmed", "Ahmet"),
    ("Hüseyin", "Hussein", "Husein"),
    ("İbrahim", "Ibrahim", "Ebrahim"),
    ("Omar", "Umar", "Ömer"),
    ("Khaled", "Khalid", "Halid"),
    ("Aleksandr", "Alexander", "Oleksandr"),
    ("Giorgi", "Georgi", "George"),
    ("Mamadou", "Mamadu", "Mohamadou"),
    ("Ștefan", "Stefan", "Stephan"),
    ("Łukasz", "Lukasz", "Lukas"),
    ("Fatima", "Fatma", "Fatime"),
    ("Aisha", "Ayşe", "Aischa"),
    ("Maryam", "Mariam", "Meryem"),
    ("Reza", "Resa", "Riza"),
    ("Đorđe", "Djordje", "Georg"),
)

# Fictitious places for the invented authorities.
TOWN_STEMS = ("Muster", "Beispiel", "Probe", "Modell", "Vorlage", "Platzhalt", "Exempel",
              "Demo")
TOWN_ENDINGS = ("stadt", "hausen", "heim", "dorf", "burg", "feld", "bach", "born")
TOWN_PARTS = ("", "-Nord", "-Süd", "-Ost", "-West")

# Addresses and contact persons of the invented authorities. Phone numbers come from the block
# the Bundesnetzagentur keeps free for fiction (0221 4710-000 … -999); e-mail domains end in
# ``.example`` (RFC 2606); the people are invented.
STREETS = ("Musterstraße", "Beispielweg", "Am Probeplatz", "Vorlagenallee", "Exempelring",
           "Platzhalterstraße", "Modellweg", "Demostraße")
POSTCODE_PREFIXES = {"ARN": ("57", "58", "59"), "DET": ("32", "33"),
                     "DUS": ("40", "41", "42", "47"), "KLN": ("50", "51", "52", "53"),
                     "MST": ("45", "46", "48")}
FICTION_PHONE = "0221 4710-"
CONTACT_GIVEN = ("Anna", "Thomas", "Sabine", "Michael", "Julia", "Stefan", "Katrin", "Markus",
                 "Claudia", "Andreas", "Nicole", "Jan", "Petra", "Frank", "Sandra", "Jörg",
                 "Özlem", "Dragan", "Agnieszka", "Sören")
CONTACT_FAMILY = ("Beispiel", "Muster", "Probe", "Exempel", "Vorlage", "Platzhalter",
                  "Modell", "Musterfrau", "Mustermann", "Beispielmann", "Probst-Beispiel",
                  "Übungsfeld")
CONTACT_FUNCTIONS = {
    "abh": ("Sachgebietsleitung Rückführung", "Sachbearbeitung Aufenthaltsbeendigung",
            "Sachbearbeitung Passersatz", "Amtsleitung"),
    "jva": ("Sozialdienst", "Vollzugsgeschäftsstelle", "Abteilungsleitung"),
    "sta": ("Dezernent/in § 456a StPO", "Rechtspflege Vollstreckung", "Geschäftsstelle"),
    "police": ("Kriminalkommissariat Ausländerkriminalität", "Fahndung", "Dezernat 20"),
}

MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Passersatzbeschaffung", ("abh", "zab")),
    ("Botschaftsvorführung", ("zab", "abh")),
    ("Ausweisung prüfen", ("abh",)),
    ("Abschiebungshaft beantragen", ("abh", "zab")),
    ("Rückführung buchen", ("zab", "police")),
    ("Rückkehrberatung", ("rrk", "other")),
    ("Identität klären", ("abh", "rrk")),
    ("Sachstandsanfrage an die Ausländerbehörde", ("rrk",)),
    ("Stellungnahme zu § 456a StPO anfordern", ("justice", "rrk")),
    ("Fallkonferenz vorbereiten", ("rrk",)),
    ("Aufenthaltsermittlung", ("police",)),
    ("AZR-Datenbestand prüfen", ("rrk", "abh")),
)

MEASURE_RESULTS = ("Erledigt, siehe Vermerk.", "Passersatzpapier liegt vor.",
                   "Termin wahrgenommen.", "Antrag gestellt.", "Rückmeldung der ABH liegt vor.",
                   "Ohne Ergebnis; neue Maßnahme geplant.")

REMINDERS: tuple[tuple[str, str], ...] = (
    ("follow_up", "Wiedervorlage Sachstand"),
    ("follow_up", "Wiedervorlage Rückmeldung der ABH"),
    ("deadline", "Frist zur Stellungnahme"),
    ("deadline", "Ablauf der Duldung"),
    ("appointment", "Termin Botschaftsvorführung"),
    ("appointment", "Fallkonferenz"),
)

JOURNAL: dict[str, tuple[tuple[str, str], ...]] = {
    "note": (
        ("Aktenvermerk", "Akte gesichtet. Nächste Schritte mit der {abh} abgestimmt."),
        ("Aktenvermerk", "Auszug aus dem AZR eingesehen; Personalien stimmen überein."),
        ("Vermerk zur Identität", "Angaben zur Identität weichen ab; Aliaspersonalie erfasst."),
        ("Vermerk", "Hinweis der Unterkunft eingegangen; Sachverhalt wird geprüft."),
    ),
    "call": (
        ("Telefonat mit der {abh}", "Sachstand erfragt; Rückruf bis Ende der Woche zugesagt."),
        ("Telefonat mit der {abh}", "Passersatzverfahren läuft; Vorführung wird terminiert."),
        ("Telefonat mit der Polizei", "Aufenthalt bestätigt; keine neuen Erkenntnisse."),
        ("Telefonat mit der JVA", "Voraussichtlicher Entlassungstermin mitgeteilt."),
    ),
    "email": (
        ("E-Mail an die {abh}", "Bitte um Mitteilung des Sachstands bis zur Wiedervorlage."),
        ("E-Mail der {abh}", "Unterlagen zur Identitätsklärung übersandt."),
        ("E-Mail an die ZAB", "Bitte um Aufnahme in die nächste Sammelvorführung."),
    ),
}

SUMMARY = ("DEMODATEN – fiktiver Fall zum Ausprobieren; die Person existiert nicht. "
           "{track}, Eingang über {source}.")

INTAKE_PREFIX = {
    "police_report": "DEMO-PP-",
    "press_report": "DEMO-PRESSE-",
    "abh_submission": "DEMO-ABH-",
    "facility_report": "DEMO-UNT-",
    "proactive": "DEMO-RRK-",
}

# --- residence law: Duldungen, obstacles, external file numbers, documents, languages ---
# Reasons by Duldung type (DuldungType values).
DULDUNG_REASONS = {
    "60a_1": ("Abschiebungsstopp des Landes (Wintererlass).",),
    "60a_2_1": ("Passlosigkeit; Passersatzpapier beantragt.",
                "Identität ungeklärt; Vorsprache bei der Botschaft steht aus.",
                "Reiseunfähigkeit laut ärztlichem Attest.",
                "Keine Flugverbindung in das Herkunftsland."),
    "60a_2_3": ("Abschluss des Schuljahres der Kinder.",
                "Pflege eines schwer erkrankten Angehörigen.",
                "Laufende medizinische Behandlung."),
    "60a_2a": ("Zurückweisung durch den Zielstaat gescheitert.",),
    "60a_2b": ("Elternteil eines Minderjährigen mit Aufenthaltserlaubnis nach § 25a.",),
    "60b": ("Mitwirkung an der Passbeschaffung unzureichend.",
            "Identitätstäuschung; Duldung für Personen mit ungeklärter Identität."),
    "60c": ("Berufsausbildung zur Fachkraft für Lagerlogistik (erfunden).",
            "Ausbildung zum Pflegefachhelfer (erfunden)."),
    "60d": ("Sozialversicherungspflichtige Beschäftigung seit über 12 Monaten.",),
}

# Descriptions by obstacle kind (ObstacleKind values); "other" always has one.
OBSTACLE_TEXTS = {
    "passport": ("Kein Pass; Passersatzpapier bei der Botschaft beantragt.",
                 "Pass abgelaufen; Verlängerung wird verweigert."),
    "medical": ("Attest über Reiseunfähigkeit liegt vor.",
                "Stationäre Behandlung; Entlassung offen."),
    "family": ("Ehefrau schwanger (Mutterschutzfrist).",
               "Minderjährige Kinder mit Aufenthaltserlaubnis."),
    "asylum_follow_up": ("Asylfolgeantrag beim BAMF gestellt.",),
    "court": ("Eilverfahren beim Verwaltungsgericht anhängig.",
              "Klage gegen die Abschiebungsandrohung anhängig."),
    "custody": ("Untersuchungshaft; Zustimmung der StA erforderlich.",
                "Strafhaft; Abschiebung aus der Haft geplant."),
    "whereabouts_unknown": ("Unbekannt verzogen; zur Aufenthaltsermittlung ausgeschrieben.",),
    "other": ("Zielstaat nimmt derzeit nicht zurück.",
              "Vorsprache bei der Botschaft mehrfach verschoben."),
}

# Languages as a caseworker writes them, by the first nationality of the name group.
LANGUAGES = {
    "TR": ("tr, de", "tr, ku", "tr", "ku, tr"),
    "RS": ("sr, de", "sq, sr", "bs", "mk, sq", "sq, de"),
    "SY": ("ar, fr", "ar", "ar, en", "ar, ku"),
    "AF": ("fa, ps", "prs, ps", "ur, en", "fa"),
    "NG": ("en, fr", "fr, wo", "en", "fr, ff"),
    "PL": ("ro, ru", "ru, ka", "pl, de", "ru, uk"),
    "VN": ("vi", "vi, en"),
    "KZ": ("ru, kk", "es", "es, en"),
}
ACCOMMODATIONS = ("Landesaufnahmeeinrichtung", "Zentrale Unterbringungseinrichtung",
                  "Kommunale Gemeinschaftsunterkunft")
