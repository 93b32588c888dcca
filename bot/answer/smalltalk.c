/* The talk around the questions. A message is small talk when every word
 * of it belongs to the vocabulary below (greetings, thanks, goodbyes,
 * acknowledgements, and the words that pad them: "thanks a lot guys") and
 * at least one word says which; "who are you?" and "what can you do?" are
 * recognised as whole phrases. The replies name the loaded article. */
#include "bot/answer/smalltalk.h"

#include <ctype.h>
#include <string.h>

#include "bot/answer/digest.h"

enum talk {
    TALK_NONE = 0,
    TALK_ACK = 1,
    TALK_GREET = 2,
    TALK_THANKS = 4,
    TALK_BYE = 8,
    TALK_PAD = 16
};

/* clang-format off */
static const struct {
    const char *word;
    enum talk talk;
} words[] = {
    {"hi", TALK_GREET}, {"hello", TALK_GREET}, {"hey", TALK_GREET},
    {"heya", TALK_GREET}, {"hiya", TALK_GREET}, {"yo", TALK_GREET},
    {"howdy", TALK_GREET}, {"greetings", TALK_GREET}, {"morning", TALK_GREET},
    {"afternoon", TALK_GREET}, {"evening", TALK_GREET}, {"sup", TALK_GREET},
    {"hallo", TALK_GREET}, {"hii", TALK_GREET}, {"heyy", TALK_GREET},
    {"thanks", TALK_THANKS}, {"thank", TALK_THANKS}, {"thx", TALK_THANKS},
    {"ty", TALK_THANKS}, {"tnx", TALK_THANKS}, {"cheers", TALK_THANKS},
    {"appreciated", TALK_THANKS}, {"appreciate", TALK_THANKS},
    {"thanx", TALK_THANKS}, {"tysm", TALK_THANKS}, {"thankyou", TALK_THANKS},
    {"bye", TALK_BYE}, {"goodbye", TALK_BYE}, {"cya", TALK_BYE},
    {"later", TALK_BYE}, {"ttyl", TALK_BYE}, {"night", TALK_BYE},
    {"gn", TALK_BYE}, {"farewell", TALK_BYE}, {"byee", TALK_BYE},
    {"ok", TALK_ACK}, {"okay", TALK_ACK}, {"k", TALK_ACK}, {"kk", TALK_ACK},
    {"okk", TALK_ACK}, {"cool", TALK_ACK}, {"great", TALK_ACK},
    {"nice", TALK_ACK}, {"alright", TALK_ACK}, {"sure", TALK_ACK},
    {"perfect", TALK_ACK}, {"awesome", TALK_ACK}, {"lol", TALK_ACK},
    {"haha", TALK_ACK}, {"wow", TALK_ACK}, {"interesting", TALK_ACK},
    {"understood", TALK_ACK}, {"noted", TALK_ACK}, {"fine", TALK_ACK},
    {"got", TALK_ACK}, {"gotcha", TALK_ACK}, {"see", TALK_ACK},
    {"makes", TALK_ACK}, {"sense", TALK_ACK}, {"yes", TALK_ACK},
    {"yeah", TALK_ACK}, {"yep", TALK_ACK}, {"no", TALK_ACK},
    {"nope", TALK_ACK}, {"hmm", TALK_ACK}, {"oh", TALK_ACK}, {"ah", TALK_ACK},
    {"good", TALK_ACK}, {"excellent", TALK_ACK}, {"neat", TALK_ACK},
    {"helpful", TALK_ACK}, {"right", TALK_ACK}, {"np", TALK_ACK},
    {"you", TALK_PAD}, {"u", TALK_PAD}, {"so", TALK_PAD}, {"much", TALK_PAD},
    {"very", TALK_PAD}, {"a", TALK_PAD}, {"lot", TALK_PAD}, {"all", TALK_PAD},
    {"guys", TALK_PAD}, {"everyone", TALK_PAD}, {"there", TALK_PAD},
    {"again", TALK_PAD}, {"bot", TALK_PAD}, {"newsbot", TALK_PAD},
    {"mate", TALK_PAD}, {"dude", TALK_PAD}, {"folks", TALK_PAD},
    {"for", TALK_PAD}, {"the", TALK_PAD}, {"that", TALK_PAD},
    {"it", TALK_PAD}, {"info", TALK_PAD}, {"help", TALK_PAD},
    {"i", TALK_PAD}, {"and", TALK_PAD}, {"then", TALK_PAD},
    {"your", TALK_PAD},
    {"is", TALK_PAD}, {"was", TALK_PAD}, {"this", TALK_PAD},
    {"just", TALK_PAD}, {"really", TALK_PAD}, {"many", TALK_PAD},
    {"too", TALK_PAD}, {"anyway", TALK_PAD}, {"well", TALK_PAD},
    {"answer", TALK_PAD}, {"answers", TALK_PAD}, {"have", TALK_PAD},
    {"day", TALK_PAD}, {"ya", TALK_PAD}, {"soon", TALK_PAD},
    {"to", TALK_PAD}, {"of", TALK_PAD},
};

