"""What every platform flood shares: the mix of questions it sends in turn
(so that the Slack and Mattermost figures compare), and how it reads the
bot's peak memory and its latency percentiles."""

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


def peak_kib(pid):
    """The peak resident memory of process @pid (VmHWM), in KiB, or 0."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pct(xs, p):
    """The @p quantile (0..1) of @xs, 0.0 if empty."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else 0.0
