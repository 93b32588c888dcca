/* The built-in English lexicon: synonym groups for the words people use
 * when they ask about news, number words and generic words, as tables and
 * lookups; lex.c feeds the groups to the lexer. Article-specific synonyms
 * live in the fact table instead.
 *
 * Why by hand: these groups join words by the sense they have in
 * questions about news ("lift" a ban = "suspend" it; "who runs" = "who
 * rules"), which a general thesaurus lists among dozens of unrelated
 * senses (WordNet's synonyms were tried for this and turned declines
 * into wrong answers). What a resource serves comes from it: which words
 * are English is SCOWL's word list (english.c), derivations and irregular forms
 * are WordNet's (wordnet.c), chat shorthand is data (data/shorthand.txt).
 * What stays here has no such resource: the opposites that decide a
 * yes/no, the kinds of thing a "which X" names, chat idioms, and generic
 * words that weigh little. */
#include "bot/knowledge/lexicon.h"

#include <stdlib.h>
#include <string.h>

/* Each line is one concept; its words and phrases are separated by '|'.
 * A word may stand in several lines. */
static const char *const groups[] = {
    "ask|asked|request|requested|file|filed|petition|petitioned|appeal|"
    "application|seek|sought|submit|submitted|call for|demand|motion|bid|"
    "plea|urge|urged|went to|go to|turn to|turned to|approached|want|"
    "wants|wanted|push for|pushed for|lobby|lobbied",
    "suspend|suspended|suspension|lift|lifted|lifting|unban|unbanned|"
    "revoke|revoked|cancel|cancelled|canceled|overturn|repeal|rescind|"
    "annul|scrap|scrapped|end the ban|drop the ban|pause|freeze|decriminalize",
    "discover|discovered|discovery|spot|spotted|uncover|uncovered|unearth|"
    "unearthed|come across|came across|stumble on|stumbled on|find out|"
    "found out|detect|detected|detection|notice|noticed",
    "replace|replaced|replacement|succeed|succeeded|successor|take over|"
    "took over|taken over",
    "resign|resigned|resigns|resignation|quit|quits|step down|stepped "
    "down|steps down|stepping down|step aside|stepped aside|stepping "
    "aside|stand down|stood down",
    /* attacks on computers, as news reports them */
    "hack|hacked|hacking|hacker|hackers|cyberattack|cyber attack|"
    "cyber-attack|ransomware|breach|breached|intrusion|attackers",
    "responsible|responsibility|behind|claimed responsibility|"
    "carried out|perpetrator|perpetrators",
    "sworn in|swearing-in|swearing in|take office|takes office|took "
    "office|taking office|inaugurated|inauguration|assume office|"
    "assumes office|take over|takes over",
    /* contests, as news reports them */
    "win|wins|won|winning|winner|beat|beats|beaten|defeat|defeated|oust|"
    "ousts|ousted|unseat|unseats|unseated|victory|elected",
    /* the courts, as news reports them */
    "convict|convicted|conviction|convictions|found guilty|guilty|"
    "guilty verdict",
    "acquit|acquitted|acquittal|cleared|found not guilty|not guilty|"
    "innocent",
    "sentence|sentenced|sentencing|jail|jailed|prison|imprisoned|"
    "imprisonment|locked up",
    "prosecute|prosecuted|prosecution|prosecutor|prosecutors|charge|"
    "charged|charges|indict|indicted|accuse|accused",
    /* family words as people say them in chat */
    "child|children|kid|kids",
    "grandchild|grandchildren|grandkid|grandkids|grandson|grandsons|"
    "granddaughter|granddaughters",
    "marry|married|marriage|wed|wedded|wedding|get married|got married|"
    "hitched|tie the knot|tied the knot",
    "remove|removed|removal|delist|delisted|delisting|drop|dropped|"
    "take off|took off|taken off|strike off|struck off|exclude|excluded|"
    "erase|erased|strip|stripped|scrub|purge",
    "ban|banned|banning|bans|prohibit|prohibited|prohibition|outlaw|"
    "outlawed|proscribe|proscribed|illegal|forbid|forbidden|blacklist|"
    "blacklisted|blocked|shut out|shuts out|barred|bar|kept out|keeps out",
    "list|lists|listed|listing|register|registry|blacklist|designation|"
    "designate|designated|label|labelled|labeled|classify|classified|"
    "categorize|categorise|include|included|put on|added|add",
    "terrorist|terrorists|terror|terrorism|extremist|extremists|extremism|"
    "terrorist group|terror group|militant|militants",
    "organization|organisation|organizations|organisations|group|groups|"
    "movement|outfit|body|entity|entities",
    "say|said|says|saying|state|stated|statement|describe|described|"
    "description|call|called|calls|declare|declared|announce|announced|"
    "remark|comment|comments|speak|spoke|refer|referred|view|views|regard|"
    "regarded|see|sees|saw|consider as|think|thinks|opinion|stance|"
    "position|praise|spoken|speaking|weigh in|weighed in|weighs in|"
    "weighing in|react|reacted|reacts|respond|responded|responds",
    "move|moves|moved|moving|transfer|transfers|transferred|transferring|"
    "relocate|relocates|relocated|relocating|relocation|shift|shifted|"
    "shifting",
    "peak|peaks|peaked|heyday|height|high point|prime",
    "vote|votes|voted|voting|ballot|ballots|balloted|balloting",
    "factory|factories|plant|plants|facility|facilities|works|mill|mills",
    "close|closes|closed|closing|closure|closures|shut|shuts|shutting|"
    "shut down|shuts down|shutting down|shutdown|close down|closed down",
    "security service|security services|intelligence service|"
    "intelligence services|intelligence agency|spy agency|spy service|"
    "secret service|secret police|spies|spy agencies",
    "ally|allies|allied|partner|partners|friend|friends|alliance|friendly|"
    "close to|closer to|on good terms|on their side|on our side|"
    "on its side|on the same side",
    "fight|fighting|fought|battle|battling|combat|combating|war|struggle|"
    "counter|clash|clashes|conflict",
    "kill|killed|killing|die|died|dead|death|deaths|victim|victims|"
    "fatality|fatalities|life|lives|casualty|casualties|murder|murdered|"
    "slain|toll|death toll|pass away|passed away|passes away|lost their "
    "lives|lost his life|lost her life",
    "attack|attacked|attacks|assault|strike|bombing|bomb|shooting|target|"
    "targeted|targeting|hit|"
    "massacre|raid|terror attack|terrorist attack|atrocity|rampage",
    "responsibility|responsible|behind|claim|claimed|perpetrator|"
    "perpetrate|perpetrated|carry out|carried out|commit|committed|"
    "culprit|attacker|attackers|gunmen|blame|blamed",
    "people|persons|person|civilians|victims|individuals|concertgoers|"
    "visitors|audience",
    "hearing|session|trial|proceeding|proceedings|court date|case|"
    "legal process|legal proceedings|court process|court case|process|legal",
    "consider|considering|considered|review|reviewing|examine|examining|"
    "weigh|deliberate|look at|assess|discuss|take up|look into|think about|"
    "thinking about|thinking of|mull|mulling",
    "decide|decides|deciding|decided|decision|decisions|ruling|rule on|"
    "verdict|judgment|judgement|determine|settle|make the call",
    "law|laws|legislation|bill|act|statute|amendment|legal change|legal|"
    "legal system|"
    "legislative",
    "pass|passed|adopt|adopted|approve|approved|enact|enacted|vote|voted|"
    "sign|signed|agree|agreed|endorse|endorsed|back|backed",
    "allow|allowed|allowing|permit|permitted|enable|enabled|let|"
    "make possible|made possible|authorize|authorise|empower|possible",
    "normalize|normalise|normalized|normalised|normal|normalization|"
    "normalisation|restore|restored",
    "relation|relations|relationship|relationships|ties|tie|contact|"
    "contacts|engagement|engage|engaged|dealings|cooperation|cooperate|"
    "diplomacy|diplomatic|interaction|links|connection|connections",
    "warm|warming|warmed|improve|improved|improving|better|closer|thaw|"
    "friendly|friendlier|friendlier with|cozy|cosy|cozier|cozying up|"
    "cosying up|getting closer|"
    "develop|developing|developed|build|building|built|strengthen|"
    "strengthened|deepen|deepening|closer ties|rapprochement|cozy|cozying|"
    "cosy|cosying|cozy up|cozying up|cosying up|warm up|warming up",
    "recognize|recognise|recognized|recognised|recognizing|recognising|"
    "recognition|acknowledge|acknowledged|legitimize|legitimise|"
    "legitimacy|legitimate",
    "formal|formally|official|officially|full|fully",
    "government|governments|regime|administration|authorities|authority|"
    "rulers|ruler|leadership",
    "rule|rules|ruled|govern|governs|governing|run|runs|running|control|"
    "controls|controlled|in charge|in power|reign|lead|leads|power|rulers|"
    "ruler",
    "seize|seized|seizing|take|took|taken|taking|takeover|take over|"
    "took over|capture|captured|grab|grabbed|assume|assumed|gain|gained|"
    "win|won|came to power|come to power|retake|retook|retaken|recapture|"
    "recaptured|regain|regained|return to power|returned to power",
    "withdraw|withdrawal|withdrew|withdrawn|leave|left|leaving|pull out|"
    "pulled out|pullout|exit|exited|departure|depart|departed|retreat|"
    "retreated|evacuation",
    "invade|invaded|invasion|occupation|occupy|occupied|intervention|"
    "intervene|intervened",
    "visit|visited|visits|visiting|travel|traveled|travelled|trip|trips|"
    "came to|come to|delegation|delegations|hosted|host",
    "invite|invited|invitation|invitations|welcome|welcomed",
    "talk|talks|negotiation|negotiations|negotiate|meeting|meetings|meet|"
    "met|discussion|discussions|dialogue|consultations",
    "despite|although|even though|in spite of|regardless",
    "cease|ceased|stop|stopped|end|ended|halt|halted|quit|renounce|"
    "renounced|abandon|abandoned|give up|gave up|no longer",
    "activity|activities|action|actions|operations|operation|conduct",
    "certain|likely|expected|expect|expects|probably|probable|sure|"
    "anticipated|predicted|forecast|set to|poised",
    "divide|divided|division|divisions|split|disagree|disagreement|differ|"
    "differ on|disunited|at odds",
    "deal|deal with|handle|handling|approach|treat|manage|respond",
    "opposition|oppose|opposed|opponent|opponents|resistance|challenge|"
    "challenger|dissent",
    "rival|rivals|rivalry|enemy|enemies|foe|foes|adversary|adversaries|"
    "competitor|competing",
    "impose|imposed|enforce|enforced|introduce|introduced|apply|applied|"
    "implement|implemented",
    "woman|women|female|females|girl|girls",
    "exchange|exchanges|exchanged|swap|swaps|swapped|trade|traded",
    "release|releases|released|freed|free|freeing|liberate|liberated",
    "increase|increased|increasing|more|grow|grew|growing|rise|rising|"
    "rose|boost|boosted|step up|stepped up",
    "report|reported|reports|reporting|news",
    "edit|edited|editor|editing|write|wrote|written|writer|author|"
    "authored|journalist|byline|credit|credited",
    "publish|published|publisher|outlet|newspaper|site|website|came out|"
    "come out",
    "history|past|background|legacy|baggage",
    "complicated|complex|difficult|troubled|fraught|tense|rocky",
    "country|countries|nation|nations",
    "extreme|strict|harsh|hardline|radical|severe|draconian|rigid",
    "moderate|mild|lenient|relaxed|liberal|soft|softer|milder",
    "maintain|maintained|uphold|upheld|retain|retained|preserve|preserved|"
    "keep in place|kept in place|leave in place|left in place|extend|"
    "extended|continue|continued",
    "chaotic|messy|hasty|hurried|disorderly",
    "reason|reasons|motive|why|cause|because|rationale|purpose",
    "happen|happened|happening|happens|occur|occurred|occurring|event|"
    "taken place|"
    "events|take place|took place",
    "recent|recently|lately|latest|last few months|past few months",
    "month|months",
    "year|years|decade|decades",
    "day|days|date|dates",
    "concert hall|concert|venue|hall|music hall|theater|theatre",
    "pursue|pursued|pursuing|cultivate|cultivated|forge|forged",
    "major|big|large|great|important|key|main",
    "regional|neighbouring|neighboring|nearby|region",
    "international|global|world|worldwide",
    "community|communities",
    "isolation|isolate|isolated|isolating|shun|shunned|ostracize",
    "member|members|representative|representatives|envoy|envoys|delegate|"
    "delegates",
    "prisoner|prisoners|detainee|detainees|captive|captives|hostage|"
    "hostages",
    "jihadist|jihadists|jihadi|islamist|islamists",
    "public|publicly|open|openly|televised|broadcast|press|attend|"
    "attended|attending|attendance|members of the public|the public|"
    "spectators|observers|livestream|livestreamed|live|watch",
    "closed|private|privately|secret|secretly|confidential|in camera|"
    "behind closed doors|closed doors|closed-door",
    "expected move|move|step|measure",
    "bilateral|two-way|one-on-one",
    "since|after|following|ever since",
    "before|prior to|earlier than",
    "decrease|decreased|fewer|less|reduce|reduced|decline|declined|drop",
    "support|supported|back|backing|endorse",
    "oppose|opposed|against|resist",
    "lose|lost|defeat|defeated",
    "accept|accepted|approve|grant|granted",
    "reject|rejected|refuse|refused|deny|denied|turn down|turned down",
    "informal|unofficial|de facto",
    "enemy|enemies|foe|foes|adversary|adversaries|threat",
    "these days|nowadays|at the moment|right now|at present|so far",
    "pave the way|paved the way|paves the way|open the door|opens the door|"
    "opened the door|clear the way|cleared the way|lay the groundwork|"
    "laid the groundwork",
    "the article says|article says|the article said|the text says|"
    "the story says|it says|reading about",
    "stand for|stands for|short for|mean|means|meaning|acronym|"
    "abbreviation|abbreviated",
    "internal|inside|domestic|at home|homegrown|within the country",
    "external|outside|abroad|foreign|from abroad",
};

