/* Well-known names the article does not mention: countries, cities,
 * groups and leaders, recognised in lower case too, so that "did
 * medvedev call the taliban an ally?" is read as naming someone else
 * rather than as an unknown word. */
#include "bot/knowledge/names.h"

#include <stdlib.h>
#include <string.h>

/* Sorted for bsearch; lower case. Words that are also ordinary English
 * ("chad", "turkey", "jordan") are left out. */
static const char *const names[] = {
    "akhundzada", "albania",     "algeria",
    "almaty",     "andorra",     "andropov",
    "angola",     "ankara",      "argentina",
    "armenia",    "asean",       "ashgabat",
    "assad",      "astana",      "australia",
    "austria",    "azerbaijan",  "baghdad",
    "bahrain",    "baku",        "bangladesh",
    "baradar",    "beijing",     "belarus",
    "belgium",    "benin",       "berdimuhamedov",
    "berlin",     "bhutan",      "biden",
    "bishkek",    "blinken",     "bolivia",
    "bosnia",     "botswana",    "brazil",
    "brezhnev",   "brics",       "britain",
    "brunei",     "brussels",    "bulgaria",
    "burkina",    "burma",       "burundi",
    "cairo",      "cambodia",    "cameroon",
    "canada",     "chechnya",    "chile",
    "china",      "clinton",     "colombia",
    "congo",      "crimea",      "croatia",
    "csto",       "cuba",        "cyprus",
    "czech",      "czechia",     "daesh",
    "damascus",   "delhi",       "denmark",
    "djibouti",   "doha",        "dostum",
    "dubai",      "dushanbe",    "ecuador",
    "egypt",      "emirates",    "england",
    "erdogan",    "eritrea",     "estonia",
    "eswatini",   "ethiopia",    "fiji",
    "finland",    "france",      "gabon",
    "gambia",     "gaza",        "geneva",
    "germany",    "ghana",       "ghani",
    "gorbachev",  "greece",      "guatemala",
    "guterres",   "guyana",      "haiti",
    "hamas",      "haqqani",     "helmand",
    "herat",      "hezbollah",   "holland",
    "honduras",   "houthi",      "houthis",
    "hungary",    "iceland",     "imran",
    "india",      "indonesia",   "iran",
    "iraq",       "ireland",     "isis",
    "islamabad",  "israel",      "istanbul",
    "italy",      "jalalabad",   "jamaica",
    "japan",      "jerusalem",   "jinping",
    "kadyrov",    "kandahar",    "karachi",
    "karzai",     "kashmir",     "kazan",
    "kenya",      "khalilzad",   "khamenei",
    "kiev",       "kosovo",      "kuwait",
    "kyiv",       "kyrgyz",      "kyrgyzstan",
    "lahore",     "lanka",       "laos",
    "latvia",     "lavrov",      "lebanon",
    "lenin",      "leningrad",   "lesotho",
    "liberia",    "libya",       "liechtenstein",
    "lithuania",  "london",      "lukashenko",
    "luxembourg", "macron",      "madagascar",
    "madrid",     "malawi",      "malaysia",
    "maldives",   "massoud",     "mauritania",
    "mauritius",  "mazar",       "medvedev",
    "merkel",     "mexico",      "minsk",
    "mirziyoyev", "modi",        "moldova",
    "monaco",     "mongolia",    "montenegro",
    "morocco",    "mozambique",  "mujahid",
    "mujahideen", "muttaqi",     "myanmar",
    "namibia",    "nato",        "navalny",
    "nazarbayev", "nebenzya",    "nepal",
    "netanyahu",  "netherlands", "nicaragua",
    "nigeria",    "norway",      "novosibirsk",
    "obama",      "oman",        "opec",
    "pakistan",   "palestine",   "panama",
    "paraguay",   "paris",       "peru",
    "peshawar",   "peskov",      "petersburg",
    "pezeshkian", "philippines", "poland",
    "pompeo",     "portugal",    "qaeda",
    "qatar",      "rahmon",      "raisi",
    "riyadh",     "romania",     "rome",
    "rouhani",    "rubio",       "rwanda",
    "samoa",      "saudi",       "scholz",
    "sco",        "scotland",    "senegal",
    "serbia",     "seychelles",  "shoigu",
    "singapore",  "slovakia",    "slovenia",
    "sochi",      "somalia",     "spain",
    "stalin",     "stalingrad",  "starmer",
    "sudan",      "sunak",       "suriname",
    "sweden",     "switzerland", "syria",
    "taiwan",     "tajikistan",  "tanzania",
    "tashkent",   "tbilisi",     "tehran",
    "thailand",   "tibet",       "togo",
    "tokayev",    "tokyo",       "tonga",
    "tunisia",    "turkiye",     "turkmenistan",
    "uganda",     "ukraine",     "uruguay",
    "uzbekistan", "vance",       "venezuela",
    "vienna",     "vietnam",     "vladivostok",
    "volgograd",  "wagner",      "warsaw",
    "washington", "xi",          "xinjiang",
    "yeltsin",    "yemen",       "yerevan",
    "zakharova",  "zambia",      "zawahiri",
    "zelensky",   "zelenskyy",   "zimbabwe",
};

static int
cmp(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

int
bot_names_is_known(const char *word)
{
    return bsearch(word, names, sizeof(names) / sizeof(names[0]),
                   sizeof(names[0]), cmp) != NULL;
}
