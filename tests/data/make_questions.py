#!/usr/bin/env python3
"""newsbot's own question set about the seed article (DW News, 31 March 2025:
Russia's Prosecutor General asks the Supreme Court to suspend the Taliban ban).

Distinct from the shared development set: different wording, more sloppy /
typo / Unicode input, true- and false-premise yes/no questions, conversations
and many questions the article does not answer.

Each case: id, cat, text, expect (groups; one alternative of each group must
appear as a whole phrase, case-insensitive), forbid, abstain, now, channel,
max_len.  Standalone cases get their own channel "c<id>"; conversations share
a "conv-*" channel and are asked in order.

Run: python3 make_questions.py > questions.jsonl
"""
import json

NOW = "2026-11-29"
FACT = 450
LONG = 1600

# accepted spellings of the article's key facts
A17 = ["april 17", "17 april", "apr 17", "17 apr", "2025-04-17", "april 17th", "17th april",
       "17th of april"]
J24 = ["july 2024", "2024-07", "july of 2024", "jul 2024"]
M24 = ["march 2024", "2024-03", "march of 2024", "mar 2024"]
D24 = ["december 2024", "2024-12", "december of 2024", "dec 2024"]
A21 = ["august 2021", "2021-08", "august of 2021", "aug 2021"]
Y2003 = ["2003"]
Y2023 = ["2023"]
MON = ["monday", "march 31", "31 march", "2025-03-31", "mar 31"]
PG = ["prosecutor general", "prosecutor general's office", "prosecutor-general"]
ISK = ["is-k", "islamic state of khorasan", "islamic state", "isis-k"]
SC = ["supreme court"]
FSB = ["fsb"]
NO = ["no", "not"]
YES = ["yes"]
CLOSED = ["closed doors", "behind closed doors", "closed-door", "not public", "private",
          "not be public", "not open"]
SUSPEND = ["suspend", "suspending", "suspension", "lift", "lifting", "lifted"]
NORMAL = ["normalize", "normalise", "normalizing", "normalising", "normalization",
          "normalisation", "normal relations"]
REMOVE = ["remove", "removes", "removing", "take", "takes", "off the list", "delist",
          "delists"]
TERROR = ["terrorism", "terrorist", "terrorists", "is-k", "islamic state"]
PRISON = ["prisoner", "prisoners"]
TWENTY = ["20", "twenty"]
PASSED = ["passed", "past", "already", "no upcoming", "was scheduled", "was due", "ago"]
ASK = ["ask", "asking", "question", "questions"]

cases = []


def q(cat, text, expect=None, forbid=None, abstain=False, now=NOW, channel=None,
      max_len=None):
    cases.append({
        "cat": cat, "text": text, "expect": expect or [], "forbid": forbid or [],
        "abstain": abstain, "now": now, "channel": channel,
        "max_len": max_len or (LONG if cat in ("summary", "timeline") else FACT),
    })


# ---------------------------------------------------------------- who
q("who", "Which office petitioned Russia's top court about the Taliban ban?", [PG])
q("who", "Which court is handling the request to lift the Taliban ban?", [SC])
q("who", "Which Russian leader described the Taliban as a partner against terrorism?",
  [["putin"]])
q("who", "Who claimed responsibility for the attack on the Moscow concert venue?", [ISK])
q("who", "Which group have the Taliban been battling inside Afghanistan for years?", [ISK])
q("who", "Which agency takes an organisation off Russia's terror list after a court rules?",
  [FSB])
q("who", "Which body voted through the law on suspending terror bans?",
  [["parliament", "lawmakers", "legislature", "duma"]])
q("who", "Who is in charge of Afghanistan these days?", [["taliban"]])
q("who", "Who invited Taliban representatives to Russia for talks?", [["kremlin", "moscow"]])
q("who", "Name the country that took the Taliban off its own terrorist list in late 2023.",
  [["kazakhstan"]])
q("who", "Who was the US president during the recent prisoner swaps with the Taliban?",
  [["trump"]])
q("who", "Who broke the news that the prosecutors had gone to court?",
  [["news agencies", "russian news agencies", "news agency"]])
