"""The questions every platform flood sends, in turn: one mix, so that the
Slack and Mattermost figures compare."""

QUESTIONS = [
    "when is the court hearing?",
    "who asked the court to lift the ban?",
    "why was the Taliban banned?",
    "how many people died in the Crocus attack?",
    "summary",
    "is the hearing public?",
    "when did the Taliban take power?",
    "what did Putin call the Taliban?",
    "did Kazakhstan remove the Taliban from its list?",
    "who is Lavrov?",
    "what is IS-K?",
    "what is coming up?",
]