/* Sorted: nouns whose instances are known by name, so that "which X?"
 * is answered with a name or not at all, and the class they ask for. */
static const struct named_kind {
    const char *word;
    char kind;
} named_kinds[] = {
    {"agencies", 'n'},      {"agency", 'n'},       {"ally", 'n'},
    {"ambassador", 'p'},    {"ambassadors", 'p'},  {"body", 'o'},
    {"capital", 'n'},       {"chairman", 'p'},     {"chief", 'p'},
    {"cities", 'n'},        {"city", 'n'},         {"commander", 'p'},
    {"companies", 'n'},     {"company", 'n'},      {"countries", 'n'},
    {"country", 'n'},       {"court", 'n'},        {"courts", 'n'},
    {"delegate", 'p'},      {"delegates", 'p'},    {"diplomat", 'p'},
    {"diplomats", 'p'},     {"envoy", 'p'},        {"figure", 'p'},
    {"founder", 'p'},       {"governor", 'p'},     {"group", 'n'},
    {"groups", 'n'},        {"head", 'p'},         {"individual", 'p'},
    {"judge", 'n'},         {"judges", 'n'},       {"lawyer", 'n'},
    {"lawyers", 'n'},       {"leader", 'p'},       {"leaders", 'p'},
    {"location", 'l'},      {"man", 'p'},          {"mayor", 'p'},
    {"member", 'p'},        {"members", 'p'},      {"men", 'p'},
    {"minister", 'n'},      {"ministers", 'n'},    {"ministry", 'n'},
    {"nation", 'n'},        {"nations", 'n'},      {"newspaper", 'n'},
    {"official", 'p'},      {"officials", 'p'},    {"organisation", 'o'},
    {"organisations", 'o'}, {"organization", 'o'}, {"organizations", 'o'},
    {"outlet", 'n'},        {"party", 'n'},        {"people", 'p'},
    {"person", 'p'},        {"persons", 'p'},      {"place", 'l'},
    {"places", 'l'},        {"politician", 'p'},   {"politicians", 'p'},
    {"president", 'n'},     {"prisoner", 'n'},     {"prisoners", 'n'},
    {"speaker", 'p'},       {"spokesman", 'n'},    {"spokesperson", 'n'},
    {"spokeswoman", 'n'},   {"state", 'n'},        {"states", 'n'},
    {"town", 'n'},          {"towns", 'n'},        {"victim", 'n'},
    {"victims", 'n'},       {"woman", 'p'},        {"women", 'p'},
};