q("who", "Which editor is credited on this piece?", [["richard connor"]])
q("who", "Which outlet published this story?", [["dw", "deutsche welle"]])
q("who", "Whose forces pulled out of Afghanistan chaotically in 2021?",
  [["us", "us-led", "united states", "american", "america"]])
q("who", "Who has no opposition either at home or abroad?", [["taliban"]])
q("who", "Who has to certify that a group has stopped its terrorist activity?", [PG])
q("who", "Which of Russia's partners are getting closer to the Taliban too?",
  [["central asia", "central asian", "kazakhstan"]])

# ---------------------------------------------------------------- when
q("when", "When did Russia first outlaw the Taliban?", [Y2003])
q("when", "What date has the Supreme Court set for the session on the Taliban?", [A17])
q("when", "In which month and year did Putin call the Taliban an ally?", [J24])
q("when", "When did IS-K strike the concert hall near Moscow?", [M24])
q("when", "When did the Taliban take over Afghanistan?", [A21])
q("when", "What year did American troops pull out of Afghanistan?", [["2021"]])
q("when", "When did Russian lawmakers approve the law that lets bans be suspended?", [D24])
q("when", "When did Kazakhstan delist the Taliban?", [Y2023])
q("when", "When did the Soviets invade Afghanistan?", [["1980s", "80s"]])
q("when", "On what day did Russian news agencies report the prosecutor's move?", [MON])
q("when", "In which month is the top court expected to scrap the ban?", [["april"]])
q("when", "Since when has Moscow been warming up to the Taliban?",
  [["2021", "us withdrawal"]])
q("when", "What happened in December 2024?", [["law"]])
q("when", "What took place in Moscow in March 2024?", [["attack", "attacked"]])
q("when", "What did Russia do regarding the Taliban in 2003?",
  [["ban", "banned", "list", "listed", "terrorist"]])
q("when", "What happened at the end of 2023?", [["kazakhstan"]])
q("when", "What happened in August 2021?",
  [["power", "seized", "took over", "takeover", "withdrawal", "withdrew"]])
q("when", "When is the closed-door hearing?", [A17])

# ---------------------------------------------------------------- what
q("what", "What exactly is the Prosecutor General asking the judges to do?", [SUSPEND])
q("what", "What sort of list has the Taliban been on in Russia since 2003?",
  [["terrorist", "terror"]])
q("what", "What did Putin say about the Taliban?", [["ally", "allies"]])
q("what", "What does IS-K stand for?", [["islamic state of khorasan"]])
q("what", "How does the article describe IS-K?", [["jihadist", "rival"]])
q("what", "What did IS-K claim responsibility for?", [["concert", "concert hall"]])
q("what", "What does the law passed in December allow?", [SUSPEND])
q("what", "What did the new law pave the way for?", [NORMAL])
q("what", "What must the prosecutor state for a ban to be suspended?",
  [["ceased", "stopped", "ended", "no longer", "cease"]])
q("what", "What role does the FSB play in this process?", [REMOVE])
q("what", "What is the FSB?", [["security service"]])
q("what", "What name does the Taliban use for its state?",
  [["islamic emirate of afghanistan", "islamic emirate"]])
q("what", "What kind of law has the Taliban imposed?", [["islamic law", "sharia"]])
q("what", "How are women affected by the Taliban's rules?", [["public life"]])
q("what", "How is the Taliban dealing with the big powers in its region?", [["bilateral"]])
q("what", "What is the international community split over?",
  [["deal", "dealing", "handle", "isolation", "isolate", "isolating"]])
q("what", "What kind of contact have Washington and the Taliban had lately?", [PRISON])
q("what", "What kind of history does Moscow have with Afghanistan?",
  [["complicated", "soviet", "invasion"]])
q("what", "What happened to Russia-Taliban relations after the US pulled out?",
  [["warm", "warmed", "warming", "improved", "closer", "better"]])
q("what", "What did Taliban members do in Russia despite the ban?",
  [["visit", "visited", "talks"]])
q("what", "What is Russia's Supreme Court going to look at on April 17?",
  [["ban", "suspend", "suspension"]])
