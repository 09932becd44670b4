"""General-purpose word lists: international bodies, titles, group nouns.

World knowledge shared by the actor, statement and event rules.
"""

from __future__ import annotations

# canonical name -> (kind, aliases). Aliases are matched case-sensitively for
# acronyms and case-insensitively otherwise.
BODIES = {
    "United Nations": ("igo", ["UN", "U.N.", "United Nations"]),
    "UNHCR": (
        "igo",
        [
            "UNHCR",
            "UN refugee agency",
            "U.N. refugee agency",
            "United Nations refugee agency",
            "UN High Commissioner for Refugees",
            "United Nations High Commissioner for Refugees",
            "Office of the United Nations High Commissioner for Refugees",
        ],
    ),
    "International Organization for Migration": (
        "igo",
        [
            "IOM",
            "International Organization for Migration",
            "International Organisation for Migration",
            "UN migration agency",
            "U.N. migration agency",
            "United Nations migration agency",
        ],
    ),
    "European Union": ("igo", ["EU", "E.U.", "European Union"]),
    "European Commission": ("igo", ["European Commission", "EU Commission"]),
    "European Parliament": ("igo", ["European Parliament"]),
    "Council of Europe": ("igo", ["Council of Europe"]),
    "Frontex": ("igo", ["Frontex", "European Border and Coast Guard Agency"]),
    "African Union": ("igo", ["African Union", "AU"]),
    "UNICEF": ("igo", ["UNICEF", "Unicef"]),
    "World Bank": ("igo", ["World Bank"]),
    "International Monetary Fund": ("igo", ["International Monetary Fund", "IMF"]),
    "NATO": ("igo", ["NATO", "Nato"]),
    "ECOWAS": ("igo", ["ECOWAS", "Ecowas"]),
    "World Food Programme": ("igo", ["World Food Programme", "WFP"]),
    "UN Human Rights Office": ("igo", ["UN human rights office", "OHCHR", "UN Human Rights Council"]),
    "Amnesty International": ("ngo", ["Amnesty International", "Amnesty"]),
    "Human Rights Watch": ("ngo", ["Human Rights Watch", "HRW"]),
    "Red Cross": ("ngo", ["Red Cross", "ICRC", "International Committee of the Red Cross", "Red Crescent"]),
    "Médecins Sans Frontières": (
        "ngo",
        ["Médecins Sans Frontières", "Medecins Sans Frontieres", "Doctors Without Borders", "MSF"],
    ),
    "International Rescue Committee": ("ngo", ["International Rescue Committee", "IRC"]),
    "Save the Children": ("ngo", ["Save the Children"]),
    "Oxfam": ("ngo", ["Oxfam"]),
    "Refugee Council": ("ngo", ["Refugee Council"]),
    "American Civil Liberties Union": ("ngo", ["ACLU", "American Civil Liberties Union"]),
    "European Court of Human Rights": (
        "court",
        ["European Court of Human Rights", "ECHR", "ECtHR", "Strasbourg court"],
    ),
    "Court of Justice of the European Union": (
        "court",
        ["Court of Justice of the European Union", "CJEU", "European Court of Justice", "ECJ"],
    ),
    "International Court of Justice": ("court", ["International Court of Justice", "ICJ"]),
    "International Criminal Court": ("court", ["International Criminal Court", "ICC"]),
}

# National bodies that migration news names by a fixed name or acronym:
# canonical name -> (kind, ISO3, aliases). Matched like BODIES.
NATIONAL_BODIES = {
    "US Immigration and Customs Enforcement": (
        "government_body",
        "USA",
        ["Immigration and Customs Enforcement", "ICE", "U.S. Immigration and Customs Enforcement"],
    ),
    "US Customs and Border Protection": ("government_body", "USA", ["Customs and Border Protection", "CBP"]),
    "Department of Homeland Security": (
        "government_body",
        "USA",
        ["Department of Homeland Security", "Homeland Security Department", "DHS"],
    ),
    "US Citizenship and Immigration Services": (
        "government_body",
        "USA",
        ["Citizenship and Immigration Services", "USCIS"],
    ),
    "State Department": (
        "government_body",
        "USA",
        ["State Department", "US State Department", "Department of State"],
    ),
    "Home Office": ("government_body", "GBR", ["Home Office"]),
    "Hellenic Coast Guard": (
        "government_body",
        "GRC",
        ["Hellenic Coast Guard", "Greek coastguard", "Greek coast guard"],
    ),
    "Hellenic Parliament": ("government_body", "GRC", ["Hellenic Parliament", "Greek parliament"]),
    "White House": ("government_body", "USA", ["White House"]),
    "National Guard": ("government_body", "USA", ["National Guard"]),
}