static const char *const light[] = {
    "abbreviated",
    "abbreviation",
    "above",
    "according",
    "according to",
    "acronym",
    "across",
    "active",
    "actually",
    "affect",
    "affected",
    "affects",
    "again",
    "ago",
    "almost",
    "along",
    "already",
    "also",
    "always",
    "among",
    "anyone",
    "anything",
    "anyway",
    "apparently",
    "approach",
    "around",
    "article",
    "article says",
    "aspect",
    "aspects",
    "at present",
    "at the moment",
    "away",
    "background",
    "based",
    "based on",
    "basically",
    "be",
    "become",
    "becomes",
    "began",
    "begin",
    "being",
    "belong",
    "belongs",
    "besides",
    "bit",
    "briefly",
    "bro",
    "broadly",
    "bruh",
    "btw",
    "can",
    "care",
    "cares",
    "certainly",
    "cited",
    "clearly",
    "come",
    "comes",
    "comes to",
    "coming",
    "completely",
    "concern",
    "concerning",
    "confused",
    "consequence",
    "consequences",
    "context",
    "correct",
    "could",
    "curious",
    "currently",
    "describe",
    "described",
    "description",
    "detail",
    "details",
    "did",
    "differently",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "dude",
    "else",
    "entire",
    "entirely",
    "especially",
    "etc",
    "even",
    "eventually",
    "ever",
    "everything",
    "exact",
    "exactly",
    "exist",
    "exists",
    "explain",
    "fact",
    "facts",
    "fairly",
    "far",
    "feel",
    "few",
    "final",
    "finally",
    "find",
    "first",
    "folks",
    "forget",
    "forgot",
    "form",
    "forms",
    "fully",
    "general",
    "generally",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "gives",
    "go",
    "goes",
    "going",
    "gone",
    "good",
    "got",
    "great",
    "group",
    "groups",
    "guys",
    "happen",
    "happened",
    "happening",
    "happens",
    "hear",
    "heard",
    "hello",
    "here",
    "hey",
    "hi",
    "highkey",
    "hmm",
    "honestly",
    "however",
    "idea",
    "impact",
    "important",
    "include",
    "includes",
    "including",
    "indeed",
    "info",
    "information",
    "instance",
    "involve",
    "involved",
    "involves",
    "it says",
    "itself",
    "keep",
    "kind",
    "largely",
    "later",
    "latest",
    "least",
    "let",
    "level",
    "likely",
    "literally",
    "little",
    "lmao",
    "lol",
    "look",
    "looks",
    "lot",
    "lots",
    "lowkey",
    "main",
    "mainly",
    "make",
    "makes",
    "making",
    "matter",
    "matters",
    "mean",
    "meaning",
    "means",
    "meant",
    "mention",
    "mentioned",
    "mentions",
    "might",
    "more",
    "most",
    "mostly",
    "movement",
    "nah",
    "named",
    "nature",
    "near",
    "nearly",
    "need",
    "needs",
    "new",
    "notable",
    "nothing",
    "now",
    "nowadays",
    "occur",
    "occurred",
    "occurs",
    "off",
    "often",
    "ok",
    "okay",
    "omg",
    "once",
    "ones",
    "only",
    "operate",
    "operates",
    "operating",
    "organisation",
    "organisations",
    "organization",
    "organizations",
    "other",
    "others",
    "otherwise",
    "out",
    "outcome",
    "over",
    "overall",
    "own",
    "part",
    "particular",
    "particularly",
    "partly",
    "perhaps",
    "piece",
    "play",
    "played",
    "plays",
    "please",
    "point",
    "policies",
    "policy",
    "possibly",
    "pretty",
    "probably",
    "procedure",
    "process",
    "put",
    "question",
    "questions",
    "quick",
    "quickly",
    "quite",
    "quote",
    "quoted",
    "rather",
    "re",
    "read",
    "reading",
    "reading about",
    "real",
    "really",
    "regarding",
    "relate",
    "related",
    "relates",
    "relevant",
    "remember",
    "remind",
    "result",
    "results",
    "right now",
    "role",
    "same",
    "see",
    "seem",
    "seems",
    "seen",
    "seriously",
    "shape",
    "short for",
    "significance",
    "significant",
    "simply",
    "situation",
    "so",
    "so far",
    "some",
    "somehow",
    "someone",
    "something",
    "sometimes",
    "somewhat",
    "soon",
    "sort",
    "specific",
    "specifically",
    "stance",
    "stand for",
    "stands for",
    "start",
    "started",
    "still",
    "story",
    "strong",
    "stuff",
    "such",
    "sure",
    "system",
    "take place",
    "taken place",
    "takes place",
    "taking place",
    "talk",
    "talk about",
    "text",
    "than",
    "thank",
    "thanks",
    "the article said",
    "the article says",
    "the story says",
    "the text says",
    "these days",
    "thing",
    "things",
    "though",
    "through",
    "thus",
    "today",
    "together",
    "took place",
    "topic",
    "towards",
    "treat",
    "treated",
    "treatment",
    "treats",
    "true",
    "truly",
    "try",
    "turn",
    "type",
    "types",
    "uh",
    "um",
    "understand",
    "unless",
    "up",
    "upcoming",
    "use",
    "used",
    "useful",
    "uses",
    "using",
    "usual",
    "usually",
    "various",
    "versus",
    "vs",
    "wait",
    "want",
    "way",
    "ways",
    "well",
    "whatever",
    "when it comes to",
    "whole",
    "widely",
    "wonder",
    "wondering",
    "word",
    "words",
    "work",
    "works",
    "yea",
    "yeah",
    "yep",
    "yet",
    "yo",
};