q("what", "What's the likely outcome of the court hearing?", [SUSPEND])
q("what", "What kind of movement is the Taliban?", [["islamic"]])
q("what", "What is Russia considering doing about the Taliban?", [SUSPEND])
q("what", "How did the US-led withdrawal from Afghanistan go?", [["chaotic"]])
q("what", "What would lifting the ban NOT mean?", [["recognition", "recognize", "recognise"]])
q("what", "What did Kazakhstan do about the Taliban?",
  [["removed", "remove", "lifted", "delisted", "dropped", "took"]])

# ---------------------------------------------------------------- where
q("where", "In which city did IS-K carry out the concert hall attack?", [["moscow"]])
q("where", "Where is IS-K fighting the Taliban?", [["afghanistan"]])
q("where", "In what region are the Russian allies who are warming to the Taliban?",
  [["central asia"]])
q("where", "Where did Taliban members travel for talks despite being banned?",
  [["russia", "moscow"]])
q("where", "where's the hearing taking place", [SC])
q("where", "Which country did the Soviet Union invade in the 1980s?", [["afghanistan"]])
q("where", "Where does the Taliban govern?", [["afghanistan"]])
q("where", "Where was this story published?", [["dw", "deutsche welle"]])

# ---------------------------------------------------------------- why
q("why", "Why does Moscow see the Taliban as a partner?", [TERROR])
q("why", "Why could Russia and the Taliban be said to share an enemy?", [ISK])
q("why", "Why is Russia now able to lift a terrorist ban at all?", [["law"]])
q("why", "Why is Russia's history with Afghanistan complicated?", [["soviet", "invasion"]])
q("why", "Why are women largely shut out of public life in Afghanistan?",
  [["islamic law", "sharia"]])
q("why", "Why is the Prosecutor General involved in this?",
  [["request", "asked", "law", "petition"]])
q("why", "Why have the US and the Taliban been talking recently?", [PRISON])
q("why", "Why does IS-K matter to Russia?", [["attack", "concert", "moscow"]])

# ---------------------------------------------------------------- howmany
q("howmany", "What was the death toll of the concert hall attack?", [["140"]])
q("howmany", "How many years of war came before the Taliban takeover?", [TWENTY])
q("howmany", "How many countries recognise the Taliban government?",
  [["no country", "none", "zero", "0", "no countries", "not a single", "no nation",
    "no state"]])
q("howmany", "For how long have the Taliban been fighting IS-K?", [["years"]])
q("howmany", "How many years had the Taliban been on Russia's banned list when the "
  "request was made?", [["22", "twenty-two", "twenty two"]])
q("howmany", "how many years did the us stay in afghanistan", [TWENTY])
q("howmany", "How many years passed between Russia banning the Taliban and the Taliban "
  "seizing power?", [["18", "eighteen"]])

q("howmany", "how long ago was the moscow concert attack",
  [["2 years and 8 months"], M24])
q("howmany", "how long ago was the hearing", [["1 year and 7 months"], A17])
q("howmany", "how long after the taliban takeover did kazakhstan delist them",
  [["2 years"], A21], forbid=["to August 2021"])
q("howmany", "how mny ppl died in the moscow consert attack", [["140"]])

# ---------------------------------------------------------------- yesno
q("yesno", "Did the Russian parliament pass the law in 2019?", [NO, D24], forbid=["yes"])
q("yesno", "Was the Taliban put on Russia's terror list in 2003?", [YES])
q("yesno", "Did the IS-K attack kill fewer than 50 people?", [NO, ["140"]], forbid=["yes"])
q("yesno", "Is the hearing going to be open to the public?", [CLOSED], forbid=["yes"])
# a name the article never mentions, in place of its actor or place
q("yesno", "Was the concert hall attack carried out in Paris?", [NO, ["moscow"]], forbid=["yes"])
q("yesno", "Did Turkmenistan drop the Taliban from its terror list at the end of 2023?", [NO, ["kazakhstan"]], forbid=["yes"])
q("yesno", "Did Putin call the Taliban an ally in 2022?", [NO, J24], forbid=["yes"])
q("yesno", "Was it the FSB that asked the Supreme Court to lift the ban?", [NO, PG],
  forbid=["yes"])
q("yesno", "Has Kazakhstan taken the Taliban off its list of banned groups?", [YES])
q("yesno", "Did the Taliban seize power in 2001?", [NO, ["2021"]], forbid=["yes"])
q("yesno", "Is the Supreme Court expected to lift the ban?",
  [["yes", "almost certain", "likely", "expected"]])