# 'the UN agency' after one of these is named: it is that agency, not the UN
UN_AGENCIES = {
    "UNHCR",
    "International Organization for Migration",
    "UNICEF",
    "World Food Programme",
    "UN Human Rights Office",
}

# fmt: off
GOV_BODY_HEADS = {
    'administration', 'agency', 'bureau', 'commission', 'department', 'directorate', 'force', 'guard',
    'inspectorate', 'ministry', 'office', 'police', 'secretariat', 'service',
}
# fmt: on
# fmt: off
COURT_HEADS = {
    'court', 'tribunal',
}
# fmt: on
# fmt: off
COURT_COLLECTIVES = {
    'bench', 'court', 'judge', 'judges', 'justices', 'tribunal',
}
# fmt: on
# fmt: off
GENERIC_STATE = {
    'authorities', 'authority', 'cabinet', 'coalition', 'executive', 'government', 'junta', 'kingdom',
    'officials', 'regime', 'republic', 'state',
}
# fmt: on
# fmt: off
ANONYMOUS_HEADS = {
    'aide', 'diplomat', 'diplomats', 'minister', 'official', 'officials', 'representative', 'source',
    'sources', 'spokesman', 'spokesperson', 'spokeswoman',
}
# fmt: on

# Heads of plural or collective noun phrases that make an unnamed group actor.
# fmt: off
GROUP_HEADS = {
    'activist', 'advocate', 'afghans', 'agency', 'association', 'asylum-seeker', 'body', 'campaigner',
    'charity', 'child', 'citizen', 'cohort', 'community', 'country', 'critic', 'demonstrator', 'deportee',
    'detainee',
    'donor', 'family', 'foreigner', 'government', 'group', 'holder', 'immigrant', 'lawmaker', 'lawyer',
    'legislator', 'man', 'migrant', 'mp', 'nation', 'national', 'ngo', 'ngos', 'opponent', 'organisation',
    'organization', 'parties', 'partner', 'party', 'people', 'person', 'protester', 'protestor', 'refugee',
    'resident', 'seeker', 'senator', 'society', 'state', 'supporter', 'union', 'volunteer', 'woman',
    'worker',
}
# fmt: on

# fmt: off
ORG_SUFFIX_KIND = {
    'party': 'organization', 'movement': 'organization', 'alliance': 'ngo', 'association': 'organization',
    'foundation': 'ngo', 'council': 'organization', 'union': 'organization', 'network': 'ngo',
    'coalition': 'organization', 'institute': 'organization', 'centre': 'organization',
    'center': 'organization', 'watch': 'ngo', 'front': 'organization',
}
# fmt: on

# fmt: off
TITLE_WORDS = {
    'acting', 'adviser', 'advisor', 'affairs', 'ambassador', 'and', 'assistant', 'asylum', 'attorney',
    'attorney-general', 'border', 'caretaker', 'chair', 'chairman', 'chairwoman', 'chancellor', 'chief',
    'citizenship', 'commissioner', 'congressman', 'congresswoman', 'cooperation', 'coordinator',
    'councillor', 'counsellor', 'court', 'crown', 'czar', 'dame', 'defence', 'defense', 'deputy',
    'development', 'director', 'district', 'economy', 'education', 'emir', 'emperor', 'environment',
    'envoy', 'european', 'executive', 'federal', 'finance', 'for', 'foreign', 'former', 'general',
    'government', 'governor', 'head', 'health', 'high', 'high-commissioner', 'home', 'homeland',
    'immigration', 'integration', 'interim', 'interior', 'internal', 'international', 'judge', 'justice',
    'king', 'labor', 'labour', 'lawmaker', 'lawyer', 'leader', 'lord', 'mayor', 'mep', 'migrant',
    'migration', 'minister', 'mp', 'negotiator', 'of', 'officer', 'ombudsman', 'opposition', 'pope',
    'premier', 'president', 'prime', 'prince', 'prosecutor', 'queen', 'rapporteur', 'refugee', 'refugees',
    'representative', 'returns', 'secretary', 'security', 'senator', 'senior', 'sheikh', 'sir', 'speaker',
    'special', 'spokesman', 'spokesperson', 'spokeswoman', 'state', 'sultan', 'supreme', 'tsar',
    'under-secretary', 'undersecretary', 'vice',
}
# fmt: on
# fmt: off
HONORIFICS = {
    'dr', 'dr.', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'prof', 'prof.',
}
# fmt: on