static const struct number_word {
    const char *word;
    double value;
} numbers[] = {
    /* sorted by word */
    {"dozen", 12},      {"dozens", 24},   {"eight", 8},      {"eleven", 11},
    {"fifteen", 15},    {"fifty", 50},    {"five", 5},       {"forty", 40},
    {"four", 4},        {"hundred", 100}, {"hundreds", 200}, {"nine", 9},
    {"seven", 7},       {"six", 6},       {"ten", 10},       {"thirty", 30},
    {"thousand", 1000}, {"three", 3},     {"twelve", 12},    {"twenty", 20},
    {"two", 2},
};

/* For bsearch over tables whose first member is the key string. */
static int
cmp_key(const void *key, const void *row)
{
    return strcmp((const char *)key, *(const char *const *)row);
}

int
bot_lexicon_is_light(const char *word)
{
    return bsearch(word, light, sizeof(light) / sizeof(light[0]),
                   sizeof(light[0]), cmp_key) != NULL;
}

/* Chat idioms that carry no content: "when did they ban them in the first
 * place", "is it public or what". Space-separated, folded words. */
static const char *const idioms[] = {
    /* clang-format off */
    "in the first place", "at all", "or what", "or something", "or smth",
    "for real", "to be honest", "tbh", "by the way", "you know", "i mean",
    "or not", "i guess", "or anything", "and stuff", "and all that",
    "if you will", "not going to lie", "the one", "be able to", "able to",
    "going to be", "going to", "the whole thing", "whole thing", NULL
    /* clang-format on */
};