q("yesno", "So Russia will officially recognise the Taliban government after this, right?",
  [NO], forbid=["yes"])
q("yesno", "Did the US-led war in Afghanistan last 10 years?", [NO, TWENTY], forbid=["yes"])
q("yesno", "Were Taliban members invited to Russia even while the group was banned?", [YES])
q("yesno", "Do the Taliban face strong opposition inside Afghanistan?", [NO], forbid=["yes"])
q("yesno", "Did the Soviet Union invade Afghanistan in the 1980s?", [YES])
q("yesno", "Was the concert hall attack in St Petersburg?", [NO, ["moscow"]], forbid=["yes"])
q("yesno", "Is IS-K an ally of the Taliban?", [NO], forbid=["yes"])
q("yesno", "Have the Taliban been fighting IS-K?", [YES])
q("yesno", "Did Kazakhstan drop its Taliban ban in 2020?", [NO, Y2023], forbid=["yes"])
q("yesno", "Does China recognize the Taliban government?", [NO], forbid=["yes"])
q("yesno", "Has engagement between the US and the Taliban increased under Trump?", [YES])
q("yesno", "Was the request filed by Russia's Justice Ministry?", [NO, PG], forbid=["yes"])
q("yesno", "Can the FSB remove a group from the list once a court has decided?", [YES])
q("yesno", "Had the Supreme Court already lifted the ban when the article came out?", [NO],
  forbid=["yes"])
q("yesno", "Did more than 100 people die in the Moscow concert hall attack?",
  [YES, ["140"]])

q("yesno", "is the hearing still coming up", [NO, A17, ["ago"]])
q("yesno", "is the court hearing still ahead?", [NO, A17])
q("yesno", "Is the hearing still coming up?", [YES, A17], now="2025-04-10")

q("yesno", "did medvedev call the taliban an ally", [NO, ["putin"]])
q("yesno", "did uzbekistan take the taliban off its terror list in 2023",
  [NO, ["kazakhstan"]], forbid=["yes"])

q("what", "what has the us been doing with the taliban", [PRISON])

q("yesno", "more than 200 died in the moscow attack?", [NO, ["140"]])
q("yesno", "so the us under trump has zero contact with the taliban", [NO],
  forbid=["yes"])
q("yesno", "the hearing is on april 20?", [NO, A17])
q("yesno", "putin called them an ally?", [YES, ["putin"]])

q("yesno", "The Taliban came to power in 2019, didn't they?", [NO, A21])
q("howmany", "How many days after the report is the court hearing?", [["17 days"]])
q("howmany", "As of the article, how long had the Taliban been on Russia's "
  "banned list?", [["22 years"]])
q("when", "how many days until the moscow attack", [M24, ["ago"]],
  forbid=["17 April"])
q("who", "who's the russian leader that said the taliban are on their side?",
  [["putin"]])

q("who", "who wrote this?", [["richard connor"]])
q("when", "when was this published?", [MON])
q("who", "who published this?", [["dw"]])

# ---------------------------------------------------------------- robust
q("robust", "putin ally when", [J24])
q("robust", "kazakhstan taliban list?", [["2023", "removed", "delisted"]])
q("robust", "When is the Supreme Cort hearing?", [A17])
q("robust", "what did the prosecuter general ask for", [SUSPEND])
q("robust", "When did Kazakstan delist the taliban", [Y2023])
q("robust", "who\u2019s the taliban\u2019s rival in afghanistan", [ISK])
q("robust", "what\u2019s the \u201cIslamic Emirate of Afghanistan\u201d?", [["taliban"]])
q("robust", "russia blacklisted taliban year", [Y2003])
q("robust", "moscow attack death toll", [["140"]])
q("robust", "concert hall attack who", [ISK])
q("robust", "fsb role?", [REMOVE])
q("robust", "law dec 2024 what", [SUSPEND])
q("robust", "Talibn takeover date", [A21])
q("robust", "women under taliban??", [["public life"]])
q("robust", "Did Russian lawmakers pass the bill in Decmber?", [YES])
q("robust", "WHEN IS THE HEARING", [A17])
q("robust", "sovet invasion afghanistan when", [["1980s", "80s"]])
q("robust", "us taliban engagement trump how", [PRISON])
q("robust", "which country dropped taliban from terror list 2023", [["kazakhstan"]])
q("robust", "Who\u2019s calling the Taliban an \u201cally\u201d?", [["putin"]])
q("robust", "top court taliban ruling date?", [A17])
q("robust", "security service that removes groups from the list?", [FSB])
q("robust", "any country recognize taliban govt?", [["no", "none", "not"]], forbid=["yes"])
q("robust", "who petitioned the supreme court re taliban", [PG])
q("robust", "how long was the us war in afghanistan", [TWENTY])
q("robust", "islamic state khorasan vs taliban?",
  [["rival", "fight", "fighting", "fought", "battling", "enemy", "enemies"]])
