"""Country names, short forms, demonyms and capitals -> ISO 3166-1 alpha-3.

Built from pycountry plus hand tables of the forms news writing uses that
ISO does not list ("the US", "Britain", "Rwandan", "Kigali"). This is world
knowledge, not tuned to any article.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Short forms and common names that differ from pycountry's entries.
# fmt: off
EXTRA_NAMES = {
    'US': 'USA', 'U.S.': 'USA', 'U.S.A.': 'USA', 'USA': 'USA', 'America': 'USA', 'United States': 'USA',
    'United States of America': 'USA', 'UK': 'GBR', 'U.K.': 'GBR', 'Britain': 'GBR', 'Great Britain': 'GBR',
    'United Kingdom': 'GBR', 'England': 'GBR', 'Scotland': 'GBR', 'Wales': 'GBR', 'Russia': 'RUS',
    'Iran': 'IRN', 'Syria': 'SYR', 'Venezuela': 'VEN', 'Bolivia': 'BOL', 'Tanzania': 'TZA',
    'Vietnam': 'VNM', 'Laos': 'LAO', 'Moldova': 'MDA', 'South Korea': 'KOR', 'North Korea': 'PRK',
    'Korea': 'KOR', 'Taiwan': 'TWN', 'Czech Republic': 'CZE', 'Czechia': 'CZE', 'Ivory Coast': 'CIV',
    "Cote d'Ivoire": 'CIV', "Côte d'Ivoire": 'CIV', 'Cape Verde': 'CPV', 'Swaziland': 'SWZ',
    'Eswatini': 'SWZ', 'Burma': 'MMR', 'Myanmar': 'MMR', 'Congo': 'COD', 'DR Congo': 'COD', 'DRC': 'COD',
    'Democratic Republic of Congo': 'COD', 'Democratic Republic of the Congo': 'COD',
    'Republic of Congo': 'COG', 'Turkey': 'TUR', 'Türkiye': 'TUR', 'Palestine': 'PSE', 'Gaza': 'PSE',
    'West Bank': 'PSE', 'Kosovo': 'XKX', 'Macedonia': 'MKD', 'North Macedonia': 'MKD', 'Holland': 'NLD',
    'the Netherlands': 'NLD', 'Netherlands': 'NLD', 'Vatican': 'VAT', 'Brunei': 'BRN', 'East Timor': 'TLS',
    'The Gambia': 'GMB', 'Gambia': 'GMB', 'Micronesia': 'FSM', 'St Lucia': 'LCA', 'Saint Lucia': 'LCA',
    'UAE': 'ARE', 'United Arab Emirates': 'ARE', 'Emirates': 'ARE',
}
# fmt: on

# fmt: off
DEMONYMS = {
    'Afghan': 'AFG', 'Albanian': 'ALB', 'Algerian': 'DZA', 'American': 'USA', 'Angolan': 'AGO',
    'Argentine': 'ARG', 'Argentinian': 'ARG', 'Armenian': 'ARM', 'Australian': 'AUS', 'Austrian': 'AUT',
    'Azerbaijani': 'AZE', 'Bahraini': 'BHR', 'Bangladeshi': 'BGD', 'Belarusian': 'BLR', 'Belgian': 'BEL',
    'Beninese': 'BEN', 'Bolivian': 'BOL', 'Bosnian': 'BIH', 'Brazilian': 'BRA', 'British': 'GBR',
    'Bulgarian': 'BGR', 'Burkinabe': 'BFA', 'Burundian': 'BDI', 'Cambodian': 'KHM', 'Cameroonian': 'CMR',
    'Canadian': 'CAN', 'Cape Verdean': 'CPV', 'Chadian': 'TCD', 'Chilean': 'CHL', 'Chinese': 'CHN',
    'Colombian': 'COL', 'Congolese': 'COD', 'Costa Rican': 'CRI', 'Croatian': 'HRV', 'Cuban': 'CUB',
    'Cypriot': 'CYP', 'Czech': 'CZE', 'Danish': 'DNK', 'Djiboutian': 'DJI', 'Dominican': 'DOM',
    'Dutch': 'NLD', 'Ecuadorian': 'ECU', 'Egyptian': 'EGY', 'Salvadoran': 'SLV', 'Eritrean': 'ERI',
    'Estonian': 'EST', 'Ethiopian': 'ETH', 'Emirati': 'ARE', 'Fijian': 'FJI', 'Finnish': 'FIN',
    'French': 'FRA', 'Gabonese': 'GAB', 'Gambian': 'GMB', 'Georgian': 'GEO', 'German': 'DEU',
    'Ghanaian': 'GHA', 'Greek': 'GRC', 'Guatemalan': 'GTM', 'Guinean': 'GIN', 'Haitian': 'HTI',
    'Honduran': 'HND', 'Hungarian': 'HUN', 'Icelandic': 'ISL', 'Indian': 'IND', 'Indonesian': 'IDN',
    'Iranian': 'IRN', 'Iraqi': 'IRQ', 'Irish': 'IRL', 'Israeli': 'ISR', 'Italian': 'ITA', 'Ivorian': 'CIV',
    'Jamaican': 'JAM', 'Japanese': 'JPN', 'Jordanian': 'JOR', 'Kazakh': 'KAZ', 'Kenyan': 'KEN',
    'Kosovar': 'XKX', 'Kuwaiti': 'KWT', 'Kyrgyz': 'KGZ', 'Lao': 'LAO', 'Laotian': 'LAO', 'Latvian': 'LVA',
    'Lebanese': 'LBN', 'Liberian': 'LBR', 'Libyan': 'LBY', 'Lithuanian': 'LTU', 'Luxembourgish': 'LUX',
    'Macedonian': 'MKD', 'Malagasy': 'MDG', 'Malawian': 'MWI', 'Malaysian': 'MYS', 'Malian': 'MLI',
    'Maltese': 'MLT', 'Mauritanian': 'MRT', 'Mexican': 'MEX', 'Moldovan': 'MDA', 'Mongolian': 'MNG',
    'Montenegrin': 'MNE', 'Moroccan': 'MAR', 'Mozambican': 'MOZ', 'Namibian': 'NAM', 'Nauruan': 'NRU',
    'Nepali': 'NPL', 'Nepalese': 'NPL', 'New Zealand': 'NZL', 'Nicaraguan': 'NIC', 'Nigerien': 'NER',
    'Nigerian': 'NGA', 'Norwegian': 'NOR', 'Omani': 'OMN', 'Pakistani': 'PAK', 'Palestinian': 'PSE',
    'Panamanian': 'PAN', 'Papua New Guinean': 'PNG', 'Paraguayan': 'PRY', 'Peruvian': 'PER',
    'Filipino': 'PHL', 'Philippine': 'PHL', 'Polish': 'POL', 'Portuguese': 'PRT', 'Qatari': 'QAT',
    'Romanian': 'ROU', 'Russian': 'RUS', 'Rwandan': 'RWA', 'Saudi': 'SAU', 'Senegalese': 'SEN',
    'Serbian': 'SRB', 'Sierra Leonean': 'SLE', 'Singaporean': 'SGP', 'Slovak': 'SVK', 'Slovenian': 'SVN',
    'Somali': 'SOM', 'South African': 'ZAF', 'South Korean': 'KOR', 'South Sudanese': 'SSD',
    'Spanish': 'ESP', 'Sri Lankan': 'LKA', 'Sudanese': 'SDN', 'Swazi': 'SWZ', 'Swedish': 'SWE',
    'Swiss': 'CHE', 'Syrian': 'SYR', 'Taiwanese': 'TWN', 'Tajik': 'TJK', 'Tanzanian': 'TZA', 'Thai': 'THA',
    'Togolese': 'TGO', 'Tunisian': 'TUN', 'Turkish': 'TUR', 'Turkmen': 'TKM', 'Ugandan': 'UGA',
    'Ukrainian': 'UKR', 'Uruguayan': 'URY', 'Uzbek': 'UZB', 'Venezuelan': 'VEN', 'Vietnamese': 'VNM',
    'Yemeni': 'YEM', 'Zambian': 'ZMB', 'Zimbabwean': 'ZWE', 'Kurdish': None, 'Rohingya': 'MMR',
    'Burmese': 'MMR', 'Bhutanese': 'BTN', 'Gazan': 'PSE', 'Eswatini': 'SWZ',
}
# fmt: on

# Capitals and government seats, used as metonyms for the state ("Kigali said").
# fmt: off
CAPITALS = {
    'Kabul': 'AFG', 'Tirana': 'ALB', 'Algiers': 'DZA', 'Luanda': 'AGO', 'Buenos Aires': 'ARG',
    'Yerevan': 'ARM', 'Canberra': 'AUS', 'Vienna': 'AUT', 'Baku': 'AZE', 'Dhaka': 'BGD', 'Minsk': 'BLR',
    'Sarajevo': 'BIH', 'Brasilia': 'BRA', 'Brasília': 'BRA', 'London': 'GBR', 'Sofia': 'BGR',
    'Phnom Penh': 'KHM', 'Yaounde': 'CMR', 'Yaoundé': 'CMR', 'Ottawa': 'CAN', 'Praia': 'CPV',
    "N'Djamena": 'TCD', 'Santiago': 'CHL', 'Beijing': 'CHN', 'Bogota': 'COL', 'Bogotá': 'COL',
    'Kinshasa': 'COD', 'San Jose': 'CRI', 'Zagreb': 'HRV', 'Havana': 'CUB', 'Nicosia': 'CYP',
    'Prague': 'CZE', 'Copenhagen': 'DNK', 'Djibouti': 'DJI', 'Quito': 'ECU', 'Cairo': 'EGY',
    'San Salvador': 'SLV', 'Asmara': 'ERI', 'Tallinn': 'EST', 'Addis Ababa': 'ETH', 'Helsinki': 'FIN',
    'Paris': 'FRA', 'Tbilisi': 'GEO', 'Berlin': 'DEU', 'Accra': 'GHA', 'Athens': 'GRC',
    'Guatemala City': 'GTM', 'Conakry': 'GIN', 'Port-au-Prince': 'HTI', 'Tegucigalpa': 'HND',
    'Budapest': 'HUN', 'Reykjavik': 'ISL', 'New Delhi': 'IND', 'Delhi': 'IND', 'Jakarta': 'IDN',
    'Tehran': 'IRN', 'Baghdad': 'IRQ', 'Dublin': 'IRL', 'Jerusalem': 'ISR', 'Rome': 'ITA',
    'Kingston': 'JAM', 'Tokyo': 'JPN', 'Amman': 'JOR', 'Astana': 'KAZ', 'Nairobi': 'KEN', 'Pristina': 'XKX',
    'Kuwait City': 'KWT', 'Bishkek': 'KGZ', 'Vientiane': 'LAO', 'Riga': 'LVA', 'Beirut': 'LBN',
    'Monrovia': 'LBR', 'Tripoli': 'LBY', 'Vilnius': 'LTU', 'Skopje': 'MKD', 'Lilongwe': 'MWI',
    'Kuala Lumpur': 'MYS', 'Bamako': 'MLI', 'Valletta': 'MLT', 'Nouakchott': 'MRT', 'Mexico City': 'MEX',
    'Chisinau': 'MDA', 'Chișinău': 'MDA', 'Chişinău': 'MDA', 'Podgorica': 'MNE', 'Rabat': 'MAR',
    'Maputo': 'MOZ', 'Windhoek': 'NAM', 'Kathmandu': 'NPL', 'The Hague': 'NLD', 'Amsterdam': 'NLD',
    'Wellington': 'NZL', 'Managua': 'NIC', 'Niamey': 'NER', 'Abuja': 'NGA', 'Oslo': 'NOR', 'Muscat': 'OMN',
    'Islamabad': 'PAK', 'Panama City': 'PAN', 'Port Moresby': 'PNG', 'Asuncion': 'PRY', 'Lima': 'PER',
    'Manila': 'PHL', 'Warsaw': 'POL', 'Lisbon': 'PRT', 'Doha': 'QAT', 'Bucharest': 'ROU', 'Moscow': 'RUS',
    'Kigali': 'RWA', 'Riyadh': 'SAU', 'Dakar': 'SEN', 'Belgrade': 'SRB', 'Freetown': 'SLE',
    'Bratislava': 'SVK', 'Ljubljana': 'SVN', 'Mogadishu': 'SOM', 'Pretoria': 'ZAF', 'Seoul': 'KOR',
    'Juba': 'SSD', 'Madrid': 'ESP', 'Colombo': 'LKA', 'Khartoum': 'SDN', 'Mbabane': 'SWZ',
    'Stockholm': 'SWE', 'Bern': 'CHE', 'Damascus': 'SYR', 'Taipei': 'TWN', 'Dushanbe': 'TJK',
    'Dodoma': 'TZA', 'Bangkok': 'THA', 'Lome': 'TGO', 'Tunis': 'TUN', 'Ankara': 'TUR', 'Kampala': 'UGA',
    'Kyiv': 'UKR', 'Kiev': 'UKR', 'Montevideo': 'URY', 'Tashkent': 'UZB', 'Caracas': 'VEN', 'Hanoi': 'VNM',
    'Sanaa': 'YEM', 'Lusaka': 'ZMB', 'Harare': 'ZWE', 'Washington': 'USA', 'Whitehall': 'GBR',
    'Downing Street': 'GBR', 'Westminster': 'GBR', "Canberra's": 'AUS', 'Yaren': 'NRU', 'Port Louis': 'MUS',
    'Gaborone': 'BWA', 'Maseru': 'LSO', 'Thimphu': 'BTN', 'Naypyidaw': 'MMR', 'Ulaanbaatar': 'MNG',
    'Ashgabat': 'TKM',
}
# fmt: on

# Seats that stand for an international body rather than a state.
# fmt: off
EU_SEATS = {
    'Brussels',
}
# fmt: on


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return " ".join(s.replace("’", "'").split()).lower()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names[_fold(v)] = c.alpha_3
                names[_fold("the " + v)] = c.alpha_3
    for k, v in EXTRA_NAMES.items():
        names[_fold(k)] = v
        names[_fold("the " + k)] = v
    demonyms = {_fold(k): v for k, v in DEMONYMS.items() if v}
    capitals = {_fold(k): v for k, v in CAPITALS.items()}
    short = {}
    for code in set(names.values()):
        short[code] = _short_name(code)
    return names, demonyms, capitals, short


def _short_name(code: str) -> str:
    special = {
        "USA": "United States",
        "GBR": "United Kingdom",
        "RUS": "Russia",
        "IRN": "Iran",
        "SYR": "Syria",
        "VEN": "Venezuela",
        "BOL": "Bolivia",
        "TZA": "Tanzania",
        "VNM": "Vietnam",
        "LAO": "Laos",
        "MDA": "Moldova",
        "KOR": "South Korea",
        "PRK": "North Korea",
        "TWN": "Taiwan",
        "COD": "Democratic Republic of the Congo",
        "COG": "Congo",
        "CPV": "Cape Verde",
        "CZE": "Czech Republic",
        "TUR": "Turkey",
        "PSE": "Palestine",
        "XKX": "Kosovo",
        "MKD": "North Macedonia",
        "CIV": "Ivory Coast",
        "FSM": "Micronesia",
        "VAT": "Vatican",
        "BRN": "Brunei",
        "NLD": "Netherlands",
    }
    if code in special:
        return special[code]
    c = pycountry.countries.get(alpha_3=code)
    return getattr(c, "common_name", None) or c.name if c else code


def country_code(name: str) -> str | None:
    """ISO3 for a country name or short form ("the US", "Britain"), else None."""
    return _tables()[0].get(_fold(name))


def demonym_code(word: str) -> str | None:
    return _tables()[1].get(_fold(word))


def capital_code(name: str) -> str | None:
    return _tables()[2].get(_fold(name))


def short_name(code: str) -> str:
    return _tables()[3].get(code) or _short_name(code)


def demonym_of(code: str) -> str | None:
    for k, v in DEMONYMS.items():
        if v == code:
            return k
    return None


# Large non-capital cities that often head a dateline.
# fmt: off
CITIES = {
    'Sydney': 'AUS', 'Melbourne': 'AUS', 'Geneva': 'CHE', 'Zurich': 'CHE', 'New York': 'USA',
    'Los Angeles': 'USA', 'San Francisco': 'USA', 'Miami': 'USA', 'Chicago': 'USA', 'Houston': 'USA',
    'Rotterdam': 'NLD', 'Milan': 'ITA', 'Naples': 'ITA', 'Lampedusa': 'ITA', 'Palermo': 'ITA',
    'Calais': 'FRA', 'Marseille': 'FRA', 'Lyon': 'FRA', 'Munich': 'DEU', 'Hamburg': 'DEU',
    'Frankfurt': 'DEU', 'Barcelona': 'ESP', 'Istanbul': 'TUR', 'Karachi': 'PAK', 'Lahore': 'PAK',
    'Peshawar': 'PAK', 'Johannesburg': 'ZAF', 'Cape Town': 'ZAF', 'Lagos': 'NGA', 'Mumbai': 'IND',
    'Dover': 'GBR', 'Manchester': 'GBR', 'Edinburgh': 'GBR', 'Toronto': 'CAN', 'Montreal': 'CAN',
    'Tijuana': 'MEX', 'El Paso': 'USA', 'San Diego': 'USA', 'Sfax': 'TUN', 'Benghazi': 'LBY',
    'Agadez': 'NER', 'Dubai': 'ARE', 'Ciudad Juarez': 'MEX', 'Auckland': 'NZL', 'Brisbane': 'AUS',
    'Perth': 'AUS', 'Darwin': 'AUS', 'Brussels': 'BEL',
    'Manhattan': 'USA', 'Brooklyn': 'USA', 'Boston': 'USA', 'Santa Ana': 'USA', 'Seattle': 'USA',
    'Atlanta': 'USA', 'Dallas': 'USA', 'Phoenix': 'USA', 'Denver': 'USA', 'Philadelphia': 'USA',
    'Newark': 'USA', 'San Antonio': 'USA', 'Amsterdam': 'NLD', 'Schiphol': 'NLD', 'Crete': 'GRC',
    'Lesbos': 'GRC', 'Samos': 'GRC', 'Ceuta': 'ESP', 'Melilla': 'ESP', 'Canary Islands': 'ESP',
    'Sicily': 'ITA', 'Augusta': 'ITA', 'Ancona': 'ITA', 'Torkham': 'PAK', 'Quetta': 'PAK',
    'Chaman': 'PAK', 'Cox\'s Bazar': 'BGD', 'Aceh': 'IDN', 'Medan': 'IDN', 'Adre': 'TCD',
    'Port-au-Prince': 'HTI', 'Dajabon': 'DOM', 'Santo Domingo': 'DOM', 'Darien': 'PAN',
}
# fmt: on


def city_country(place: str) -> str | None:
    return CITIES.get(place)


def dateline_country(text: str) -> str | None:
    """Country of a dateline such as 'NAIROBI, July 16 —' at a paragraph start."""
    m = re.search(r"(?m)^([A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,40})(?:,|\s+\()", text)
    if not m:
        return None
    place = m.group(1).strip().title()
    return capital_code(place) or country_code(place) or city_country(place)