size_t
bot_lexicon_idiom(const struct bot_words *w, size_t i)
{
    const char *const *p;

    if (i >= w->n)
        return 0;
    for (p = idioms; *p; p++) {
        const char *s = *p;
        size_t k = i;
        if (s[0] != w->w[i].text[0])
            continue;
        while (k < w->n) {
            size_t n = strlen(w->w[k].text);
            if (strncmp(s, w->w[k].text, n) != 0 || (s[n] && s[n] != ' '))
                break;
            k++;
            s += n;
            if (!*s)
                return k - i;
            s++;
        }
    }
    return 0;
}

int
bot_lexicon_named_kind(const char *word)
{
    const struct named_kind *hit =
        bsearch(word, named_kinds, sizeof(named_kinds) / sizeof(named_kinds[0]),
                sizeof(named_kinds[0]), cmp_key);

    return hit ? hit->kind : 0;
}

double
bot_lexicon_number(const char *word)
{
    char *end;
    double v;

    const struct number_word *hit;

    if (word[0] >= '0' && word[0] <= '9') {
        v = strtod(word, &end);
        return *end ? -1 : v;
    }
    hit = bsearch(word, numbers, sizeof(numbers) / sizeof(numbers[0]),
                  sizeof(numbers[0]), cmp_key);
    return hit ? hit->value : -1;
}