# News media: cited as the channel of a report ('told Reuters') they are not
# actors (ANNOTATION.md, "Which actors to record"). Folded, lower case.
# fmt: off
NEWS_MEDIA = {
    'reuters', 'afp', 'agence france-presse', 'agence france presse', 'ap', 'associated press',
    'the associated press', 'bbc', 'bbc news', 'cnn', 'al jazeera', 'bloomberg', 'dpa', 'efe', 'ansa',
    'xinhua', 'anadolu', 'anadolu agency', 'kyodo', 'tass', 'ria novosti', 'pti', 'ani', 'ians',
    'the guardian', 'guardian', 'the new york times', 'new york times', 'the washington post',
    'washington post', 'the times', 'the telegraph', 'sky news', 'politico', 'axios', 'cbs', 'cbs news',
    'nbc', 'nbc news', 'abc', 'abc news', 'fox news', 'npr', 'pbs', 'france 24', 'dw', 'deutsche welle',
    'euronews', 'the independent', 'daily mail', 'the wall street journal', 'wall street journal',
    'financial times', 'the financial times', 'the economist', 'voa', 'voice of america', 'rfi',
    'the hill', 'newsweek', 'time', 'vice', 'msnbc', 'telemundo', 'univision', 'infomigrants',
    'the new humanitarian', 'semafor', 'the atlantic', 'usa today', 'los angeles times',
    'aap', 'australian associated press', 'pa', 'pa media', 'press association', 'ips', 'upi', 'apa',
    'bernama', 'antara', 'yonhap', 'ekathimerini', 'ekathimerini.com',
}
# fmt: on
# Lines that credit rather than report: bylines, photo credits, captions.
CREDIT_LINE_PREFIXES = ("by ", "photo", "image", "credit", "file photo", "picture", "source:", "read more")
# Words just before a name that make it a credit, not a part in the story.
CREDIT_CUES = ("reporting by", "editing by", "writing by", "photo:", "photo by", "photograph:", "credit:")

# Nouns whose "in <country>" names a scene, not a party: "the conflict in Sudan",
# "violence in eastern Congo", "US forces in Afghanistan".
SCENE_NOUNS = frozenset(
    [
        "conflict",
        "war",
        "violence",
        "unrest",
        "fighting",
        "crisis",
        "famine",
        "drought",
        "insecurity",
        "forces",
        "troops",
        "cities",
        "city",
        "towns",
        "border",
        "coast",
        "region",
    ]
)
# Verbs whose "in <country>" is where someone lives or travels: "who lives in Ecuador".
SCENE_VERBS = frozenset(
    ["live", "reside", "stay", "travel", "visit", "holiday", "vacation", "retire", "settle", "work"]
)
# Words of a sentence that make a list of countries a list of parties (people sent there or
# taken from there, deals made with them) rather than a list of where arrivals came from.
LIST_PARTY_CUES = (
    "deport",
    "return",
    "repatriat",
    "resettl",
    "remov",
    "expel",
    "sent back",
    "send ",
    "flight",
    "agreement",
    "deal",
    "accord",
    "pact",
    "third countr",
    "take back",
    "readmi",
    "refus",
)

# peoples that are not a country's demonym: 'deported 40 Uyghurs', 'Hazara families'
# fmt: off
ETHNONYMS = {
    'afrikaner', 'amhara', 'baloch', 'hazara', 'kurd', 'oromo', 'pashtun', 'roma', 'tamil', 'tigrayan',
    'uighur', 'uyghur', 'yazidi',
}
# fmt: on