q("robust", "prosecutor general\u2019s office did what?",
  [["asked", "request", "requested", "suspend", "petitioned"]])
q("robust", "Whn was the Taliban outlawed in Russia", [Y2003])
q("robust", "hearing open to press??", [CLOSED], forbid=["yes"])

q("robust", "when did russia outlaw the talibs", [Y2003])

q("abstain", "how many us troops were still in afghanistan when they left",
  abstain=True)

q("abstain", "how many people were injured in the moscow attack", abstain=True,
  forbid=["more than 140"])

# ---------------------------------------------------------------- summary
q("summary", "tl;dr", [["taliban"], ["ban"]])
q("summary", "give me the gist", [["taliban"], ["ban"]])
q("summary", "key points?", [["taliban"], ["ban"], SC])
q("summary", "summarize in one sentence", [["taliban"], ["ban"]], max_len=FACT)
q("summary", "What's this article about?", [["taliban"], ["russia"]])
q("summary", "Could you sum up the piece for me?", [["taliban"], ["ban"]])
q("summary", "brief overview pls", [["taliban"]])

q("summary", "I missed the news, what's going on with Russia and the Taliban?",
  [["russia"], SUSPEND])
q("summary", "bring me up to speed", [["russia"], SUSPEND])

# ---------------------------------------------------------------- command
q("command", "help", [ASK])
q("command", "what can you do?", [ASK])
q("command", "how do i use this bot", [ASK])
q("command", "What kind of questions can I ask you?", [ASK])

# ---------------------------------------------------------------- timeline
q("timeline", "key dates?", [Y2003, ["2021"], ["2024"], A17])
q("timeline", "what's next?", [A17, ["14 days", "fourteen days", "two weeks", "2 weeks"]],
  now="2025-04-03")
q("timeline", "how long until the hearing?", [["7 days", "seven days", "a week", "one week"]],
  now="2025-04-10")
q("timeline", "is the hearing today?", [["yes", "today"]], forbid=["no"], now="2025-04-17")
q("timeline", "anything coming up?", [A17, PASSED])
q("timeline", "what's the latest development?",
  [["prosecutor", "request", "monday", "asked"]], now="2025-03-31")
q("timeline", "How many days until the Supreme Court takes up the ban?",
  [["17 days", "seventeen days"]], now="2025-03-31")
q("timeline", "Is the court hearing this week?", [["yes", "tomorrow"]], now="2025-04-16")
q("timeline", "Has the hearing happened yet?", [["no", "not yet"], A17], forbid=["yes"],
  now="2025-04-03")
q("timeline", "Put the events in chronological order", [Y2003, ["2021"], A17])
q("timeline", "when is the hearing", [A17, PASSED], now="2025-04-20")

# ---------------------------------------------------------------- followup
# f1: the hearing
q("followup", "Tell me about the upcoming court hearing on the Taliban", [SC], channel="f1")
q("followup", "when is it?", [A17], channel="f1")
q("followup", "will it be public?", [CLOSED], forbid=["yes"], channel="f1")
q("followup", "who asked for it?", [PG], channel="f1")
# f2: Putin
q("followup", "Which Russian leader has spoken about the Taliban?", [["putin"]], channel="f2")
q("followup", "what did he say?", [["ally", "allies"]], channel="f2")
q("followup", "when?", [J24], channel="f2")
# f3: IS-K
q("followup", "Who is IS-K?", [["islamic state", "jihadist"]], channel="f3")
q("followup", "what did they do in Moscow?", [["concert", "attack"]], channel="f3")
q("followup", "when did that happen?", [M24], channel="f3")
q("followup", "how many died?", [["140"]], channel="f3")
q("followup", "and how many were injured?", abstain=True, channel="f3")
# f4: Kazakhstan
q("followup", "Which country already removed the Taliban from its terror list?",
  [["kazakhstan"]], channel="f4")