/* Pairs of words of opposite meaning, by the concepts of their groups:
 * "Will it be public?" against a hearing behind closed doors. */
static const char *const opposites[][2] = {
    {"public", "closed"},    {"ally", "enemy"},
    {"agree", "divided"},    {"more", "fewer"},
    {"formal", "informal"},  {"increase", "decrease"},
    {"allow", "forbid"},     {"suspend", "impose"},
    {"before", "after"},     {"support", "oppose"},
    {"win", "lose"},         {"accept", "reject"},
    {"extreme", "moderate"}, {"convicted", "acquitted"},
};

const char *
bot_lexicon_group(size_t i)
{
    return i < sizeof(groups) / sizeof(groups[0]) ? groups[i] : NULL;
}

int
bot_lexicon_opposite(size_t i, const char **a, const char **b)
{
    if (i >= sizeof(opposites) / sizeof(opposites[0]))
        return 0;
    *a = opposites[i][0];
    *b = opposites[i][1];
    return 1;
}

/* Auxiliary verbs, with the contracted negatives as chat types them. */
static const char *const auxiliaries[] = {
    "is",     "are",   "was",    "were",  "do",     "does", "did",
    "has",    "have",  "had",    "will",  "would",  "can",  "could",
    "should", "shall", "may",    "might", "must",   "isnt", "arent",
    "wasnt",  "didnt", "doesnt", "hasnt", "havent", "wont", NULL};

int
bot_lexicon_is_aux(const char *word)
{
    size_t i;

    for (i = 0; auxiliaries[i]; i++) {
        if (strcmp(word, auxiliaries[i]) == 0)
            return 1;
    }
    return 0;
}