static const char *const who_phrases[] = {
    "who are you", "what are you", "are you a bot", "what is your name",
    "whats your name", "what's your name", "who is this", "who made you",
    "introduce yourself", NULL};
/* clang-format on */

static enum talk
word_talk(const char *w, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (words[i].word[0] == w[0] && strlen(words[i].word) == n &&
            strncmp(w, words[i].word, n) == 0)
            return words[i].talk;
    }
    return TALK_NONE;
}

/* The talk classes @s is made of, or TALK_NONE if any word is not talk. */
static unsigned
read_talk(const char *s)
{
    unsigned seen = 0;
    const char *p = s;

    while (*p) {
        size_t n = 0;
        enum talk t;
        if (!isalnum((unsigned char)*p)) {
            /* a word in another script, or an emoji: not small talk
             * words, but emojis pad ("thanks 🙏") */
            if ((unsigned char)*p >= 0x80 && (unsigned char)*p < 0xf0 &&
                (unsigned char)*p != 0xe2)
                return TALK_NONE;
            p++;
            continue;
        }
        while (isalnum((unsigned char)p[n]))
            n++;
        /* "thanksss", "byeee", "heyyy" */
        while (n > 2 && p[n - 1] == p[n - 2] && word_talk(p, n) == TALK_NONE)
            n--;
        t = word_talk(p, n);
        if (t == TALK_NONE)
            return TALK_NONE;
        seen |= t;
        while (isalnum((unsigned char)*p))
            p++;
    }
    return seen & ~(unsigned)TALK_PAD;
}

/* True if @s is @phrase with nothing but punctuation or padding around. */
static int
is_phrase(const char *s, const char *const *phrases)
{
    for (; *phrases; phrases++) {
        const char *at = strstr(s, *phrases);
        char rest[256];
        if (!at || strlen(s) >= sizeof(rest))
            continue;
        memcpy(rest, s, (size_t)(at - s));
        memcpy(rest + (at - s), at + strlen(*phrases),
               strlen(at + strlen(*phrases)) + 1);
        if (read_talk(rest) != TALK_NONE ||
            strspn(rest, " ?!.,:@") == strlen(rest))
            return 1;
    }
    return 0;
}

/* Names the article: "“Title” (DW News, 31 March 2025)". */
static void
add_article(const struct bot_kb *kb, struct bot_reply *r)
{
    char pub[48];

    bot_date_format(&kb->published, pub, sizeof(pub));
    bot_reply_add(r, "\"%s\" (%s, %s)", kb->title ? kb->title : "untitled",
                  kb->outlet ? kb->outlet : "unknown outlet", pub);
}

int
bot_smalltalk_answer(const struct bot_kb *kb, const char *folded,
                     struct bot_reply *r)
{
    unsigned talk;
    char example[160];

    /* "what can you do?" asks for the help, which command.c gives */
    if (is_phrase(folded, who_phrases)) {
        bot_digest_example(kb, example, sizeof(example));
        bot_reply_init(r, BOT_KIND_SMALLTALK);
        bot_reply_add(r, "I'm newsbot: I answer questions about one article, ");
        add_article(kb, r);
        bot_reply_add(r,
                      ". Ask me who, what, when, where or why, for "
                      "example \"%s\", or say \"summary\", \"timeline\" "
                      "or \"help\".",
                      example);
        return 1;
    }
    talk = read_talk(folded);
    if (talk == TALK_NONE)
        return 0;
    bot_reply_init(r, BOT_KIND_SMALLTALK);
    if ((talk & TALK_THANKS) && (talk & TALK_BYE))
        bot_reply_add(r, "You're welcome. Bye!");
    else if (talk & TALK_BYE)
        bot_reply_add(r, "Bye! Ask me again any time.");
    else if (talk & TALK_THANKS)
        bot_reply_add(r, "You're welcome! Anything else about the article?");
    else if (talk & TALK_GREET) {
        bot_digest_example(kb, example, sizeof(example));
        bot_reply_add(r, "Hi! I answer questions about ");
        add_article(kb, r);
        bot_reply_add(r, ". Try \"%s\" or \"summary\".", example);
    } else {
        bot_reply_add(r, "Anything else you'd like to know about the "
                         "article?");
    }
    return 1;
}