q("followup", "when?", [Y2023], channel="f4")
q("followup", "is that country close to russia?", [["yes", "ally", "allies"]], channel="f4")
# f5: follow-up without any context
q("followup", "And when was that?", abstain=True, channel="f5")
# f6/f7: context must not leak across channels
q("followup", "Tell me about the Supreme Court hearing.", [["ban", "taliban"]], channel="f6")
q("followup", "when?", abstain=True, channel="f7")
# f8: the law
q("followup", "What law did Russia's legislature pass?", [SUSPEND], channel="f8")
q("followup", "when was it passed?", [D24], channel="f8")
q("followup", "what did it pave the way for?", [NORMAL], channel="f8")
q("followup", "who takes the group off the list afterwards?", [FSB], channel="f8")
# f9: takeover
q("followup", "When did the Taliban seize power?", [A21], channel="f9")
q("followup", "who withdrew at that time?",
  [["us", "us-led", "united states", "american", "america"]], channel="f9")
q("followup", "after how many years of war?", [TWENTY], channel="f9")
# f10: US engagement
q("followup", "How is Washington engaging with the Taliban nowadays?", [PRISON], channel="f10")
q("followup", "under which president?", [["trump"]], channel="f10")
# f11: Soviet history
q("followup", "What did the Soviet Union do in Afghanistan?", [["invasion", "invaded"]],
  channel="f11")
q("followup", "in which decade?", [["1980s", "80s"]], channel="f11")
# f12: women
q("followup", "How does the Taliban treat women?", [["public life"]], channel="f12")
q("followup", "based on what?", [["islamic law", "sharia"]], channel="f12")

# ---------------------------------------------------------------- abstain
for text in [
    "What's the Taliban leader called?",
    "How many people work for the FSB?",
    "What did the Supreme Court decide on April 17?",
    "Which judges will hear the Taliban case?",
    "What is the population of Kazakhstan?",
    "What was the name of the concert hall that was attacked?",
    "How many people were injured in the concert hall attack?",
    "How long did the Soviet occupation of Afghanistan last?",
    "What does the US government think about Russia lifting the ban?",
    "How old is Vladimir Putin?",
    "When was the Taliban movement founded?",
    "What's the weather like in Kabul today?",
    "Who won the last football World Cup?",
    "qwpoeiru zmxn",
    "In what year did Soviet troops pull out of Afghanistan?",
    "How many prisoners were exchanged between the US and the Taliban?",
    "Who drafted the law on suspending terrorist bans?",
    "What is the name of Russia's Prosecutor General?",
    "Who heads the FSB?",
    "How many IS-K fighters are there in Afghanistan?",
    "Has Uzbekistan taken the Taliban off its terror list?",
    "What time of day will the hearing start?",
    "Which Russian city did the Taliban delegations visit?",
    "How many votes did the December law get in parliament?",
    "What is the capital of Kazakhstan?",
    "Who is the president of Kazakhstan?",
    "How much damage did the Moscow concert hall attack cause?",
    "What's a good recipe for borscht?",
    "Who led IS-K at the time of the Moscow attack?",
    "What did Trump say about Russia's Taliban ban?",
    "Which Taliban prisoners did the US release?",
    "When did Richard Connor join DW?",
    "How many Soviet soldiers died in Afghanistan?",
    "When will Afghanistan hold elections?",
    "Who edited the Russian law?",
]:
    q("abstain", text, abstain=True)


if __name__ == "__main__":
    for i, c in enumerate(cases, 1):
        cid = "q%03d" % i
        out = {"id": cid, "cat": c["cat"], "text": c["text"], "expect": c["expect"],
               "forbid": c["forbid"], "abstain": c["abstain"], "now": c["now"],
               "channel": ("conv-" + c["channel"]) if c["channel"] else "c" + cid,
               "max_len": c["max_len"]}
        print(json.dumps(out, ensure_ascii=False))
